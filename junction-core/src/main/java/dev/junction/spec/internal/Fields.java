package dev.junction.spec.internal;

import dev.junction.json.JsonPath;
import dev.junction.spec.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the keys of one YAML mapping, reporting every problem with its location and YAML path.
 * Each getter reports what is wrong and returns null (or the default), so a reader goes on and
 * finds all problems at once. Missing keys are reported at the key that names this mapping.
 */
public final class Fields {
    /** Spec names: connectors, connections, syncs. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /**
     * The longest spec name: names go into URLs, headers ({@code Location}), state keys and log
     * lines, so they are short labels, not data.
     */
    public static final int MAX_NAME_LENGTH = 100;
    /** Names used in templates and YAML paths: config and secret fields, streams, actions. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final YamlNode.Mapping mapping;
    private final String path;
    private final SourceLocation ownerLocation;
    private final Problems problems;

    private Fields(YamlNode.Mapping mapping, String path, SourceLocation ownerLocation, Problems problems) {
        this.mapping = mapping;
        this.path = path;
        this.ownerLocation = ownerLocation;
        this.problems = problems;
    }

    /**
     * The fields of {@code node}, or null (with a problem) when it is not a mapping.
     *
     * @param ownerLocation where missing keys are reported: the key naming this mapping
     */
    public static Fields of(YamlNode node, String path, SourceLocation ownerLocation, Problems problems) {
        if (node instanceof YamlNode.Mapping mapping) {
            return new Fields(mapping, path, ownerLocation, problems);
        }
        problems.add(node.location(), path, "expected a mapping, found " + node.describe());
        return null;
    }

