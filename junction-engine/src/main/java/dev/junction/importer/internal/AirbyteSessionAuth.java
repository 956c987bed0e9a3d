package dev.junction.importer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An Airbyte {@code SessionTokenAuthenticator} as Junction's session login: the {@code login_requester}'s URL (relative when
 * its {@code url_base} is the stream's), method, JSON or form body and headers, its Basic authenticator as {@code loginAuth},
 * {@code session_token_path} as {@code tokenPath}, {@code expiration_duration} (ISO 8601) as {@code ttl}, and where
 * {@code request_authentication} puts the token (a header or parameter of an {@code ApiKey}, or {@code Bearer}). What cannot
 * be expressed is noted for a human and the connector gets no auth.
 */
final class AirbyteSessionAuth {
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";

    private final AirbyteTemplates templates;
    private final List<String> needsHuman;

    AirbyteSessionAuth(AirbyteTemplates templates, List<String> needsHuman) {
        this.templates = templates;
        this.needsHuman = needsHuman;
    }

    /**
     * @param streamUrlBase the {@code url_base} of the stream the authenticator came with, or null
     * @param loginAuth reads the login requester's own authenticator (the same reader as a stream's)
     * @return false (noted) when something cannot be expressed
     */
    boolean read(JsonNode a, Map<String, Object> keys, String where, String streamUrlBase, java.util.function.Function<JsonNode, ApiDescription.Auth> loginAuth) {
        JsonNode login = a.path("login_requester");
        String at = where + ".login_requester";
        keys.put("type", "session");
        String url = url(login, at, streamUrlBase);
        if (url == null) {
            return false;
        }
        keys.put("loginUrl", url);
        keys.put("method", login.path("http_method").asText("GET").toUpperCase(Locale.ROOT));
        JsonNode json = login.path("request_body_json");
        JsonNode data = login.path("request_body_data");
        if (json.isObject() && !json.isEmpty()) {
            Object body = value(json, at + ".request_body_json");
            if (body == null) {
                return false;
            }
            keys.put("body", body);
        } else if (data.isObject() && !data.isEmpty()) {
            Map<String, Object> form = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : data.properties()) {
                Object value = field.getValue().isValueNode() ? value(field.getValue(), at + ".request_body_data." + field.getKey()) : null;
                if (value == null) {
                    needsHuman.add(at + ".request_body_data." + field.getKey() + " is not mapped (a form's values are text); set auth.body by hand");
                    return false;
                }
                form.put(field.getKey(), value);
            }
            keys.put("bodyFormat", "form");
            keys.put("body", form);
        } else if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
            needsHuman.add(at + ".request_body_data is text, not fields; set auth.body by hand");
            return false;
        }
        if (login.path("request_headers").isObject() && !login.path("request_headers").isEmpty()) {
            Object headers = value(login.path("request_headers"), at + ".request_headers");
            if (headers == null) {
                return false;
            }
            keys.put("headers", headers);
        }
        if (login.has("authenticator") && !login.path("authenticator").path("type").asText("").equals("NoAuth")) {
            ApiDescription.Auth own = loginAuth.apply(login.path("authenticator"));
            if (own == null || !"basic".equals(own.keys().get("type"))) {
                needsHuman.add(at + ".authenticator is not mapped (a login authenticates by basic or jwt in Junction); set auth.loginAuth by hand");
                return false;
            }
            keys.put("loginAuth", own.keys());
        }
        return tokenPath(a, keys, where) && ttl(a, keys, where) && placement(a, keys, where);
    }

    private String url(JsonNode login, String at, String streamUrlBase) {
        String base = login.path("url_base").asText("").replaceAll("/+$", "");
        String path = templates.template(login.path("path").asText(""), at + ".path", Map.of());
        if (path == null) {
            return null;
        }
        path = path.startsWith("/") || path.isEmpty() ? path : "/" + path;
        if (base.isEmpty() || base.equals(streamUrlBase)) {
            return path.isEmpty() ? "/" : path;
        }
        String baseTemplate = templates.template(base, at + ".url_base", Map.of());
        return baseTemplate == null ? null : baseTemplate + path;
    }

    /** Text as a template, numbers and booleans as they are, objects and lists nested; null (noted) when a text cannot be a template. */
    private Object value(JsonNode node, String where) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Object value = value(field.getValue(), where + "." + field.getKey());
                if (value == null) {
                    return null;
                }
                out.put(field.getKey(), value);
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Object value = value(node.get(i), where + "[" + i + "]");
                if (value == null) {
                    return null;
                }
                out.add(value);
            }
            return out;
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.isBoolean() ? (Object) node.asBoolean() : node.numberValue();
        }
        return templates.template(node.asText(), where, Map.of());
    }

    private boolean tokenPath(JsonNode a, Map<String, Object> keys, String where) {
        List<String> path = new ArrayList<>();
        a.path("session_token_path").forEach(segment -> path.add(segment.asText()));
        if (path.isEmpty() || !path.stream().allMatch(segment -> segment.matches(NAME))) {
            needsHuman.add(where + ".session_token_path " + path + " is not mapped (expected field names); set auth.tokenPath by hand");
            return false;
        }
        keys.put("tokenPath", "$." + String.join(".", path));
        return true;
    }

    private boolean ttl(JsonNode a, Map<String, Object> keys, String where) {
        if (!a.path("expiration_duration").isTextual()) {
            return true; // used until the API refuses it
        }
        try {
            keys.put("ttl", Duration.parse(a.get("expiration_duration").asText()).toSeconds() + "s");
            return true;
        } catch (DateTimeParseException e) {
            needsHuman.add(where + ".expiration_duration '" + a.get("expiration_duration").asText() + "' is not an ISO 8601 duration; set auth.ttl");
            return false;
        }
    }

    /** {@code request_authentication}: Bearer (Junction's default), or an ApiKey injected into a header or a request parameter. */
    private boolean placement(JsonNode a, Map<String, Object> keys, String where) {
        JsonNode how = a.path("request_authentication");
        String type = how.path("type").asText("Bearer");
        if (type.equals("Bearer")) {
            return true;
        }
        JsonNode option = how.path("inject_into");
        String in = option.path("inject_into").asText("");
        String name = option.path("field_name").asText("");
        if (!type.equals("ApiKey") || name.isEmpty() || !(in.equals("header") || in.equals("request_parameter"))) {
            needsHuman.add(where + ".request_authentication (" + type + (in.isEmpty() ? "" : " into " + in) + ") is not mapped; set auth.in, auth.name"
                    + " and auth.prefix by hand");
            return false;
        }
        if (in.equals("request_parameter")) {
            keys.put("in", "query");
        }
        keys.put("name", name);
        keys.put("prefix", "");
        return true;
    }
}
