package dev.junction.spec.internal;

import dev.junction.spec.FlowSpec;
import dev.junction.spec.SyncSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A sync's {@code hooks:}: {@code before} and {@code after}, each {@code { flow: NAME, input: TEMPLATE }}
 * ({@code before} also {@code timeout}, at most an hour). The input's {@code "= ..."} strings are
 * JSONata, parsed at load; the flow must be loaded (checked after every document is read).
 */
final class SyncHookReader {
    static final List<String> HOOKS = List.of("before", "after");
    static final List<String> BEFORE = List.of("flow", "input", "timeout");
    static final List<String> AFTER = List.of("flow", "input");
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private SyncHookReader() {}

    /** The hooks, or {@link SyncSpec.Hooks#NONE} without {@code hooks:} (or when they have problems, reported). */
    static SyncSpec.Hooks read(Fields root) {
        if (!root.has("hooks")) {
            return SyncSpec.Hooks.NONE;
        }
        Fields h = root.fields("hooks", false);
        if (h == null) {
            return SyncSpec.Hooks.NONE;
        }
        h.allow(HOOKS);
        if (!h.has("before") && !h.has("after")) {
            root.problem("hooks", "expected before and/or after, such as hooks: { before: { flow: refresh-lookup } }");
        }
        return new SyncSpec.Hooks(hook(h, "before", BEFORE), hook(h, "after", AFTER));
    }

    private static SyncSpec.Hook hook(Fields hooks, String key, List<String> allowed) {
        if (!hooks.has(key)) {
            return null;
        }
        Fields f = hooks.fields(key, false);
        if (f == null) {
            return null;
        }
        f.allow(allowed);
        int before = f.problems().size();
        String flow = f.name("flow");
        FlowSpec.Template input = null;
        if (f.has("input")) {
            checkExpressions(f.node("input"), f.child("input"), f.problems());
            input = new FlowSpec.Template(FlowReader.json(f.node("input")));
        }
        Duration timeout = f.duration("timeout", false, SyncSpec.Hook.DEFAULT_TIMEOUT, true);
        if (timeout != null && timeout.compareTo(MAX_TIMEOUT) > 0) {
            f.problem("timeout", "a before hook may take at most 1h, found " + Durations.format(timeout));
        }
        return f.problems().size() > before ? null : new SyncSpec.Hook(flow, input, timeout, f.node("flow").location());
    }

    /** Every {@code "= ..."} string must parse as JSONata. */
    private static void checkExpressions(YamlNode node, String path, Problems problems) {
        switch (node) {
            case YamlNode.Scalar s when s.type() == YamlNode.ScalarType.STRING && s.text().startsWith("=") -> {
                String error = Expressions.jsonataError(s.text().substring(1).trim());
                if (error != null) {
                    problems.add(s.location(), path, error);
                }
            }
            case YamlNode.Mapping m -> m.entries().forEach(e -> checkExpressions(e.value(), YamlNode.child(path, e.key()), problems));
            case YamlNode.Sequence l -> {
                for (int i = 0; i < l.items().size(); i++) {
                    checkExpressions(l.items().get(i), path + "[" + i + "]", problems);
                }
            }
            default -> { }
        }
    }

    /** Each hook's flow must be loaded. */
    static void crossCheck(Fields root, SyncSpec spec, Set<String> flows) {
        if (flows == null) {
            return;
        }
        check(root, spec.hooks().before(), "before", flows);
        check(root, spec.hooks().after(), "after", flows);
    }

    private static void check(Fields root, SyncSpec.Hook hook, String key, Set<String> flows) {
        if (hook != null && hook.flow() != null && !flows.contains(hook.flow())) {
            root.problems().add(hook.location(), "hooks." + key + ".flow", "unknown flow '" + hook.flow() + "'" + DidYouMean.hint(hook.flow(), flows)
                    + (flows.isEmpty() ? " (no flow is loaded)" : " (flows: " + String.join(", ", flows.stream().sorted().toList()) + ")"));
        }
    }
}
