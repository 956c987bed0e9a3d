package dev.junction.connector.internal;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.ConnectorException;
import java.util.Map;

/**
 * A stream's {@code request.body}: a JSONata expression rendered for every page, with
 * {@code $cursor} (null on the first page, then the cursor of the page before) and {@code $since}
 * (the incremental checkpoint, or null) bound, and for a partition of a sub-stream or sliced
 * stream its values: {@code $parent} (the parent record) or {@code $slice} ({@code start},
 * {@code end}); the connection's config values as {@code $config} (when {@link #withConfig} gave them); and the pagination's own variables for the page ({@code $offset}/{@code $limit},
 * {@code $page}/{@code $size}), with their JSON types ({@code $cursor} stays a number when the API
 * sent a number). Its input {@code $} is an empty object. Sent as JSON, or as form fields when the
 * request declares {@code Content-Type: application/x-www-form-urlencoded} ({@link FormBody}).
 * Thread-safe.
 */
public final class StreamBody {
    private final String where;
    private final Jsonata expression;
    private final ObjectMapper json;
    private final boolean form;
    /** The connection's config values, bound as {@code $config} (empty: not bound). */
    private final Map<String, String> config;

    private StreamBody(String where, Jsonata expression, ObjectMapper json, boolean form, Map<String, String> config) {
        this.where = where;
        this.expression = expression;
        this.json = json;
        this.form = form;
        this.config = config;
    }

    /** This body with the connection's config values bound as {@code $config} ({@code $config.marketplaceId}); never its secrets. */
    public StreamBody withConfig(Map<String, String> values) {
        return new StreamBody(where, expression, json, form, values == null ? Map.of() : Map.copyOf(values));
    }

    /** Null when {@code text} is null or blank; a JSON body. */
    public static StreamBody compile(String where, String text, ObjectMapper json) {
        return compile(where, text, json, false);
    }

    /** Null when {@code text} is null or blank; {@code form}: sent as form fields, not JSON. */
    public static StreamBody compile(String where, String text, ObjectMapper json, boolean form) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new StreamBody(where, Jsonata.jsonata(text), json, form, Map.of());
        } catch (RuntimeException e) {
            throw new ConnectorException(where + " request.body: the JSONata expression is not valid: " + e.getMessage(), e);
        }
    }

    /** The JSON body for one page. */
    public byte[] render(String cursor, String since) {
        return render(cursor, since, null);
    }

    /** The JSON body for one page of a partition: each field of {@code bindings} is bound as a variable of that name. */
    public byte[] render(String cursor, String since, JsonNode bindings) {
        java.util.Map<String, Object> page = new java.util.HashMap<>();
        page.put("cursor", cursor);
        return render(page, since, bindings);
    }

    /**
     * {@code request} with this body, rendered for {@code page}, as its body: sent as JSON unless a header of the request says
     * otherwise (a form body's connector or operation declares its {@code Content-Type}).
     */
    public dev.junction.http.HttpRequest onto(dev.junction.http.HttpRequest request, Map<String, Object> page, String since, JsonNode bindings) {
        dev.junction.http.HttpRequest out = request.withBody(render(page, since, bindings));
        return out.header("Content-Type") == null ? out.withHeader("Content-Type", "application/json") : out;
    }

    /**
     * The JSON body for one page: {@code page} holds the pagination's variables of this page by
     * name ({@code cursor}, {@code offset}, {@code limit}, {@code page}, {@code size}); a
     * {@link JsonNode} value is bound as the JSON value it holds.
     */
    public byte[] render(Map<String, Object> page, String since, JsonNode bindings) {
        var frame = expression.createFrame();
        if (bindings != null) {
            bindings.properties().forEach(e -> frame.bind(e.getKey(), json.convertValue(e.getValue(), Object.class)));
        }
        page.forEach((name, value) -> frame.bind(name, value instanceof JsonNode node ? json.convertValue(node, Object.class) : value));
        frame.bind("since", since);
        if (!config.isEmpty()) {
            frame.bind("config", config);
        }
        Object result;
        try {
            result = expression.evaluate(Map.of(), frame);
        } catch (RuntimeException e) {
            throw new ConnectorException(where + " request.body: evaluating the JSONata expression failed: " + e.getMessage(), e);
        }
        if (result == null) {
            throw new ConnectorException(where + " request.body: the JSONata expression produced no value");
        }
        if (form) {
            return FormBody.encode(json.valueToTree(result == Jsonata.NULL_VALUE ? null : result), where + " request.body");
        }
        try {
            return json.writeValueAsBytes(result == Jsonata.NULL_VALUE ? null : result);
        } catch (JsonProcessingException e) {
            throw new ConnectorException(where + " request.body: the result cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
