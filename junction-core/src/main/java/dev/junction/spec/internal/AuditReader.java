package dev.junction.spec.internal;

import dev.junction.audit.Normalizer;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.SyncSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sync's {@code audit: { stream, key, ignore, normalize }}: the destination stream to compare
 * with, the field of its records that holds the key (by default the destination's key), the mapping
 * targets left out of the comparison, and per target the normalizers applied before comparing.
 * Names in {@code ignore} and {@code normalize} must be mapping targets; the stream is checked
 * against the destination's connector in {@link #crossCheck}.
 */
final class AuditReader {
    private AuditReader() {}

    /** The shortest {@code every:} of a scheduled audit. */
    static final java.time.Duration MIN_EVERY = java.time.Duration.ofMinutes(1);

    /** The audit settings, or null when there are none (or they have a problem, reported). */
    static SyncSpec.Audit read(Fields root, SyncSpec.Destination destination) {
        if (!root.has("audit")) {
            return null;
        }
        Fields a = root.fields("audit", false);
        if (a == null) {
            return null;
        }
        a.allow(Schema.SYNC_AUDIT);
        String stream = a.string("stream", true);
        String key = a.string("key", false, destination == null ? null : destination.key());
        List<String> targets = root.node("mapping") instanceof YamlNode.Mapping mapping ? mapping.keys() : List.of();
        List<String> ignore = ignore(a, targets);
        Map<String, List<Normalizer>> normalize = normalize(a, targets);
        java.time.Duration every = a.duration("every", false, null, true);
        if (every != null && every.compareTo(MIN_EVERY) < 0) {
            a.problem("every", "expected at least 1m (an audit reads both sides in full), found " + a.node("every").describe());
            every = null;
        }
        if (stream == null || key == null || ignore == null || normalize == null) {
            return null;
        }
        return new SyncSpec.Audit(stream, key, ignore, normalize, every);
    }

    /** {@code ignore: [updated_at, owner_id]}: mapping targets. */
    private static List<String> ignore(Fields a, List<String> targets) {
        YamlNode node = a.node("ignore");
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence list)) {
            a.problem("ignore", "expected a list of mapping targets such as [updated_at], found " + node.describe());
            return null;
        }
        List<String> names = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String name = Fields.text(item, a.child("ignore") + "[" + i + "]", a.problems());
            ok &= name != null && target(a, item, a.child("ignore") + "[" + i + "]", name, targets);
            names.add(name);
        }
        return ok ? names : null;
    }

    /** {@code normalize: { email: [lowercase, trim], amount: number }}: per mapping target, one normalizer or a list. */
    private static Map<String, List<Normalizer>> normalize(Fields a, List<String> targets) {
        if (!a.has("normalize")) {
            return Map.of();
        }
        Fields n = a.fields("normalize", false);
        if (n == null) {
            return null;
        }
        Map<String, List<Normalizer>> out = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlNode.Entry entry : n.mapping().entries()) {
            String path = n.child(entry.key());
            ok &= target(a, new YamlNode.Scalar(YamlNode.ScalarType.STRING, entry.key(), entry.key(), entry.keyLocation()), path, entry.key(), targets);
            List<YamlNode> items = entry.value() instanceof YamlNode.Sequence list ? list.items() : List.of(entry.value());
            List<Normalizer> steps = new ArrayList<>();
            for (YamlNode item : items) {
                String name = item instanceof YamlNode.Scalar s && !s.isNull() ? s.text() : null;
                Normalizer step = name == null ? null : Normalizer.of(name).orElse(null);
                if (step == null) {
                    a.problems().add(item.location(), path, "expected a normalizer (" + String.join(", ", Normalizer.names()) + ") or a list of them, found "
                            + item.describe() + (name == null ? "" : DidYouMean.hint(name, Normalizer.names())));
                    ok = false;
                } else {
                    steps.add(step);
                }
            }
            out.put(entry.key(), steps);
        }
        return ok ? out : null;
    }

    /** Whether {@code name} is a mapping target (reporting it at {@code node} when not). */
    private static boolean target(Fields a, YamlNode node, String path, String name, List<String> targets) {
        if (targets.isEmpty() || targets.contains(name)) {
            return true;
        }
        a.problems().add(node.location(), path, "'" + name + "' is not a mapping target" + DidYouMean.hint(name, targets)
                + " (targets: " + String.join(", ", targets) + ")");
        return false;
    }

    /** The audit's stream must be a stream of the destination's connector. */
    static void crossCheck(Fields root, SyncSpec spec, ConnectorSpec destinationConnector) {
        if (spec.audit() == null || destinationConnector == null || destinationConnector.streams() == null) {
            return;
        }
        String stream = spec.audit().stream();
        if (!destinationConnector.streams().containsKey(stream)) {
            Fields a = Fields.of(root.node("audit"), "audit", root.keyLocation("audit"), new Problems());
            java.util.Set<String> names = destinationConnector.streams().keySet();
            root.problems().add(a.node("stream").location(), "audit.stream", "the destination's connector '" + destinationConnector.name()
                    + "' has no stream '" + stream + "'" + (names.isEmpty() ? " (it declares no streams); an audit reads the destination's records through one"
                            : DidYouMean.hint(stream, names) + " (streams: " + String.join(", ", names) + ")"));
        }
    }
}
