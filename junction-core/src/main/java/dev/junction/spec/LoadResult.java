package dev.junction.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link SpecLoader} found: the valid specs, in the order they were read, and every problem of
 * every file. A spec with any problem of its own (including a reference to a spec that is not
 * loaded) is not among {@code specs}. A valid spec that refers to one with problems is kept, but
 * the result is not {@link #ok()}: apply a set only when it is.
 */
public record LoadResult(List<LoadedSpec> specs, List<SpecProblem> problems) {
    public LoadResult {
        specs = List.copyOf(specs);
        problems = List.copyOf(problems);
    }

    /** No problems at all. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * @return this result when {@link #ok()}
     * @throws SpecException listing every problem otherwise
     */
    public LoadResult requireOk() {
        if (!ok()) {
            throw new SpecException(problems);
        }
        return this;
    }

    /** Valid connectors by name, in load order. */
    public Map<String, ConnectorSpec> connectors() {
        return byName(ConnectorSpec.class);
    }

    /** Valid connections by name, in load order. */
    public Map<String, ConnectionSpec> connections() {
        return byName(ConnectionSpec.class);
    }

    /** Valid syncs by name, in load order. */
    public Map<String, SyncSpec> syncs() {
        return byName(SyncSpec.class);
    }

    /** The valid spec of this kind ({@code Connector}, {@code Connection}, {@code Sync}) and name. */
    public Optional<LoadedSpec> find(String kind, String name) {
        return specs.stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst();
    }

    private <T extends Spec> Map<String, T> byName(Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        for (LoadedSpec loaded : specs) {
            if (type.isInstance(loaded.spec())) {
                out.putIfAbsent(loaded.name(), type.cast(loaded.spec()));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
