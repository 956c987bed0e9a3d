package dev.junction.spec.internal;

import dev.junction.spec.AuthSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code auth: { type: session }} of a connector: the login request (URL, method, a body of templates, numbers and booleans
 * that may nest, as JSON
 * or a form, headers, and its own auth: {@code loginAuth}, basic or jwt), where the answer carries the token (a JSON path, a
 * header or a cookie) and how long it lasts, and where the token goes on each call (a header, a query parameter or a cookie).
 */
final class SessionAuthReader {
    private SessionAuthReader() {}

    static AuthSpec.Session read(Fields a, TemplateCheck templates) {
        a.allow(Schema.AUTH_SESSION);
        String loginUrl = a.string("loginUrl", true);
        templates.check(a, "loginUrl", loginUrl, false);
        String method = a.oneOf("method", Schema.METHODS, "POST");
        boolean form = "form".equals(a.oneOf("bodyFormat", List.of("json", "form"), "json"));
        Map<String, Object> body = a.has("body") ? body(a, templates, form) : Map.of();
        Map<String, String> headers = templates.map(a, "headers", true);
        String tokenHeader = a.string("tokenHeader", false);
        String tokenCookie = a.string("tokenCookie", false);
        long sources = java.util.stream.Stream.of("tokenPath", "tokenHeader", "tokenCookie").filter(a::has).count();
        if (sources == 0) {
            a.missing("tokenPath", " (or tokenHeader, the answer's header that carries the token, or tokenCookie, the cookie it sets)");
        } else if (sources > 1) {
            a.problem("tokenHeader", "give one of them, not " + sources + ": tokenPath (where the answer's JSON holds the token), tokenHeader"
                    + " (the answer's header that carries it) or tokenCookie (the cookie the answer sets)");
        }
        String tokenPath = a.has("tokenPath") ? a.jsonPath("tokenPath", true) : null;
        String expiresInPath = a.jsonPath("expiresInPath", false);
        String expiresAtPath = a.jsonPath("expiresAtPath", false);
        if (expiresInPath != null && expiresAtPath != null) {
            a.problem("expiresAtPath", "give expiresInPath (a lifetime in seconds) or expiresAtPath (a time), not both");
        }
        AuthSpec loginAuth = a.has("loginAuth") ? loginAuth(a.fields("loginAuth", false), templates) : null;
        Duration ttl = a.duration("ttl", false, null, true);
        String in = a.oneOf("in", Schema.SESSION_PLACEMENTS, "header");
        String tokenName = a.string("name", false, "cookie".equals(in) ? null : "Authorization");
        if ("cookie".equals(in) && tokenName == null) {
            a.missing("name", " (the cookie's name, with in: cookie)");
        }
        templates.check(a, "name", tokenName, false);
        String prefix = a.string("prefix", false, "Authorization".equalsIgnoreCase(tokenName) ? "Bearer " : "");
        AuthSpec.Placement placement = in == null ? null : AuthSpec.Placement.valueOf(in.toUpperCase(java.util.Locale.ROOT));
        return new AuthSpec.Session(loginUrl, method, body, tokenPath, expiresInPath, ttl, placement, tokenName, prefix, expiresAtPath, loginAuth,
                form, headers, tokenHeader, tokenCookie);
    }

    /** A session's {@code loginAuth}: basic or jwt, as the same types of {@code auth} are written. Null when wrong (reported). */
    private static AuthSpec loginAuth(Fields a, TemplateCheck templates) {
        if (a == null) {
            return null;
        }
        String type = a.oneOf("type", Schema.LOGIN_AUTH_TYPES, null);
        if (type == null) {
            return null;
        }
        return type.equals("jwt") ? JwtAuthReader.read(a, templates) : ConnectorReader.basic(a, templates);
    }

    /** The body: templates, nested mappings and lists of them as JSON; a form's values are text only. */
    private static Map<String, Object> body(Fields a, TemplateCheck templates, boolean form) {
        Fields body = a.fields("body", false);
        return body == null ? Map.of() : mapping(body.mapping(), body.path(), a.problems(), templates, form);
    }

    private static Map<String, Object> mapping(YamlNode.Mapping mapping, String path, Problems problems, TemplateCheck templates, boolean form) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            out.put(entry.key(), value(entry.value(), path + "." + entry.key(), problems, templates, form));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object value(YamlNode node, String path, Problems problems, TemplateCheck templates, boolean form) {
        if (form && !(node instanceof YamlNode.Scalar)) {
            problems.add(node.location(), path, "a form body's values are text; a nested object or list needs bodyFormat: json");
            return "";
        }
        return switch (node) {
            case YamlNode.Mapping nested -> mapping(nested, path, problems, templates, false);
            case YamlNode.Sequence list -> {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < list.items().size(); i++) {
                    items.add(value(list.items().get(i), path + "[" + i + "]", problems, templates, false));
                }
                yield Collections.unmodifiableList(items);
            }
            case YamlNode.Scalar scalar when !form && (scalar.type() == YamlNode.ScalarType.INTEGER || scalar.type() == YamlNode.ScalarType.FLOAT
                    || scalar.type() == YamlNode.ScalarType.BOOLEAN) -> scalar.value(); // sent as a JSON number or boolean
            default -> {
                String text = Fields.text(node, path, problems);
                templates.check(text, node.location(), path, true);
                yield text;
            }
        };
    }
}
