package dev.junction.webhook.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.json.JsonPath;
import dev.junction.spec.WebhookSpec.ValueSource;
import dev.junction.webhook.WebhookDelivery;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses a verified body and reads values out of a delivery. JSON by default; a body sent as
 * {@code application/x-www-form-urlencoded} (Slack slash commands, GitHub's form content type)
 * becomes an object of its fields.
 */
public final class Payloads {
    private final ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private final String formJson;
    private final boolean messageJson;

    /** A form body's fields are the payload. */
    public Payloads() {
        this(null, false);
    }

    /**
     * @param formJson the form field whose value is the JSON payload (Slack's interactivity), or null: the fields are the payload
     * @param messageJson whether an Amazon SNS message's {@code Message}, when its text is a JSON object
     *     or list, is replaced by that JSON in the payload
     */
    public Payloads(String formJson, boolean messageJson) {
        this.formJson = formJson;
        this.messageJson = messageJson;
    }

    /** The parsed body (an empty object for an empty body), or null when it is not valid. */
    public JsonNode parse(WebhookDelivery delivery) {
        byte[] body = delivery.body();
        if (body.length == 0) {
            // a notification told in headers alone (Google's push notifications): an empty payload, whose paths find nothing
            return json.createObjectNode();
        }
        if ("application/x-www-form-urlencoded".equals(delivery.contentType())) {
            ObjectNode fields = form(new String(body, StandardCharsets.UTF_8));
            if (formJson == null || fields == null) {
                return fields;
            }
            JsonNode field = fields.get(formJson);
            try {
                return field == null || !field.isTextual() ? null : json.readTree(field.asText());
            } catch (IOException e) {
                return null;
            }
        }
        try {
            JsonNode payload = json.readTree(body);
            return messageJson ? withMessageJson(payload) : payload;
        } catch (IOException e) { // JacksonException included: not JSON, or more than one value
            return null;
        }
    }

    /** The payload with its {@code Message} text as JSON when that text is a JSON object or list; as it was otherwise. */
    private JsonNode withMessageJson(JsonNode payload) {
        JsonNode message = payload.get("Message");
        if (!(payload instanceof ObjectNode object) || message == null || !message.isTextual()) {
            return payload;
        }
        String text = message.asText().strip();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return payload;
        }
        try {
            object.set("Message", json.readTree(text));
        } catch (IOException e) {
            // not JSON after all: the text stays
        }
        return payload;
    }

    /** The form's fields as an object (a repeated field as an array of its values), or null when it does not decode. */
    static ObjectNode form(String body) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            JsonNode previous = out.get(name);
            if (previous == null) {
                out.put(name, value);
            } else if (previous instanceof ArrayNode array) {
                array.add(value);
            } else {
                out.putArray(name).add(previous).add(value);
            }
        }
        return out;
    }

    /** A place a value is read from, its path compiled once. */
    public record Pick(ValueSource source, List<JsonPath> paths) {
        /** The source with its payload paths compiled once: one for a path, each of a joined id's; none for the others. */
        public static Pick of(ValueSource source) {
            return source == null ? null : new Pick(source, switch (source) {
                case ValueSource.Path p -> List.of(JsonPath.parse(p.path()));
                case ValueSource.Joined j -> j.paths().stream().map(JsonPath::parse).toList();
                case ValueSource.FirstOf f -> f.paths().stream().map(JsonPath::parse).toList();
                default -> List.of();
            });
        }

        /**
         * The value in {@code delivery}: a header, a query parameter or a payload scalar as text;
         * null when absent (or JSON null); {@code found.container()} when it is an object or a list.
         */
        public Found read(WebhookDelivery delivery, JsonNode payload) {
            return switch (source) {
                case ValueSource.Header h -> new Found(delivery.header(h.name()), false);
                case ValueSource.Query q -> new Found(delivery.query(q.name()), false);
                case ValueSource.Digest d -> new Found(payload == null ? null : digest(payload), false);
                case ValueSource.Joined j -> joined(paths, payload);
                case ValueSource.FirstOf f -> firstOf(paths, payload);
                case ValueSource.Path p -> joined(paths, payload);
            };
        }

        /** Where the value is, for a message: {@code header X-Id}, {@code query parameter token}, {@code $.id}. */
        public String describe() {
            return switch (source) {
                case ValueSource.Header h -> "header " + h.name();
                case ValueSource.Query q -> "query parameter " + q.name();
                case ValueSource.Digest d -> "the digest of the event";
                case ValueSource.Joined j -> String.join(" + ", j.paths());
                case ValueSource.FirstOf f -> String.join(" or ", f.paths());
                case ValueSource.Path p -> p.path();
            };
        }
    }

    /** The value at one path, or the values at several joined with {@code :}; none when one is missing, a container when one is. */
    private static Found joined(List<JsonPath> paths, JsonNode payload) {
        StringBuilder out = new StringBuilder();
        for (JsonPath path : paths) {
            JsonNode node = payload == null ? null : path.find(payload);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return new Found(null, false);
            }
            if (!node.isValueNode()) {
                return new Found(null, true);
            }
            out.append(out.isEmpty() ? "" : ":").append(node.asText());
        }
        return new Found(out.toString(), false);
    }

    /** The value of the first path that holds one (see {@link ValueSource.FirstOf}). */
    private static Found firstOf(List<JsonPath> paths, JsonNode payload) {
        for (JsonPath path : paths) {
            Found found = joined(List.of(path), payload);
            if (found.text() != null || found.container()) {
                return found;
            }
        }
        return new Found(null, false);
    }

    /** The SHA-256 of the event's JSON text, in hex. */
    static String digest(JsonNode event) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(event.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** A value read by a {@link Pick}: its text (null when absent), or {@code container} when it is an object or a list. */
    public record Found(String text, boolean container) {}
}
