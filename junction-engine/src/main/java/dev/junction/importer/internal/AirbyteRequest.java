package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code request:} of a stream from an Airbyte {@code HttpRequester}: the first stream's
 * {@code url_base} becomes the connector's base URL (a literal: the config field {@code baseUrl} with it
 * as default; a template over config fields: the {@code baseUrl} template itself), a stream with
 * another {@code url_base} gets it in front of its path. {@code path}, {@code http_method},
 * {@code request_parameters} (with the paginator's page size), {@code request_headers} and a
 * {@code request_body_json} of literals (with the paginator's body variables) follow; a secret in a
 * path or query value is refused (Junction keeps secrets out of URLs), with a note.
 */
final class AirbyteRequest {
    private final AirbyteTemplates templates;
    private final ApiDescription api;
    private String urlBase;

    AirbyteRequest(AirbyteTemplates templates, ApiDescription api) {
        this.templates = templates;
        this.api = api;
    }

    /** The request keys, or null (noted) when the stream has no path Junction can send. */
    Map<String, Object> read(JsonNode r, String where, Map<String, String> partition, AirbytePaging.Decision pages, JsonNode params) {
        String prefix = base(r.path("url_base").asText(""), where);
        JsonNode pathNode = r.has("path") ? r.get("path") : params.path("path");
        String path = pathNode.isTextual() ? templates.template(pathNode.asText(), where + " path", partition) : null;
        if (path == null || AirbyteFields.namesSecret(path)) {
            api.needsHuman.add(where + ": " + (path == null ? "no path Junction can send" : "its path names a secret (Junction keeps secrets out of URLs)")
                    + "; not imported");
            return null;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        String method = r.path("http_method").asText("GET").toUpperCase(Locale.ROOT);
        if (!method.equals("GET")) {
            request.put("method", method);
        }
        request.put("path", prefix + (path.startsWith("/") || path.isEmpty() ? "" : "/") + path);
        Map<String, Object> query = new LinkedHashMap<>();
        if (r.path("request_parameters").isObject()) {
            templates.map(r.get("request_parameters"), where + " request_parameters", partition).forEach((k, v) -> {
                if (AirbyteFields.namesSecret(String.valueOf(v))) {
                    api.needsHuman.add(where + " request_parameters." + k + " names a secret; Junction keeps secrets out of URLs: left out"
                            + " (an API key in the query is auth: { type: api-key, in: query })");
                } else {
                    query.put(k, v);
                }
            });
        }
        query.putAll(pages.query());
        if (!query.isEmpty()) {
            request.put("query", query);
        }
        if (r.path("request_headers").isObject()) {
            Map<String, Object> headers = templates.map(r.get("request_headers"), where + " request_headers", partition);
            if (!headers.isEmpty()) {
                request.put("headers", headers);
            }
        }
        String body = body(r.path("request_body_json"), where, pages);
        if (body != null) {
            request.put("body", body);
        }
        errorHandler(r.path("error_handler"), where);
        return request;
    }

    /** The path prefix of a stream: empty when its url_base is the connector's (the first one read), else its url_base. */
    private String base(String url, String where) {
        String trimmed = url.replaceAll("/+$", "");
        if (urlBase == null) {
            urlBase = trimmed;
            if (url.isEmpty()) {
                api.needsHuman.add(where + ": no url_base; every connection sets config.baseUrl");
            } else if (!AirbyteTemplates.isTemplate(url)) {
                api.baseUrl = trimmed;
            } else {
                String template = templates.template(trimmed, where + " url_base", Map.of());
                if (template == null || AirbyteFields.namesSecret(template)) {
                    api.needsHuman.add(where + ": url_base '" + url + "' is not a template over config fields; every connection sets config.baseUrl");
                } else {
                    api.baseUrlTemplate = template;
                }
            }
            return "";
        }
        if (trimmed.equals(urlBase) || trimmed.isEmpty()) {
            return "";
        }
        String template = templates.template(trimmed, where + " url_base", Map.of());
        if (template == null || AirbyteFields.namesSecret(template)) {
            api.needsHuman.add(where + ": its url_base '" + url + "' differs from the connector's and cannot be sent; its path is under the connector's");
            return "";
        }
        api.guessed.add(where + ": its url_base differs from the first stream's; its path is the whole URL " + template + "/...");
        return template;
    }

    /** A JSONata object of the literal body fields and the pagination's variables, or null for no body. */
    private String body(JsonNode json, String where, AirbytePaging.Decision pages) {
        StringJoiner fields = new StringJoiner(", ", "{ ", " }");
        boolean any = false;
        if (json.isObject()) {
            for (var it = json.fields(); it.hasNext();) {
                var e = it.next();
                if (e.getKey().equals("$parameters")) {
                    continue;
                }
                if (e.getValue().isTextual() && AirbyteTemplates.isTemplate(e.getValue().asText()) || e.getValue().toString().contains("{{")) {
                    api.needsHuman.add(where + " request_body_json." + e.getKey() + ": a template in a JSON body has no Junction form (the body is JSONata"
                            + " over the paging variables); left out: " + e.getValue());
                    continue;
                }
                fields.add(quote(e.getKey()) + ": " + e.getValue());
                any = true;
            }
        } else if (!json.isMissingNode()) {
            api.needsHuman.add(where + ": request_body_json that is not an object (" + json.getNodeType() + ") is not mapped");
        }
        for (Map.Entry<String, String> e : pages.body().entrySet()) {
            fields.add(quote(e.getKey()) + ": " + e.getValue());
            any = true;
        }
        return any ? fields.toString() : null;
    }

    private static String quote(String key) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(key).toString();
    }

    private void errorHandler(JsonNode handler, String where) {
        if (handler.isMissingNode()) {
            return;
        }
        StringJoiner what = new StringJoiner("; ");
        JsonNode handlers = handler.path("type").asText("").equals("CompositeErrorHandler") ? handler.path("error_handlers") : null;
        for (JsonNode h : handlers == null ? java.util.List.of(handler) : handlers) {
            h.path("response_filters").forEach(f -> what.add("response filter " + f.path("action").asText("?")
                    + (f.has("http_codes") ? " on " + f.get("http_codes") : "") + (f.has("error_message_contains") ? " on '" + f.get("error_message_contains").asText() + "'" : "")
                    + (f.has("predicate") ? " when " + f.get("predicate").asText() : "")));
            h.path("backoff_strategies").forEach(b -> what.add("backoff " + b.path("type").asText("?")));
        }
        api.needsHuman.add(where + ": the error_handler (" + (what.length() == 0 ? handler.path("type").asText("?") : what)
                + ") is not mapped; write errors: rules and retry: by hand (docs/connectors.md#error-rules)");
    }
}
