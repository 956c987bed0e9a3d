package dev.junction.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.http.HttpRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts the fields an HMAC signer adds ({@code auth.body}: Kraken's {@code nonce}) into the body before
 * it is signed, first: in a form ({@code application/x-www-form-urlencoded}) as its first parameters,
 * in a JSON object as its first fields (string values), replacing those of the same name; a request
 * without a body gets a form of them. With {@code bodyFormat: json} the body is a JSON object whatever
 * its {@code Content-Type} says (Gemini's payload goes as {@code text/plain}), made when there is none.
 */
final class HmacBodyFields {
    static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HmacBodyFields() {}

    /** @throws IllegalStateException when the body is neither a form nor a JSON object */
    static HttpRequest put(HttpRequest request, Map<String, String> fields, boolean json) {
        byte[] body = request.body();
        String type = request.header("Content-Type");
        if (body == null || body.length == 0) {
            if (json) {
                ObjectNode object = JSON.createObjectNode();
                fields.forEach(object::put);
                return request.withBody(object.toString().getBytes(StandardCharsets.UTF_8)); // its Content-Type as the action set it
            }
            return request.withBody(form(fields, ""), FORM);
        }
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType.equals(FORM)) {
            return request.withBody(form(fields, new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }
        if (json || mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return request.withBody(json(fields, body));
        }
        throw new IllegalStateException("auth.body: the signer adds " + fields.keySet() + " to a form or a JSON object body, and this request's body is "
                + (type == null ? "of no stated type" : type) + "; send the action's body as a form or JSON");
    }

    private static String form(Map<String, String> fields, String rest) {
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        for (String pair : rest.split("&")) {
            if (!pair.isEmpty() && !fields.containsKey(URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8))) {
                pairs.add(pair);
            }
        }
        return String.join("&", pairs);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static byte[] json(Map<String, String> fields, byte[] body) {
        try {
            JsonNode parsed = JSON.readTree(body);
            if (!(parsed instanceof ObjectNode object)) {
                throw new IllegalStateException("auth.body: the signer adds " + fields.keySet() + " to a JSON object, and this request's body is a JSON "
                        + parsed.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            ObjectNode out = JSON.createObjectNode();
            fields.forEach(out::put);
            object.properties().forEach(field -> {
                if (!fields.containsKey(field.getKey())) {
                    out.set(field.getKey(), field.getValue());
                }
            });
            return JSON.writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("auth.body: this request's body says it is JSON and is not: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("auth.body: could not read this request's JSON body", e);
        }
    }
}
