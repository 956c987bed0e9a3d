package dev.junction.spec.internal;

import dev.junction.json.WildcardPath;
import dev.junction.spec.FieldMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sync's {@code mapping}: target field (dotted) to value. A string is a source path (with
 * {@code [*]} to map over arrays), a string starting with {@code =} a JSONata expression, a YAML
 * number, boolean or null a constant; a mapping is the object form read by {@link FieldObjectReader}
 * ({@code const}, {@code from} with {@code values}/{@code map}, {@code convert}, {@code default},
 * {@code when}, {@code object}, {@code array}, {@code each}). See docs/mapping.md.
 */
final class MappingReader {
    static final String FORMS = "expected a source path, \"= expression\", or a mapping with one of from, const, object, array, each or lookup";

    private MappingReader() {}

    static List<FieldMapping> read(Fields sync) {
        MappingContext context = MappingContext.read(sync);
        Fields m = sync.fields("mapping", true);
        if (m == null) {
            return null;
        }
        if (m.mapping().isEmpty()) {
            sync.problem("mapping", "expected at least one field, found none");
            return List.of();
        }
        return lines(m, context);
    }

    /** The lines of a {@code mapping} (or of an {@code object} inside one). */
    static List<FieldMapping> lines(Fields m, MappingContext context) {
        return lines(m, context, false);
    }

    /** The lines of a connection's override of one sync, where {@code target: { remove: true }} removes a default line. */
    static List<FieldMapping> overrideLines(Fields m, MappingContext context) {
        return lines(m, context, true);
    }

    private static List<FieldMapping> lines(Fields m, MappingContext context, boolean overrides) {
        List<FieldMapping> out = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (YamlNode.Entry entry : m.mapping().entries()) {
            String target = entry.key();
            String path = m.child(target);
            if (!validTarget(target)) {
                m.problems().add(entry.keyLocation(), path,
                        "'" + target + "' is not a valid target; write field names separated by dots, such as profile.first_name");
                continue;
            }
            // a removed line frees its target, so it conflicts with nothing
            if (entry.value() instanceof YamlNode.Mapping mapping && mapping.entry(Schema.OVERRIDE_REMOVE) != null) {
                if (remove(mapping, path, overrides, m.problems())) {
                    out.add(new FieldMapping(target, new FieldMapping.Remove(), entry.keyLocation()));
                }
                continue;
            }
            for (String earlier : targets) {
                if (target.startsWith(earlier + ".") || earlier.startsWith(target + ".")) {
                    m.problems().add(entry.keyLocation(), path,
                            "conflicts with target '" + earlier + "': a field cannot hold both a value and nested fields");
                }
            }
            targets.add(target);
            FieldMapping.Value value = value(entry.value(), path, entry, m.problems(), context);
            if (value != null) {
                out.add(new FieldMapping(target, value, entry.keyLocation()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Whether {@code { remove: true }} is written alone, in a connection's override; else says what is wrong. */
    private static boolean remove(YamlNode.Mapping mapping, String path, boolean overrides, Problems problems) {
        YamlNode.Entry remove = mapping.entry(Schema.OVERRIDE_REMOVE);
        if (!overrides) {
            problems.add(remove.keyLocation(), path + "." + Schema.OVERRIDE_REMOVE, "'remove' is only for a connection's mappingOverrides, "
                    + "where it removes a line of the sync's default mapping; here, leave the line out");
            return false;
        }
        if (mapping.entries().size() != 1 || !(remove.value() instanceof YamlNode.Scalar s) || !Boolean.TRUE.equals(s.value())) {
            problems.add(remove.keyLocation(), path + "." + Schema.OVERRIDE_REMOVE, "expected { remove: true } alone, found "
                    + (mapping.entries().size() != 1 ? "it with " + String.join(", ", mapping.keys()) : remove.value().describe()));
            return false;
        }
        return true;
    }

    private static boolean validTarget(String target) {
        for (String segment : target.split("\\.", -1)) {
            if (segment.isBlank()) {
                return false;
            }
        }
        return true;
    }

    static FieldMapping.Value value(YamlNode node, String path, YamlNode.Entry entry, Problems problems, MappingContext context) {
        if (node instanceof YamlNode.Scalar scalar) {
            if (scalar.type() != YamlNode.ScalarType.STRING) {
                return new FieldMapping.Constant(scalar.value());
            }
            String text = scalar.text().strip();
            if (text.startsWith("=")) {
                String expression = text.substring(1).strip();
                String error = Expressions.jsonataError(expression);
                if (error != null) {
                    problems.add(node.location(), path, error);
                    return null;
                }
                return context.expression(expression);
            }
            String error = sourcePathError(scalar.text());
            if (error != null) {
                problems.add(node.location(), path, error);
                return null;
            }
            return new FieldMapping.Path(scalar.text());
        }
        if (node instanceof YamlNode.Mapping mapping && !mapping.isEmpty()) {
            return FieldObjectReader.read(Fields.of(mapping, path, entry.keyLocation(), problems), context);
        }
        String found = node instanceof YamlNode.Mapping ? "an empty mapping"
                : node instanceof YamlNode.Sequence ? "a list (write { array: [...] } to build an array, or { const: [...] } for a fixed list)"
                : node.describe();
        problems.add(node.location(), path, FORMS + ", found " + found);
        return null;
    }

    /** Null when {@code text} is a valid source path (with or without {@code [*]}), else why not. */
    static String sourcePathError(String text) {
        try {
            WildcardPath.parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage();
            return reason.startsWith("'") ? "invalid source path " + reason : "invalid source path '" + text + "': " + reason;
        }
    }

    /** A value map as written: its keys (as text) to their values. */
    static Map<String, Object> values(Fields values) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (YamlNode.Entry entry : values.mapping().entries()) {
            map.put(entry.key(), toJava(entry.value()));
        }
        return Collections.unmodifiableMap(map);
    }

    /** String, Integer, Long, BigInteger, Double, Boolean, null, or unmodifiable lists and maps of them. */
    static Object toJava(YamlNode node) {
        if (node instanceof YamlNode.Scalar scalar) {
            return scalar.value();
        }
        if (node instanceof YamlNode.Sequence list) {
            List<Object> out = new ArrayList<>();
            list.items().forEach(item -> out.add(toJava(item)));
            return Collections.unmodifiableList(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((YamlNode.Mapping) node).entries().forEach(e -> out.put(e.key(), toJava(e.value())));
        return Collections.unmodifiableMap(out);
    }
}
