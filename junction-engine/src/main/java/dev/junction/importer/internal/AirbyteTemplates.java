package dev.junction.importer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Airbyte's Jinja templates into Junction templates. {@code {{ config['api_key'] }}},
 * {@code {{ config.api_key }}} and {@code {{ config.get('api_key') }}} become {@code {{ config.x }}}
 * or {@code {{ secrets.x }}} after the spec's field (a filter or default after it is dropped, with a
 * note); {@code {{ stream_partition.id }}} of a sub-stream becomes {@code {{ parent.KEY }}}. Any
 * other Jinja (functions, arithmetic, {@code {% %}} blocks) has no Junction form: the value is left
 * out and a note names its place. Also reads accessor chains ({@code response['a'].b},
 * {@code last_record.get('id')}) as key lists and writes them as JSON paths.
 */
final class AirbyteTemplates {
    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}|\\{%.*?%}", Pattern.DOTALL);
    private static final Pattern STEP = Pattern.compile(
            "\\s*(?:\\.([A-Za-z_][A-Za-z0-9_]*+)(?!\\s*\\()|\\[\\s*['\"]([^'\"]*)['\"]\\s*]|\\[\\s*(-?[0-9]+)\\s*]|\\.get\\(\\s*['\"]([^'\"]*)['\"]\\s*(?:,[^()]*)?\\))");
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final AirbyteFields fields;
    private final List<String> needsHuman;

    AirbyteTemplates(AirbyteFields fields, List<String> needsHuman) {
        this.fields = fields;
        this.needsHuman = needsHuman;
    }

    /**
     * A Junction template for a text, or null when it uses Jinja Junction cannot say (noted).
     *
     * @param where the place in the manifest, for notes
     * @param partition a sub-stream's partition field → the parent's key ({@code parent_id} → {@code id}), else empty
     */
    String template(String text, String where, Map<String, String> partition) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) == null ? null : expression(m.group(1).strip(), where, partition);
            if (replacement == null) {
                needsHuman.add(where + ": '" + text + "' uses Jinja that Junction templates cannot express (" + m.group().strip()
                        + "); left out, set it by hand");
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A value of a query, header or body map: text through {@link #template}, numbers and booleans as they are. */
    Object value(com.fasterxml.jackson.databind.JsonNode node, String where, Map<String, String> partition) {
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return template(node.asText(), where, partition);
        }
        needsHuman.add(where + ": " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " values are not mapped; left out");
        return null;
    }

    /** Whether a text holds a template at all. */
    static boolean isTemplate(String text) {
        return EXPRESSION.matcher(text).find();
    }

    private String expression(String expr, String where, Map<String, String> partition) {
        String[] filtered = splitFilter(expr);
        List<String> config = access(filtered[0], "config");
        if (config != null && config.size() == 1) {
            if (filtered[1] != null) {
                needsHuman.add(where + ": the Jinja '" + filtered[1].strip() + "' after config " + config.get(0)
                        + " is dropped (Junction templates have no filters or defaults); give the field a default instead");
            }
            return "{{ " + fields.reference(config.get(0), where) + " }}";
        }
        List<String> part = access(expr, "stream_partition");
        if (part != null && part.size() == 1 && partition.containsKey(part.get(0))) {
            return "{{ parent." + partition.get(part.get(0)) + " }}";
        }
        return null;
    }

    /** {@code config['x'] | default('y')} → [{@code config['x']}, {@code | default('y')}]; {@code a or b} likewise. */
    private static String[] splitFilter(String expr) {
        Matcher m = Pattern.compile("\\s*(\\||\\bor\\b|\\bif\\b)").matcher(expr);
        return m.find() ? new String[] {expr.substring(0, m.start()), expr.substring(m.start())} : new String[] {expr, null};
    }

    /**
     * The keys of an accessor chain on a root name ({@code response['a'].b.get('c')} → [a, b, c];
     * {@code last_record[-1]} → [-1]), or null when the expression is something else.
     */
    static List<String> access(String expr, String root) {
        String e = expr.strip();
        if (!e.startsWith(root)) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        int at = root.length();
        Matcher m = STEP.matcher(e);
        while (at < e.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            keys.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
            at = m.end();
        }
        return keys;
    }

    /** The keys of a single {@code {{ ... }}} on a root, or null. */
    static List<String> accessTemplate(String text, String root) {
        Matcher m = Pattern.compile("\\s*\\{\\{(.*?)}}\\s*", Pattern.DOTALL).matcher(text);
        return m.matches() ? access(m.group(1), root) : null;
    }

    /** A JSON path of keys: [data, items] → {@code $.data.items}; an odd key {@code $['a.b']}; a number {@code [n]}. */
    static String jsonPath(List<String> keys) {
        StringBuilder path = new StringBuilder("$");
        for (String key : keys) {
            if (key.matches("-?[0-9]+")) {
                path.append('[').append(key).append(']');
            } else if (SIMPLE_KEY.matcher(key).matches()) {
                path.append('.').append(key);
            } else {
                path.append("['").append(key.replace("'", "\\'")).append("']");
            }
        }
        return path.toString();
    }

    /** A record field as a JSON path for {@code primaryKey} and {@code cursorField}: {@code id}, or {@code $['odd key']}. */
    static String field(String key) {
        return SIMPLE_KEY.matcher(key).matches() ? key : jsonPath(List.of(key));
    }

    /** A map of templates (query, headers): each value through {@link #value}, those left out dropped. */
    Map<String, Object> map(com.fasterxml.jackson.databind.JsonNode node, String where, Map<String, String> partition) {
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (e.getKey().equals("$parameters")) {
                return; // propagated by AirbyteRefs, not a value
            }
            Object v = value(e.getValue(), where + "." + e.getKey(), partition);
            if (v != null) {
                out.put(e.getKey(), v);
            }
        });
        return out;
    }
}
