package dev.junction.spec.internal;

import dev.junction.spec.AlertChannelSpec;
import dev.junction.spec.AlertSpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code kind: Alert} (a rule: condition, scope, channels, severity, renotify) and
 * {@code kind: AlertChannel} (type, config, secrets as references) documents; then
 * ({@link #crossCheck}) the channels and sync a rule names.
 */
public final class AlertReader {
    private AlertReader() {}

    public static AlertSpec read(Fields root, SourceLocation location) {
        root.allow(Schema.ALERT);
        String name = root.name("name");
        String description = root.string("description", false);
        AlertSpec.Condition condition = condition(root);
        AlertSpec.Scope scope = scope(root);
        List<String> channels = channels(root);
        String severity = root.oneOf("severity", AlertSpec.SEVERITIES, "error");
        Duration renotify = root.duration("renotify", false, null, true);
        Duration resolveAfter = root.duration("resolveAfter", false, AlertSpec.DEFAULT_RESOLVE_AFTER, true);
        Duration coolDown = root.duration("coolDown", false, null, true);
        return new AlertSpec(name, description, condition, scope, channels, severity, renotify, resolveAfter, coolDown, location);
    }

    /** {@code condition: run-failed}, or a mapping {@code { type: failed-records, count: 10, percent: 5 }}. */
    private static AlertSpec.Condition condition(Fields root) {
        YamlNode node = root.required("condition", true);
        if (node == null) {
            return null;
        }
        String expected = "expected one of " + String.join(", ", AlertSpec.Type.yamlNames()) + ", or a mapping such as { type: inbox-lag, above: 5m }";
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            AlertSpec.Type type = AlertSpec.Type.of(scalar.text());
            if (type == null) {
                root.problem("condition", "'" + scalar.text() + "' is not a condition; " + expected);
                return null;
            }
            return checked(root, new AlertSpec.Condition(type, null, null, null, null));
        }
        if (!(node instanceof YamlNode.Mapping)) {
            root.problem("condition", expected + ", found " + node.describe());
            return null;
        }
        Fields c = root.fields("condition", false);
        c.allow(Schema.ALERT_CONDITION);
        String typeName = c.oneOf("type", AlertSpec.Type.yamlNames(), null);
        AlertSpec.Type type = typeName == null ? null : AlertSpec.Type.of(typeName);
        Integer count = c.positiveInt("count", false, null);
        Double percent = percent(c);
        Duration within = c.duration("within", false, null, true);
        Duration above = c.duration("above", false, null, true);
        if (type == null) {
            return null;
        }
        List<String> allowed = switch (type) {
            case FAILED_RECORDS -> List.of("count", "percent");
            case NO_SUCCESSFUL_RUN -> List.of("within");
            case INBOX_LAG -> List.of("above");
            default -> List.of();
        };
        for (String key : List.of("count", "percent", "within", "above")) {
            if (c.has(key) && !allowed.contains(key)) {
                c.problem(key, "'" + key + "' does not apply to " + type.yamlName() + (allowed.isEmpty() ? ", which takes no settings"
                        : ", which takes " + String.join(" and ", allowed)));
            }
        }
        return checked(c, new AlertSpec.Condition(type, count, percent, within, above));
    }

    /** A condition's required settings: failed-records needs count or percent, no-successful-run within, inbox-lag above. */
    private static AlertSpec.Condition checked(Fields at, AlertSpec.Condition condition) {
        String key = at.path().endsWith("condition") ? "type" : "condition";
        switch (condition.type()) {
            case FAILED_RECORDS -> {
                if (condition.count() == null && condition.percent() == null) {
                    at.problem(key, "failed-records needs count, percent or both, such as { type: failed-records, count: 10, percent: 5 }");
                }
            }
            case NO_SUCCESSFUL_RUN -> {
                if (condition.within() == null) {
                    at.problem(key, "no-successful-run needs within, such as { type: no-successful-run, within: 6h }");
                }
            }
            case INBOX_LAG -> {
                if (condition.above() == null) {
                    at.problem(key, "inbox-lag needs above, such as { type: inbox-lag, above: 5m }");
                }
            }
            default -> { }
        }
        return condition;
    }

    private static Double percent(Fields c) {
        YamlNode node = c.node("percent");
        if (node == null) {
            return null;
        }
        try {
            double value = node instanceof YamlNode.Scalar s && !s.isNull() ? Double.parseDouble(s.text()) : Double.NaN;
            if (value > 0 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        c.problem("percent", "expected a number greater than 0 and at most 100, found " + node.describe());
        return null;
    }

    private static AlertSpec.Scope scope(Fields root) {
        Fields s = root.has("scope") ? root.fields("scope", false) : null;
        if (s == null) {
            return AlertSpec.Scope.ANY;
        }
        s.allow(Schema.ALERT_SCOPE);
        return new AlertSpec.Scope(s.string("sync", false), s.string("connection", false), s.string("tenant", false));
    }

    private static List<String> channels(Fields root) {
        YamlNode node = root.required("channels", true);
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlNode.Sequence list) || list.items().isEmpty()) {
            root.problem("channels", "expected a list of one or more AlertChannel names, such as [ops-slack], found " + node.describe());
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            String name = Fields.text(list.items().get(i), "channels[" + i + "]", root.problems());
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** The channels a rule names are loaded AlertChannels; its scope's sync, when given, a loaded sync. */
    public static void crossCheck(Fields root, AlertSpec alert, Map<String, AlertChannelSpec> channels, Map<String, SyncSpec> syncs) {
        if (alert.channels() != null) {
            for (String name : alert.channels()) {
                if (!channels.containsKey(name)) {
                    root.problem("channels", "unknown AlertChannel '" + name + "'" + (channels.isEmpty() ? "; define one with kind: AlertChannel"
                            : "; the channels are " + String.join(", ", channels.keySet())));
                }
            }
        }
        if (alert.scope() != null && alert.scope().sync() != null && !syncs.containsKey(alert.scope().sync())) {
            root.problem("scope", "scope.sync: unknown sync '" + alert.scope().sync() + "'"
                    + (syncs.isEmpty() ? "" : "; the syncs are " + String.join(", ", syncs.keySet())));
        }
    }

    public static AlertChannelSpec readChannel(Fields root, SourceLocation location) {
        root.allow(Schema.ALERT_CHANNEL);
        String name = root.name("name");
        String description = root.string("description", false);
        String type = root.oneOf("type", AlertChannelSpec.TYPES, null);
        if (type == null) {
            return new AlertChannelSpec(name, description, null, Map.of(), Map.of(), location);
        }
        AlertChannelSpec.Keys keys = AlertChannelSpec.keys(type);
        Map<String, ValueRef> config = values(root, "config", keys.config(), keys.requiredConfig(), false, name);
        Map<String, ValueRef> secrets = values(root, "secrets", keys.secrets(), keys.requiredSecrets(), true, name);
        return new AlertChannelSpec(name, description, type, config, secrets, location);
    }

    /** {@code config:} or {@code secrets:}: the type's keys, the first {@code required} of them required; secrets references only. */
    private static Map<String, ValueRef> values(Fields root, String key, List<String> allowed, int required, boolean secret, String name) {
        Map<String, ValueRef> out = new LinkedHashMap<>();
        Fields section = root.has(key) ? root.fields(key, false) : null;
        if (section != null) {
            section.allow(allowed);
            for (YamlNode.Entry entry : section.mapping().entries()) {
                if (!allowed.contains(entry.key())) {
                    continue; // reported by allow
                }
                String path = section.child(entry.key());
                ValueRef value = secret ? ConnectionReader.secret(entry, path, name, root.problems()) : ConnectionReader.config(entry, path, root.problems());
                if (value instanceof ValueRef.Stored stored) {
                    out.put(entry.key(), AlertChannelSpec.stored(name, stored.field())); // set through the API or junction alerts set-secret
                } else if (value != null) {
                    out.put(entry.key(), value);
                }
            }
        }
        for (String needed : allowed.subList(0, required)) {
            if (!out.containsKey(needed) && (section == null || !section.has(needed))) {
                root.problems().add(section == null ? root.keyLocation(key) : section.mapping().location(), key + "." + needed,
                        "missing required key '" + needed + "' of a channel of type " + root.string("type", false)
                                + (secret ? " (a reference such as \"${env:" + ConnectionReader.envName(name) + "_" + ConnectionReader.envName(needed) + "}\")" : ""));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
