package dev.junction.engine.internal;

import dev.junction.engine.Definitions;
import dev.junction.engine.EngineException;
import dev.junction.spec.FlowSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.store.StoredDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versions of the applied flows that executions run on, each compiled once and kept: an
 * execution runs on the version it was created with, whatever is applied meanwhile. Thread-safe.
 */
public final class FlowVersions {
    private final Definitions definitions;
    private final Map<String, CompiledFlow> compiled = new ConcurrentHashMap<>();

    public FlowVersions(Definitions definitions) {
        this.definitions = definitions;
    }

    /** A flow at one version, compiled once: the current one from what is applied, an earlier one from its stored text. */
    public CompiledFlow compiled(String name, int version) {
        return compiled.computeIfAbsent(name + "@" + version, key -> {
            StoredDefinition stored = definitions.version(FlowSpec.KIND, name, version);
            LoadResult loaded = definitions.withApplied(List.of(new SourceText(stored.origin(), stored.source(), false, stored.lineOffset())));
            FlowSpec spec = loaded.flows().get(name);
            if (spec == null) {
                throw new EngineException.Invalid("version " + version + " of flow '" + name + "' does not load with what is applied now: "
                        + String.join("; ", loaded.problems().stream().map(Object::toString).toList()));
            }
            return new CompiledFlow(spec, version);
        });
    }

    /**
     * The flow's current version, compiled.
     *
     * @throws EngineException.NotFound when no such flow is applied
     */
    public CompiledFlow current(String name) {
        return compiled(name, definitions.get(FlowSpec.KIND, name).version());
    }
}
