package dev.junction.webhook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.webhook.WebhookDelivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The values a signed-content template names, other than the body and the timestamp, read from a delivery. */
final class SignedValues {
    /** The URL as HubSpot signs it (v3): a few percent-escapes decoded. Not a variable a connector can name. */
    static final String HUBSPOT_URI = "hubspot.uri";
    /** The escapes HubSpot decodes in the URI before signing it (its v3 request validation). */
    private static final Map<String, String> HUBSPOT_DECODED = Map.ofEntries(Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"),
            Map.entry("%40", "@"), Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));

    private SignedValues() {}

    /** The value of {@code variable} in {@code delivery}, or null when it has none. */
    static String value(String variable, WebhookDelivery delivery) {
        return switch (variable) {
            case "method" -> delivery.method();
            case "url" -> delivery.url();
            case "form" -> sortedForm(delivery);
            case HUBSPOT_URI -> delivery.url() == null ? null : hubspotUri(delivery.url());
            default -> variable.startsWith("headers.") ? delivery.header(variable.substring("headers.".length()))
                    : delivery.query(variable.substring("query.".length()));
        };
    }

    /**
     * Twilio's signed parameters: the form fields of a form body sorted by name (ordinal), each name
     * followed by its value, a repeated name once per value (values sorted); empty for another body.
     */
    static String sortedForm(WebhookDelivery delivery) {
        if (!"application/x-www-form-urlencoded".equals(delivery.contentType()) || delivery.body().length == 0) {
            return "";
        }
        ObjectNode fields = Payloads.form(new String(delivery.body(), StandardCharsets.UTF_8));
        if (fields == null) {
            return ""; // not a form: the signature will not match
        }
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        fields.fieldNames().forEachRemaining(names::add);
        names.stream().sorted().forEach(name -> {
            JsonNode value = fields.get(name);
            List<String> values = new ArrayList<>();
            (value.isArray() ? value : List.of(value)).forEach(v -> values.add(v.asText()));
            values.stream().sorted().forEach(v -> out.append(name).append(v));
        });
        return out.toString();
    }

    private static String hubspotUri(String url) {
        StringBuilder out = new StringBuilder(url.length());
        for (int i = 0; i < url.length(); i++) {
            String decoded = url.charAt(i) == '%' && i + 3 <= url.length()
                    ? HUBSPOT_DECODED.get(url.substring(i, i + 3).toUpperCase(java.util.Locale.ROOT)) : null;
            if (decoded != null) {
                out.append(decoded);
                i += 2;
            } else {
                out.append(url.charAt(i));
            }
        }
        return out.toString();
    }
}
