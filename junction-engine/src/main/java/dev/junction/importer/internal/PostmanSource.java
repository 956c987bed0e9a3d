package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Postman collection (v2.1, or v2.0 which has the same shape) into an {@link ApiDescription}.
 * A collection has no schemas, so the shape of each answer comes from the request's saved example
 * responses; the base URL from a leading {@code {{variable}}} (its value among the collection's
 * variables) or the first request's origin; auth from the collection's (else the first request's)
 * {@code auth}. Folders are flattened.
 */
public final class PostmanSource {
    private static final Pattern LEADING_VARIABLE = Pattern.compile("^\\{\\{\\s*([^}]+?)\\s*}}(.*)$");
    private static final Pattern ORIGIN = Pattern.compile("^(https?://[^/?#]+)(.*)$", Pattern.CASE_INSENSITIVE);
    private final JsonNode root;
    private final ObjectMapper json;
    private final ApiDescription api = new ApiDescription();
    private final Map<String, String> variables = new LinkedHashMap<>();

    public PostmanSource(JsonNode root, ObjectMapper json) {
        this.root = root;
        this.json = json;
        api.kind = "postman";
    }

    public ApiDescription read() {
        JsonNode info = root.path("info");
        api.title = text(info.path("name"));
        String description = info.path("description").isObject() ? text(info.path("description").path("content")) : text(info.path("description"));
        api.description = OpenApiSource.oneLine(description);
        for (JsonNode v : root.path("variable")) {
            variables.put(v.path("key").asText(), v.path("value").asText(""));
        }
        List<JsonNode> requests = new ArrayList<>();
        flatten(root.path("item"), requests);
        JsonNode auth = root.path("auth");
        for (JsonNode item : requests) {
            if (auth.isMissingNode() || auth.isNull()) {
                auth = item.path("request").path("auth");
            }
            endpoint(item);
        }
        if (!auth.isMissingNode() && !auth.isNull()) {
            api.auth = auth(auth);
        }
        return api;
    }

    private static void flatten(JsonNode items, List<JsonNode> into) {
        for (JsonNode item : items) {
            if (item.has("item")) {
                flatten(item.path("item"), into);
            } else if (item.has("request")) {
                into.add(item);
            }
        }
    }

    private void endpoint(JsonNode item) {
        JsonNode request = item.path("request");
        String method = request.isTextual() ? "GET" : request.path("method").asText("GET").toUpperCase(Locale.ROOT);
        JsonNode url = request.isTextual() ? request : request.path("url");
        String raw = url.isTextual() ? url.asText() : url.path("raw").asText("");
        String withoutQuery = raw.replaceAll("[?#].*$", "");
        String base;
        String path;
        Matcher variable = LEADING_VARIABLE.matcher(withoutQuery);
        Matcher origin = ORIGIN.matcher(withoutQuery);
        if (variable.matches()) {
            String value = variables.get(variable.group(1));
            base = value == null || value.isBlank() ? null : value;
            path = variable.group(2);
            if (base == null) {
                api.needsHuman.add("{{" + variable.group(1) + "}} has no value among the collection's variables; every connection sets config.baseUrl");
            }
        } else if (origin.matches()) {
            base = origin.group(1);
            path = origin.group(2);
        } else {
            base = null;
            path = withoutQuery;
        }
        if (api.baseUrl == null && base != null) {
            api.baseUrl = base;
        } else if (base != null && !base.equals(api.baseUrl)) {
            api.needsHuman.add(method + " " + path + " is on " + base + ", not on the base URL " + api.baseUrl + "; its path is kept relative to baseUrl");
        }
        List<String> pathParams = new ArrayList<>();
        StringBuilder normalized = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.startsWith(":") ? segment.substring(1) : segment.matches("\\{\\{[^}]+}}") ? segment.replaceAll("[{}\\s]", "") : null;
            if (name != null) {
                pathParams.add(name);
                normalized.append("/{").append(name).append('}');
            } else {
                normalized.append('/').append(segment);
            }
        }
        String normalizedPath = normalized.isEmpty() ? "/" : normalized.toString();
        List<Endpoint.Param> query = new ArrayList<>();
        for (JsonNode q : url.path("query")) {
            if (q.path("disabled").asBoolean(false)) {
                continue;
            }
            String value = q.path("value").isNull() ? null : q.path("value").asText(null);
            boolean literal = value != null && !value.contains("{{");
            query.add(new Endpoint.Param(q.path("key").asText(), false, null, literal ? value : null, null, null));
        }
        Shape response = Shape.UNKNOWN;
        boolean link = false;
        for (JsonNode example : item.path("response")) {
            int code = example.path("code").asInt(200);
            if (code < 200 || code > 299) {
                continue;
            }
            for (JsonNode h : example.path("header")) {
                link |= "link".equalsIgnoreCase(h.path("key").asText());
            }
            if (response.kind() == Shape.Kind.UNKNOWN) {
                try {
                    String body = example.path("body").asText("");
                    if (!body.isBlank()) {
                        response = shape(json.readTree(body));
                    }
                } catch (java.io.IOException e) {
                    api.needsHuman.add(method + " " + normalizedPath + ": the example '" + example.path("name").asText() + "' is not JSON; its shape is unknown");
                }
            }
        }
        boolean hasBody = request.path("body").has("mode") && !request.path("body").path("mode").asText().equals("none");
        String where = method + " " + normalizedPath + " (\"" + item.path("name").asText() + "\")";
        api.endpoints.add(new Endpoint(method, normalizedPath, Names.camel(item.path("name").asText(null)), null, query, pathParams,
                hasBody, response, link, where));
    }

    /** The shape of an example value; an array's items from its first elements' fields together. */
    static Shape shape(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Shape.UNKNOWN;
        }
        if (node.isObject()) {
            Map<String, Shape> props = new LinkedHashMap<>();
            node.properties().forEach(e -> props.put(e.getKey(), shape(e.getValue())));
            return Shape.object(props, null);
        }
        if (node.isArray()) {
            Map<String, Shape> merged = new LinkedHashMap<>();
            Shape first = Shape.UNKNOWN;
            for (int i = 0; i < Math.min(5, node.size()); i++) {
                Shape s = shape(node.get(i));
                if (i == 0) {
                    first = s;
                }
                s.properties().forEach(merged::putIfAbsent);
            }
            return Shape.array(first.isObject() ? Shape.object(merged, null) : first);
        }
        if (node.isTextual()) {
            String t = node.asText();
            String format = t.matches("(?i)https?://.+") ? "uri" : t.matches("\\d{4}-\\d{2}-\\d{2}T.+") ? "date-time" : null;
            return Shape.scalar("string", format);
        }
        if (node.isIntegralNumber()) {
            return Shape.scalar("integer", null);
        }
        return Shape.scalar(node.isNumber() ? "number" : node.isBoolean() ? "boolean" : null, null);
    }

    private ApiDescription.Auth auth(JsonNode auth) {
        String type = auth.path("type").asText();
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode kv : auth.path(type)) {
            values.put(kv.path("key").asText(), kv.path("value").asText(""));
        }
        return switch (type) {
            case "noauth", "" -> null;
            case "apikey" -> Auths.apiKey(values.getOrDefault("in", "header"), values.getOrDefault("key", "X-API-Key"));
            case "bearer" -> Auths.bearer();
            case "basic" -> Auths.basic();
            case "digest" -> Auths.digest();
            case "oauth2" -> {
                String grant = values.getOrDefault("grant_type", "authorization_code");
                List<String> scopes = values.getOrDefault("scope", "").isBlank() ? List.of() : List.of(values.get("scope").trim().split("\\s+"));
                String tokenUrl = resolve(values.get("accessTokenUrl"));
                yield grant.equals("client_credentials") ? Auths.clientCredentials(tokenUrl, scopes)
                        : Auths.authorizationCode(tokenUrl, resolve(values.get("authUrl")), scopes);
            }
            default -> {
                api.needsHuman.add("the collection's auth type '" + type + "' has no connector equivalent the importer knows; set auth by hand (docs/connectors.md#auth)");
                yield null;
            }
        };
    }

    /** A value with {@code {{variables}}} of the collection filled in; null when one has no value. */
    private String resolve(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = variables.get(m.group(1));
            if (v == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
