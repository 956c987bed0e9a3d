package dev.junction.connector.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.CallContext;
import dev.junction.http.Hook;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.internal.Urls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML hook: JSONata over {@code {method, url, headers, query, body}} before the request is sent
 * and over {@code {status, headers, body}} after the response arrives; each returns the changed
 * object. {@code url} has no query string ({@code query} holds it, decoded); a header or query
 * parameter with one value is a string, with several an array; a JSON body is parsed, any other
 * body is text, no body is null. Keys left out of the result keep their value. Thread-safe.
 */
final class ExpressionHook implements Hook {
    private final Jsonata pre;
    private final Jsonata post;
    private final ObjectMapper json;

    /** Either expression may be null (no change). */
    ExpressionHook(String preRequest, String postResponse, ObjectMapper json) {
        this.pre = preRequest == null ? null : Jsonata.jsonata(preRequest);
        this.post = postResponse == null ? null : Jsonata.jsonata(postResponse);
        this.json = json;
    }

    @Override
    public HttpRequest beforeRequest(HttpRequest request, CallContext context) {
        if (pre == null) {
            return request;
        }
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("method", request.method());
        in.put("url", Urls.withRawQuery(request.uri(), List.of()).toString());
        in.put("headers", multi(request.headers()));
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String pair : Urls.pairs(request.uri())) {
            String[] parts = pair.split("=", 2);
            query.computeIfAbsent(Urls.decode(parts[0]), n -> new ArrayList<>()).add(parts.length > 1 ? Urls.decode(parts[1]) : "");
        }
        in.put("query", multi(query));
        in.put("body", parse(request.body()));
        Map<String, Object> out = evaluate(pre, in);

        String method = text(out, "method", request.method());
        URI uri;
        try {
            uri = URI.create(text(out, "url", (String) in.get("url")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the result's url is not a URL: " + e.getMessage(), e);
        }
        for (Map.Entry<String, List<String>> param : values(out.containsKey("query") ? out.get("query") : in.get("query"), "query").entrySet()) {
            for (String value : param.getValue()) {
                uri = Urls.addQueryParam(uri, param.getKey(), value);
            }
        }
        HttpRequest changed = HttpRequest.of(method, uri);
        for (Map.Entry<String, List<String>> header : values(out.containsKey("headers") ? out.get("headers") : in.get("headers"), "headers").entrySet()) {
            for (String value : header.getValue()) {
                changed = changed.addHeader(header.getKey(), value);
            }
        }
        return changed.withBody(out.containsKey("body") ? write(out.get("body")) : request.body());
    }

    @Override
    public HttpResponse afterResponse(HttpResponse response, CallContext context) {
        if (post == null) {
            return response;
        }
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("status", response.status());
        in.put("headers", multi(response.headers()));
        in.put("body", parse(response.body()));
        Map<String, Object> out = evaluate(post, in);
        Object status = out.getOrDefault("status", response.status());
        if (!(status instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || number.intValue() < 100 || number.intValue() > 999) {
            throw new IllegalArgumentException("the result's status must be an HTTP status code, was " + status);
        }
        Map<String, List<String>> headers = values(out.containsKey("headers") ? out.get("headers") : in.get("headers"), "headers");
        byte[] body = out.containsKey("body") ? write(out.get("body")) : response.body();
        return new HttpResponse(number.intValue(), headers, body);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> evaluate(Jsonata expression, Map<String, Object> input) {
        Object result = expression.evaluate(input, expression.createFrame());
        if (!(result instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected the expression to return an object like its input, it returned "
                    + (result == null || result == Jsonata.NULL_VALUE ? "nothing" : kind(result)));
        }
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> multi(Map<String, List<String>> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, list) -> out.put(name, list.size() == 1 ? list.get(0) : List.copyOf(list)));
        return out;
    }

    /** Headers or query from a result: an object of strings, numbers, booleans or arrays of them. */
    private static Map<String, List<String>> values(Object value, String key) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (value == null || value == Jsonata.NULL_VALUE) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the result's " + key + " must be an object, was " + kind(value));
        }
        map.forEach((name, v) -> {
            List<?> items = v instanceof List<?> list ? list : v == null || v == Jsonata.NULL_VALUE ? List.of() : List.of(v);
            List<String> texts = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new IllegalArgumentException("the result's " + key + "." + name + " must be text, was " + kind(item));
                }
                texts.add(item instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue()) : String.valueOf(item));
            }
            out.put(String.valueOf(name), texts);
        });
        return out;
    }

    private static String text(Map<String, Object> out, String key, String fallback) {
        Object value = out.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("the result's " + key + " must be text, was " + kind(value));
        }
        return s;
    }

    /** Parsed JSON, else the text; null for no body. */
    private Object parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readValue(body, Object.class);
        } catch (java.io.IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Text as is, null as no body, anything else as JSON. */
    private byte[] write(Object body) {
        if (body == null || body == Jsonata.NULL_VALUE) {
            return null;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the result's body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String kind(Object value) {
        return switch (value) {
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "text";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            default -> value.getClass().getSimpleName();
        };
    }
}
