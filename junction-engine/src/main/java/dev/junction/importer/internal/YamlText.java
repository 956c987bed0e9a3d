package dev.junction.importer.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the connector YAML by hand, because the importer's output carries comments (what was
 * guessed, what needs a human, each endpoint's record fields) that a YAML mapper cannot write.
 * Leaf mappings are written in flow style on one line; text is double-quoted (JSON escapes are valid
 * YAML escapes) unless it is a plain word that YAML cannot read as anything but text.
 */
final class YamlText {
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~");
    private static final int WIDTH = 110;
    private final StringBuilder out = new StringBuilder();

    /** A comment line (wrapped at about 110 characters, continued lines indented by two more spaces). */
    YamlText comment(int indent, String text) {
        if (text.isEmpty()) {
            out.append(" ".repeat(indent)).append("#\n");
            return this;
        }
        String prefix = " ".repeat(indent) + "# ";
        String line = text;
        String continued = "";
        while (prefix.length() + continued.length() + line.length() > WIDTH) {
            int room = WIDTH - prefix.length() - continued.length();
            int cut = line.lastIndexOf(' ', room);
            if (cut <= room / 3) {
                break;
            }
            out.append(prefix).append(continued).append(line, 0, cut).append('\n');
            line = line.substring(cut + 1);
            continued = "  ";
        }
        out.append(prefix).append(continued).append(line).append('\n');
        return this;
    }

    /** Text written as a literal block ({@code |}), one source line a line: a GraphQL query. */
    record Literal(String text) {}

    /**
     * {@code key: value} with the value in flow style; a {@link Literal} as a block, and a mapping that
     * holds one as a block mapping.
     */
    YamlText entry(int indent, String key, Object value) {
        if (value instanceof Literal literal) {
            out.append(" ".repeat(indent)).append(key(key)).append(": |").append(literal.text().endsWith("\n") ? "" : "-").append('\n');
            literal.text().lines().forEach(line -> out.append(line.isEmpty() ? "" : " ".repeat(indent + 2) + line).append('\n'));
            return this;
        }
        if (value instanceof Map<?, ?> map && map.values().stream().anyMatch(Literal.class::isInstance)) {
            open(indent, key);
            map.forEach((k, v) -> entry(indent + 2, String.valueOf(k), v));
            return this;
        }
        out.append(" ".repeat(indent)).append(key(key)).append(": ").append(flow(value)).append('\n');
        return this;
    }

    /** {@code key:} opening a block mapping. */
    YamlText open(int indent, String key) {
        out.append(" ".repeat(indent)).append(key(key)).append(":\n");
        return this;
    }

    YamlText blank() {
        out.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String flow(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder s = new StringBuilder("{ ");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                s.append(first ? "" : ", ").append(key(String.valueOf(e.getKey()))).append(": ").append(flow(e.getValue()));
                first = false;
            }
            return map.isEmpty() ? "{}" : s.append(" }").toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(flow(list.get(i)));
            }
            return s.append(']').toString();
        }
        if (value instanceof Literal literal) {
            return text(literal.text());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return text(String.valueOf(value));
    }

    static String key(String key) {
        return key.matches("[A-Za-z_][A-Za-z0-9_-]*") && !RESERVED.contains(key.toLowerCase(Locale.ROOT)) ? key : quote(key);
    }

    static String text(String value) {
        return value.matches("[A-Za-z_][A-Za-z0-9_./-]*") && !RESERVED.contains(value.toLowerCase(Locale.ROOT)) ? value : quote(value);
    }

    private static String quote(String value) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + "\"";
    }
}
