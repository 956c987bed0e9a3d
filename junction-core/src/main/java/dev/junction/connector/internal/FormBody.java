package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.connector.ConnectorException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A request body sent as {@code application/x-www-form-urlencoded}, for APIs that take form fields
 * instead of JSON (Stripe, Twilio, Mailgun, OAuth-style endpoints): when a request declares that
 * {@code Content-Type}, the body expression's result, an object, is written as form fields. Nested
 * objects and arrays use the bracket notation these APIs read: {@code metadata[plan]=pro},
 * {@code items[0][price]=price_1}. Text, numbers and booleans are sent as their text; a null or an
 * empty object or array sends nothing for its field (Stripe clears a field with an empty string,
 * which the expression can give as {@code ""}).
 */
final class FormBody {
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private FormBody() {}

    /** Whether any of these header maps (the connector's, then the request's) sets a form {@code Content-Type}. */
    @SafeVarargs
    static boolean declared(Map<String, String>... headers) {
        String type = null;
        for (Map<String, String> map : headers) {
            if (map == null) {
                continue;
            }
            for (Map.Entry<String, String> header : map.entrySet()) {
                if (header.getKey().equalsIgnoreCase("Content-Type")) {
                    type = header.getValue(); // the request's own wins over the connector's
                }
            }
        }
        return is(type);
    }

    /** Whether this {@code Content-Type} value (null: none) is a form's. */
    static boolean is(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE);
    }

    /**
     * The form fields of {@code body}, which must be an object.
     *
     * @param where for messages: {@code action 'createCustomer' request.body}
     * @throws ConnectorException when the body is not an object
     */
    static byte[] encode(JsonNode body, String where) {
        if (body == null || !body.isObject()) {
            throw new ConnectorException(where + ": a form body (Content-Type: " + CONTENT_TYPE + ") takes an object of fields; the expression gave "
                    + (body == null || body.isNull() ? "null" : body.isArray() ? "an array" : "a " + body.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        StringBuilder out = new StringBuilder();
        body.properties().forEach(field -> append(out, field.getKey(), field.getValue()));
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void append(StringBuilder out, String name, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        if (value.isObject()) {
            value.properties().forEach(field -> append(out, name + "[" + field.getKey() + "]", field.getValue()));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                append(out, name + "[" + i + "]", value.get(i));
            }
        } else {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8));
        }
    }
}
