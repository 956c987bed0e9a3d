package dev.junction.server.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.junction.server.ApiProblem;
import dev.junction.server.ProblemError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns Jackson's complaints about a request body into a 400 problem that says where (line, column,
 * JSON path) and what was expected, in words of JSON — never Java class names, which Jackson's own
 * messages are full of.
 */
public final class JacksonProblems {
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
    private static final int MAX_ECHO = 120;

    private JacksonProblems() {}

    public static ApiProblem badRequest(JsonProcessingException e) {
        return badRequest(e, () -> null);
    }

    /**
     * {@code tree} gives the body as a tree (or null) to say what was found where a mapping failed —
     * Jackson closes its parser before the exception arrives, so the exception cannot tell.
     */
    public static ApiProblem badRequest(JsonProcessingException e, Supplier<JsonNode> tree) {
        String path = path(e);
        String message = message(e, path, found(e, tree));
        JsonLocation at = e.getLocation();
        Integer line = at == null || at.getLineNr() < 1 ? null : at.getLineNr();
        Integer column = at == null || at.getColumnNr() < 1 ? null : at.getColumnNr();
        ProblemError error = new ProblemError(null, line, column, path, message);
        String where = line == null ? "" : " (line " + line + ", column " + column + ")";
        return new ApiProblem.BadRequest("The request body is not acceptable: " + message + where + ".", List.of(error));
    }

    /** What the body holds at the failed path: "missing", "null", "an array"...; null when unknown. */
    private static String found(JsonProcessingException e, Supplier<JsonNode> tree) {
        if (!(e instanceof MismatchedInputException m) || e instanceof UnrecognizedPropertyException) {
            return null;
        }
        JsonNode root = tree.get();
        if (root == null) {
            return null;
        }
        JsonNode node = root;
        for (JsonMappingException.Reference ref : m.getPath()) {
            node = ref.getFieldName() != null ? node.path(ref.getFieldName()) : ref.getIndex() >= 0 ? node.path(ref.getIndex()) : node;
        }
        return switch (node.getNodeType()) {
            case MISSING -> "missing";
            case NULL -> "null";
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING, BINARY -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number with a fraction";
            case BOOLEAN -> "a boolean";
        };
    }

    private static String message(JsonProcessingException e, String path, String found) {
        if (e instanceof StreamConstraintsException c) {
            return limit(c);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds() == null ? List.of() : u.getKnownPropertyIds();
            return "unknown field '" + echo(u.getPropertyName()) + "' at " + parent(path) + "; known fields: "
                    + (known.isEmpty() ? "none" : new TreeSet<>(known.stream().map(String::valueOf).toList()).stream().collect(Collectors.joining(", ")));
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause();
            if (cause instanceof ApiProblem p) {
                return path + ": " + p.detail();
            }
            if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
                return path + ": " + cause.getMessage();
            }
            return path + " has a value that is not allowed here";
        }
        if (e instanceof InvalidFormatException f) {
            return path + ": expected " + expected(f.getTargetType()) + ", got " + echoValue(f.getValue());
        }
        if (e instanceof MismatchedInputException m) {
            String original = m.getOriginalMessage() == null ? "" : m.getOriginalMessage();
            if (original.startsWith("Missing required creator property")) {
                Matcher q = QUOTED.matcher(original);
                String field = q.find() ? q.group(1) : "?";
                return "missing required field '" + field + "' at " + path;
            }
            if (original.startsWith("Trailing token")) {
                return "more content follows the JSON value; send exactly one JSON value";
            }
            if (original.startsWith("No content to map")) {
                return "the body is empty; send a JSON value";
            }
            if ("missing".equals(found) && path.lastIndexOf('.') > 0) {
                // an absent primitive field (int, boolean): those are required
                return "missing required field '" + path.substring(path.lastIndexOf('.') + 1) + "' at " + parent(path);
            }
            return (path.equals("$") ? "the body" : path) + ": expected " + expected(m.getTargetType()) + (found == null ? "" : ", got " + found);
        }
        if (e instanceof JsonMappingException) {
            return path + " does not have the expected shape";
        }
        if (e instanceof JsonParseException p) {
            return "not valid JSON: " + clean(p.getOriginalMessage());
        }
        return "the body could not be read as JSON";
    }

    private static String limit(StreamConstraintsException c) {
        String m = c.getOriginalMessage() == null ? "" : c.getOriginalMessage();
        if (m.contains("nesting depth")) {
            return "the JSON nests deeper than " + JsonBodies.MAX_NESTING_DEPTH + " levels";
        }
        if (m.contains("Number value length") || m.contains("Number")) {
            return "a number has too many digits";
        }
        if (m.contains("String value length") || m.contains("Name length")) {
            return "a string is too long";
        }
        return "the JSON exceeds a parser limit";
    }

    /** {@code $.items[2].name} from Jackson's reference chain. */
    static String path(JsonProcessingException e) {
        StringBuilder path = new StringBuilder("$");
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    String name = ref.getFieldName();
                    path.append(name.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + name : "['" + echo(name).replace("'", "\\'") + "']");
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        }
        return path.toString();
    }

    private static String parent(String path) {
        int dot = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return dot <= 0 ? "$" : path.substring(0, dot);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == String.class || type == char.class || type == Character.class || type == URI.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class || type == Integer.class || type == Long.class
                || type == Short.class || type == Byte.class || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date-time string like 2026-01-31T12:00:00Z";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.isPrimitive()) {
            return "an object";
        }
        return "another kind of value";
    }

    private static String echoValue(Object value) {
        if (value == null) {
            return "null";
        }
        return value instanceof String s ? "\"" + echo(s) + "\"" : echo(String.valueOf(value));
    }

    /** Echoes a bit of the caller's own input, shortened and without control characters. */
    private static String echo(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > MAX_ECHO ? clean.substring(0, MAX_ECHO) + "..." : clean;
    }

    private static String clean(String message) {
        if (message == null) {
            return "unexpected content";
        }
        // Jackson's parse messages name tokens and characters, not classes; drop its hints about Java features
        String m = message.replaceAll("\\s*\\(code \\d+\\)", "").replaceAll("\\s*\\n.*", "").replaceAll("\\(for Object starting at.*", "");
        return echo(m.replaceAll("\\s+", " ").strip());
    }
}