    /**
     * Reports every key not in {@code allowed}, with a suggestion; keys in {@code reportedElsewhere}
     * are left to the caller, which has a better message for them.
     */
    public Fields allow(List<String> allowed, String... reportedElsewhere) {
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!allowed.contains(entry.key()) && !List.of(reportedElsewhere).contains(entry.key())) {
                problems.add(entry.keyLocation(), child(entry.key()),
                        "unknown key" + DidYouMean.hint(entry.key(), allowed) + " (allowed: " + String.join(", ", allowed) + ")");
            }
        }
        return this;
    }

    public YamlNode.Mapping mapping() {
        return mapping;
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    public String child(String key) {
        return YamlNode.child(path, key);
    }

    public boolean has(String key) {
        return mapping.entry(key) != null;
    }

    public YamlNode node(String key) {
        return mapping.get(key);
    }

    public SourceLocation keyLocation(String key) {
        YamlNode.Entry entry = mapping.entry(key);
        return entry == null ? ownerLocation : entry.keyLocation();
    }

    /** Reports a missing key, at the key that names this mapping. */
    public void missing(String key) {
        missing(key, "");
    }

    /** Reports a missing key with a note on why it is needed, such as {@code " (sizeParam is set)"}. */
    public void missing(String key, String note) {
        problems.add(ownerLocation, path, "missing required key '" + key + "'" + note);
    }

    /** Reports {@code message} at the value of {@code key}. */
    public void problem(String key, String message) {
        YamlNode node = node(key);
        problems.add(node == null ? keyLocation(key) : node.location(), child(key), message);
    }

    /** Warns of {@code message} at the value of {@code key} (see {@link Problems#warn}). */
    public void warning(String key, String message) {
        YamlNode node = node(key);
        problems.warn(node == null ? keyLocation(key) : node.location(), child(key), message);
    }

    /** The value of {@code key}, or null; reports it missing when {@code required}. */
    public YamlNode required(String key, boolean required) {
        YamlNode node = node(key);
        if (node == null && required) {
            missing(key);
        }
        return node;
    }

    /**
     * A scalar as text (numbers and booleans as written); {@code fallback} when absent. A required
     * string must not be blank.
     */
    public String string(String key, boolean required, String fallback) {
        YamlNode node = required(key, required);
        if (node == null) {
            return fallback;
        }
        String text = text(node, child(key), problems);
        if (required && text != null && text.isBlank()) {
            problem(key, "expected a non-empty string, found " + node.describe());
            return null;
        }
        return text;
    }

    public String string(String key, boolean required) {
        return string(key, required, null);
    }

    /** A scalar's text, or null with a problem when the node is a mapping, a list or null. */
    public static String text(YamlNode node, String path, Problems problems) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return scalar.text();
        }
        problems.add(node.location(), path, "expected a string, found " + node.describe());
        return null;
    }

    /** A spec name, {@code [a-z0-9][a-z0-9-]*}, at most {@value #MAX_NAME_LENGTH} characters. */
    public String name(String key) {
        String text = string(key, true);
        if (text != null && text.length() > MAX_NAME_LENGTH) {
            problem(key, "a name of " + text.length() + " characters ('" + text.substring(0, 40) + "...') is too long; use at most " + MAX_NAME_LENGTH);
            return null;
        }
        if (text != null && !NAME.matcher(text).matches()) {
            problem(key, "'" + text + "' is not a valid name; use lowercase letters, digits and '-', starting with a letter or digit");
            return null;
        }
        return text;
    }

    /** One of {@code allowed}, as written; {@code fallback} when absent, required when there is none. */
    public String oneOf(String key, List<String> allowed, String fallback) {
        if (!has(key) && fallback == null) {
            problems.add(ownerLocation, path, "missing required key '" + key + "' (one of " + String.join(", ", allowed) + ")");
            return null;
        }
        String text = string(key, false, fallback);
        if (text != null && has(key) && !allowed.contains(text)) {
            problem(key, "'" + text + "' is not one of " + String.join(", ", allowed));
            return null;
        }
        return text;
    }

    /** An integer greater than 0 (a quoted number is fine); {@code fallback} when absent. */
    public Integer positiveInt(String key, boolean required, Integer fallback) {
        YamlNode node = required(key, required);
        if (node == null) {
            return fallback;
        }
        Integer value = node instanceof YamlNode.Scalar s ? asInt(s) : null;
        if (value == null || value <= 0) {
            problem(key, "expected a positive integer, found " + node.describe());
            return null;
        }
        return value;
    }

    /** An integer (a quoted number is fine), or null. */
    public static Integer asInt(YamlNode.Scalar scalar) {
        if (scalar.value() instanceof Integer i) {
            return i;
        }
        if (scalar.type() == YamlNode.ScalarType.STRING && scalar.text().matches("-?\\d{1,10}")) {
            long value = Long.parseLong(scalar.text());
            return value == (int) value ? (int) value : null;
        }
        return null;
    }

    /** {@code true} or {@code false}; {@code fallback} when absent. */
    public Boolean bool(String key, Boolean fallback) {
        YamlNode node = node(key);
        if (node == null) {
            return fallback;
        }
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        problem(key, "expected true or false, found " + node.describe());
        return null;
    }

    /** A duration such as {@code 500ms}; {@code fallback} when absent; zero is refused when {@code positive}. */
    public Duration duration(String key, boolean required, Duration fallback, boolean positive) {
        YamlNode node = required(key, required);
        if (node == null) {
            return fallback;
        }
        Duration value = node instanceof YamlNode.Scalar s && !s.isNull() ? Durations.parse(s.text()) : null;
        if (value == null) {
            problem(key, Durations.EXPECTED + ", found " + node.describe());
            return null;
        }
        if (positive && value.isZero()) {
            problem(key, "expected a duration greater than zero, found " + node.describe());
            return null;
        }
        return value;
    }

    /**
     * The text of each scalar at {@code key}: one value or a list of them (a number or true/false by its text), such as a state's values
     * that mean something ({@code equals: [Failed, Aborted]}); null when absent or wrong (reported: {@code what} says what the values
     * stand for, {@code atLeastOne} what an empty list lacks).
     */
    public List<String> texts(String key, String what, String atLeastOne) {
        YamlNode value = node(key);
        if (value == null) {
            return null;
        }
        List<YamlNode> items = value instanceof YamlNode.Sequence list ? list.items() : List.of(value);
        List<String> texts = new java.util.ArrayList<>();
        for (YamlNode item : items) {
            if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                texts.add(s.text());
            } else {
                problem(key, "expected a text, number or true/false (" + what + "), or a list of them, found " + item.describe());
                return null;
            }
        }
        if (texts.isEmpty()) {
            problem(key, "expected at least one value" + atLeastOne + ", found an empty list");
            return null;
        }
        return texts;
    }

    /** A JSON path that {@link JsonPath#parse} accepts, as written. */
    public String jsonPath(String key, boolean required) {
        String text = string(key, required);
        if (text == null) {
            return null;
        }
        String error = jsonPathError(text, "invalid JSON path");
        if (error != null) {
            problem(key, error);
            return null;
        }
        return text;
    }

    /** Null when {@code text} is a valid path, else {@code prefix} and the parser's reason. */
    public static String jsonPathError(String text, String prefix) {
        try {
            JsonPath.parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage();
            return reason.startsWith("'") ? prefix + " " + reason : prefix + " '" + text + "': " + reason;
        }
    }

    /** The nested mapping at {@code key}, or null (with a problem) when absent-but-required or not a mapping. */
    public Fields fields(String key, boolean required) {
        YamlNode node = required(key, required);
        if (node == null) {
            return null;
        }
        return of(node, child(key), keyLocation(key), problems);
    }

    /**
     * Null when {@code node} is a valid value of a config field of {@code type} (string, integer,
     * number, boolean), else a message such as {@code expected an integer, found 'many'}.
     */
    public static String typeError(String type, YamlNode node) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isNull()) {
            return "expected " + switch (type) {
                case "integer" -> "an integer";
                case "number" -> "a number";
                case "boolean" -> "true or false";
                default -> "a string";
            } + ", found " + node.describe();
        }
        String text = scalar.text().strip();
        return switch (type) {
            case "integer" -> text.matches("[-+]?\\d+") || scalar.type() == YamlNode.ScalarType.INTEGER
                    ? null : "expected an integer, found " + node.describe();
            case "number" -> text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?") || scalar.type() == YamlNode.ScalarType.INTEGER
                    || scalar.type() == YamlNode.ScalarType.FLOAT ? null : "expected a number, found " + node.describe();
            case "boolean" -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                    ? null : "expected true or false, found " + node.describe();
            default -> null;
        };
    }
}
