package dev.junction.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A {@link JsonPath} that may map over arrays with {@code [*]}: {@code contacts[*].email} is the
 * array of every contact's email. Elements where the rest of the path is absent are left out;
 * nested {@code [*]} flatten into one array. Without {@code [*]} it is exactly a {@link JsonPath}.
 * Immutable and thread-safe.
 */
public final class WildcardPath {
    private final String text;
    private final JsonPath[] parts; // parts[i + 1] is applied to each element of the array parts[i] found

    private WildcardPath(String text, JsonPath[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException with a message saying where the path is malformed */
    public static WildcardPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a path must not be empty");
        }
        String[] pieces = text.strip().split("\\[\\*]", -1);
        JsonPath[] parts = new JsonPath[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i > 0) {
                if (!piece.isEmpty() && piece.charAt(0) != '.' && piece.charAt(0) != '[') {
                    throw new IllegalArgumentException("'" + text + "': expected '.' or '[' after [*], found '" + piece.charAt(0) + "'");
                }
                piece = piece.startsWith(".") ? piece.substring(1) : piece;
            }
            if (piece.isEmpty()) {
                if (i > 0 && i < pieces.length - 1) {
                    throw new IllegalArgumentException("'" + text + "': empty key after [*]");
                }
                piece = "$";
            }
            try {
                parts[i] = JsonPath.parse(piece);
            } catch (IllegalArgumentException e) {
                String reason = e.getMessage();
                String prefix = "'" + piece + "': ";
                throw new IllegalArgumentException("'" + text + "': " + (reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason));
            }
        }
        return new WildcardPath(text, parts);
    }

    public boolean hasWildcard() {
        return parts.length > 1;
    }

    /**
     * The node at this path, or {@link MissingNode} when absent. With {@code [*]}: an array (empty
     * when the array is empty), or missing when the array itself is absent or not an array.
     */
    public JsonNode find(JsonNode root) {
        JsonNode first = parts[0].find(root);
        if (parts.length == 1) {
            return first;
        }
        if (!first.isArray()) {
            return MissingNode.getInstance();
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode(first.size());
        collect(first, 1, out);
        return out;
    }

    private void collect(JsonNode array, int next, ArrayNode out) {
        boolean last = next == parts.length - 1;
        for (JsonNode element : array) {
            JsonNode value = parts[next].find(element);
            if (last) {
                if (!value.isMissingNode()) {
                    out.add(value);
                }
            } else if (value.isArray()) {
                collect(value, next + 1, out);
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
