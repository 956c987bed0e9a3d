package dev.junction.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, compiled JSON path: {@code $}, {@code $.paging.next.after}, {@code results[0].id} or the
 * bare {@code properties.email} used in mappings (the leading {@code $.} is optional). Keys with
 * dots or brackets can be quoted: {@code $['odd.key']}. A negative index counts from the end:
 * {@code $.data[-1].id} is the last record's id, the cursor of APIs that page by "starting after
 * this id" (Stripe's {@code starting_after}). Immutable and thread-safe.
 */
public final class JsonPath {
    private final String text;
    private final Object[] steps; // String (object key) or Integer (array index)

    private JsonPath(String text, Object[] steps) {
        this.text = text;
        this.steps = steps;
    }

    /**
     * @throws IllegalArgumentException with a message saying where the path is malformed
     */
    public static JsonPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a path must not be empty");
        }
        String s = text.strip();
        int i = 0;
        if (s.startsWith("$")) {
            i = 1;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
            }
        }
        List<Object> steps = new ArrayList<>();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '[') {
                int close = s.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "': '[' at position " + (i + 1) + " is never closed");
                }
                String inside = s.substring(i + 1, close).strip();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        steps.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "': expected an array index or a quoted key inside [...], found '" + inside + "'");
                    }
                }
                i = close + 1;
                if (i < s.length() && s.charAt(i) == '.') {
                    i++;
                    if (i == s.length()) {
                        throw new IllegalArgumentException("'" + text + "': ends with '.'");
                    }
                }
            } else {
                int end = i;
                while (end < s.length() && s.charAt(end) != '.' && s.charAt(end) != '[') {
                    end++;
                }
                if (end == i) {
                    throw new IllegalArgumentException("'" + text + "': empty key at position " + (i + 1));
                }
                steps.add(s.substring(i, end));
                i = end;
                if (i < s.length() && s.charAt(i) == '.') {
                    i++;
                    if (i == s.length()) {
                        throw new IllegalArgumentException("'" + text + "': ends with '.'");
                    }
                }
            }
        }
        return new JsonPath(text, steps.toArray());
    }

    /** The node at this path, or {@link MissingNode} when any step is absent. Never null. */
    public JsonNode find(JsonNode root) {
        JsonNode node = root == null ? MissingNode.getInstance() : root;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.path(index < 0 ? node.size() + index : index) : node.path((String) step);
            if (node.isMissingNode()) {
                return node;
            }
        }
        return node;
    }

    /** The keys and indexes of this path, in order ({@code String} or {@code Integer}). */
    public List<Object> steps() {
        return List.of(steps);
    }

    public boolean isRoot() {
        return steps.length == 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
