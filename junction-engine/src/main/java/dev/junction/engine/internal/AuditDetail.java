package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns an audit entry's detail into small JSON that holds no secret:
 * <ul>
 *   <li>a value under a name that suggests a secret ({@code password}, {@code clientSecret},
 *       {@code apiKey}, {@code authorization}, {@code credentials}, any name ending in {@code token}),
 *       and any text that looks like a Junction token secret, becomes {@code "***"};
 *   <li>a text longer than {@value #MAX_TEXT_CHARS} characters is cut to that many and {@code "…"};
 *   <li>a detail still longer than {@value #MAX_CHARS} characters is replaced by
 *       {@code {"truncated":true,"chars":N}}.
 * </ul>
 * Names such as {@code tokenId} or {@code tokens} are kept: they name tokens, they do not hold one.
 */
public final class AuditDetail {
    public static final int MAX_CHARS = 4000;
    static final int MAX_TEXT_CHARS = 256;
    static final String HIDDEN = "***";
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(secret|password|passwd|passphrase|credential|authorization|api[-_]?key|private[-_]?key|cookie).*|.*token");
    /** A token secret in running text; shorter runs after the prefix are not one. */
    private static final Pattern SECRET_IN_TEXT = Pattern.compile(Pattern.quote(TokenSecrets.SECRET_PREFIX) + "[A-Za-z0-9_-]{20,}");

    private final ObjectMapper json;

    public AuditDetail(ObjectMapper json) {
        this.json = json;
    }

    /** The detail as JSON text; null for no detail (null or empty). */
    public String toJson(Map<String, ?> detail) {
        if (detail == null || detail.isEmpty()) {
            return null;
        }
        JsonNode tree = clean(json.valueToTree(detail));
        try {
            String text = json.writeValueAsString(tree);
            if (text.length() <= MAX_CHARS) {
                return text;
            }
            return json.writeValueAsString(json.createObjectNode().put("truncated", true).put("chars", text.length()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail: could not write it as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private JsonNode clean(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(secretName(field.getKey()) && !field.getValue().isNull() ? TextNode.valueOf(HIDDEN) : clean(field.getValue()));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, clean(array.get(i)));
            }
            return array;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (SECRET_IN_TEXT.matcher(text).find()) {
                return TextNode.valueOf(HIDDEN);
            }
            return text.length() <= MAX_TEXT_CHARS ? node : TextNode.valueOf(text.substring(0, MAX_TEXT_CHARS) + "…");
        }
        return node;
    }

    private static boolean secretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }
}
