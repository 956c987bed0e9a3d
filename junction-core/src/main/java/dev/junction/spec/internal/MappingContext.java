package dev.junction.spec.internal;

import dev.junction.spec.FieldMapping;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sync declares once for all its mapping lines: named value maps ({@code valueMaps}) and
 * the JSONata limits ({@code expressionLimits}).
 */
record MappingContext(Map<String, Map<String, Object>> valueMaps, Duration timeout, int maxDepth) {
    static final int MAX_DEPTH_LIMIT = 10_000;

    static MappingContext read(Fields sync) {
        Map<String, Map<String, Object>> maps = new LinkedHashMap<>();
        Fields declared = sync.fields("valueMaps", false);
        if (declared != null) {
            for (YamlNode.Entry entry : declared.mapping().entries()) {
                Fields values = Fields.of(entry.value(), declared.child(entry.key()), entry.keyLocation(), declared.problems());
                if (values == null) {
                    continue;
                }
                if (values.mapping().isEmpty()) {
                    declared.problems().add(entry.value().location(), declared.child(entry.key()), "expected at least one value, found none");
                    continue;
                }
                maps.put(entry.key(), MappingReader.values(values));
            }
        }
        Duration timeout = FieldMapping.Expression.DEFAULT_TIMEOUT;
        int maxDepth = FieldMapping.Expression.DEFAULT_MAX_DEPTH;
        Fields limits = sync.fields("expressionLimits", false);
        if (limits != null) {
            limits.allow(Schema.EXPRESSION_LIMITS);
            Duration t = limits.duration("timeout", false, timeout, true);
            timeout = t == null ? timeout : t;
            Integer depth = limits.positiveInt("maxDepth", false, maxDepth);
            if (depth != null && depth > MAX_DEPTH_LIMIT) {
                limits.problem("maxDepth", "expected at most " + MAX_DEPTH_LIMIT + ", found " + depth
                        + " (deeper JSONata recursion would exhaust the thread's stack)");
            } else if (depth != null) {
                maxDepth = depth;
            }
        }
        return new MappingContext(Collections.unmodifiableMap(maps), timeout, maxDepth);
    }

    /** No named value maps and the default JSONata limits: for mapping lines outside a sync (connection overrides). */
    static MappingContext defaults() {
        return new MappingContext(Map.of(), FieldMapping.Expression.DEFAULT_TIMEOUT, FieldMapping.Expression.DEFAULT_MAX_DEPTH);
    }

    FieldMapping.Expression expression(String text) {
        return new FieldMapping.Expression(text, timeout, maxDepth);
    }
}
