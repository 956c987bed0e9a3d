package dev.junction.spec.internal;

import dev.junction.spec.FieldMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sync's {@code mapping}: target field (dotted) to value. A string is a source path, a
 * string starting with {@code =} a JSONata expression, a YAML number, boolean or null a constant,
 * {@code { const: v }} any constant, {@code { from, values, default }} a value map.
 */
final class MappingReader {
    static final String FORMS = "expected a source path, \"= expression\", { const: value } or { from: path, values: {...} }";

    private MappingReader() {}

    static List<FieldMapping> read(Fields sync) {
        Fields m = sync.fields("mapping", true);
        if (m == null) {
            return null;
        }
        if (m.mapping().isEmpty()) {
            sync.problem("mapping", "expected at least one field, found none");
            return List.of();
        }
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
            for (String earlier : targets) {
                if (target.startsWith(earlier + ".") || earlier.startsWith(target + ".")) {
                    m.problems().add(entry.keyLocation(), path,
                            "conflicts with target '" + earlier + "': a field cannot hold both a value and nested fields");
                }
            }
            targets.add(target);
            FieldMapping.Value value = value(entry.value(), path, entry, m.problems());
            if (value != null) {
                out.add(new FieldMapping(target, value, entry.keyLocation()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean validTarget(String target) {
        for (String segment : target.split("\\.", -1)) {
            if (segment.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static FieldMapping.Value value(YamlNode node, String path, YamlNode.Entry entry, Problems problems) {
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
                return new FieldMapping.Expression(expression);
            }
            String error = Fields.jsonPathError(scalar.text(), "invalid source path");
            if (error != null) {
                problems.add(node.location(), path, error);
                return null;
            }
            return new FieldMapping.Path(scalar.text());
        }
        if (node instanceof YamlNode.Mapping mapping && mapping.entry("const") != null) {
            Fields.of(mapping, path, entry.keyLocation(), problems).allow(Schema.MAPPING_CONST);
            return new FieldMapping.Constant(toJava(mapping.get("const")));
        }
        if (node instanceof YamlNode.Mapping mapping && mapping.entry("from") != null) {
            return valueMap(Fields.of(mapping, path, entry.keyLocation(), problems).allow(Schema.MAPPING_VALUE_MAP));
        }
        if (node instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry key : mapping.entries()) {
                String suggestion = DidYouMean.suggest(key.key(), List.of("const", "from"));
                if (suggestion != null) {
                    problems.add(key.keyLocation(), YamlNode.child(path, key.key()),
                            "unknown key; did you mean '" + suggestion + "'? (allowed: const, or from, values and default)");
                    return null;
                }
            }
        }
        String found = node instanceof YamlNode.Mapping mapping
                ? mapping.isEmpty() ? "an empty mapping" : "a mapping with keys " + String.join(", ", mapping.keys())
                : node.describe();
        problems.add(node.location(), path, FORMS + ", found " + found);
        return null;
    }

    private static FieldMapping.Value valueMap(Fields f) {
        String from = f.jsonPath("from", true);
        Fields values = f.fields("values", true);
        if (from == null || values == null) {
            return null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (YamlNode.Entry entry : values.mapping().entries()) {
            map.put(entry.key(), toJava(entry.value()));
        }
        boolean hasDefault = f.has("default");
        return new FieldMapping.ValueMap(from, Collections.unmodifiableMap(map), hasDefault, hasDefault ? toJava(f.node("default")) : null);
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
