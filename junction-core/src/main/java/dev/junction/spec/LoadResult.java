package dev.junction.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SpecLoader} found: the valid specs, in the order they were read, and every problem of
 * every file. A spec with any problem of its own (including a reference to a spec that is not
 * loaded) is not among {@code specs}. A valid spec that refers to one with problems is kept, but
 * the result is not {@link #ok()}: apply a set only when it is.
 *
 * <p>Immutable; the maps by kind and name are built once, with the result: a server with 10,000
 * applied syncs looks a sync up on every schedule fire, queued run and dispatch, and rebuilding the
 * map each time was a third of its CPU.
 */
public final class LoadResult {
    private final List<LoadedSpec> specs;
    private final List<SpecProblem> problems;
    private final Map<String, ConnectorSpec> connectors;
    private final Map<String, ConnectionSpec> connections;
    private final Map<String, SyncSpec> syncs;
    private final Map<String, FlowSpec> flows;
    private final Map<String, AlertSpec> alerts;
    private final Map<String, AlertChannelSpec> alertChannels;
    private final Map<String, LoadedSpec> byKindAndName;
    private final List<SpecProblem> warnings;

    public LoadResult(List<LoadedSpec> specs, List<SpecProblem> problems) {
        this(specs, problems, List.of());
    }

    /** {@code warnings}: what loaded but may not be what was meant (a file with no definition in it). */
    public LoadResult(List<LoadedSpec> specs, List<SpecProblem> problems, List<SpecProblem> warnings) {
        this.specs = List.copyOf(specs);
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
        this.connectors = byName(this.specs, ConnectorSpec.class);
        this.connections = byName(this.specs, ConnectionSpec.class);
        this.syncs = byName(this.specs, SyncSpec.class);
        this.flows = byName(this.specs, FlowSpec.class);
        this.alerts = byName(this.specs, AlertSpec.class);
        this.alertChannels = byName(this.specs, AlertChannelSpec.class);
        Map<String, LoadedSpec> index = new LinkedHashMap<>();
        for (LoadedSpec loaded : this.specs) {
            index.putIfAbsent(key(loaded.kind(), loaded.name()), loaded);
        }
        this.byKindAndName = Collections.unmodifiableMap(index);
    }

    /** The valid specs, in the order they were read. */
    public List<LoadedSpec> specs() {
        return specs;
    }

    /** Every problem of every file. */
    public List<SpecProblem> problems() {
        return problems;
    }

    /** What loaded but may not be what was meant, such as a file with no definition in it; not problems: {@link #ok()} ignores them. */
    public List<SpecProblem> warnings() {
        return warnings;
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
        return connectors;
    }

    /** Valid connections by name, in load order. */
    public Map<String, ConnectionSpec> connections() {
        return connections;
    }

    /** Valid syncs by name, in load order. */
    public Map<String, SyncSpec> syncs() {
        return syncs;
    }

    /** Valid flows by name, in load order. */
    public Map<String, FlowSpec> flows() {
        return flows;
    }

    /** Valid alert rules by name, in load order. */
    public Map<String, AlertSpec> alerts() {
        return alerts;
    }

    /** Valid alert channels by name, in load order. */
    public Map<String, AlertChannelSpec> alertChannels() {
        return alertChannels;
    }

    /** The valid spec of this kind ({@code Connector}, {@code Connection}, {@code Sync}, {@code Flow}) and name. */
    public Optional<LoadedSpec> find(String kind, String name) {
        return Optional.ofNullable(byKindAndName.get(key(kind, name)));
    }

    private static String key(String kind, String name) {
        return kind + '\u0000' + name;
    }

    private static <T extends Spec> Map<String, T> byName(List<LoadedSpec> specs, Class<T> type) {
        Map<String, T> out = new LinkedHashMap<>();
        for (LoadedSpec loaded : specs) {
            if (type.isInstance(loaded.spec())) {
                out.putIfAbsent(loaded.name(), type.cast(loaded.spec()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadResult other && specs.equals(other.specs) && problems.equals(other.problems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(specs, problems);
    }

    @Override
    public String toString() {
        return "LoadResult[specs=" + specs + ", problems=" + problems + "]";
    }
}
