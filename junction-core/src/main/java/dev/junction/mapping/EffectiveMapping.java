package dev.junction.mapping;

import dev.junction.JunctionException;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SyncSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sync's mapping as it runs: the sync's own lines (the default) with the overrides of its
 * connections on top — the source connection's first, then the destination's. A line whose target
 * an override also names is replaced in place; an override's new targets are added at the end; a
 * line an override removes ({@code target: { remove: true }}) is left out of the mapping but kept in
 * {@link #lines()}, marked removed, so {@code map show} can say who removed it.
 */
public final class EffectiveMapping {
    /**
     * One line and where it came from: {@code sync NAME} or {@code connection NAME}. A removed line
     * is the line as it stood before the override that removed it, with that override's origin.
     */
    public record Line(FieldMapping mapping, String origin, boolean overridden, boolean removed) {
        public Line(FieldMapping mapping, String origin, boolean overridden) {
            this(mapping, origin, overridden, false);
        }
    }

    private final List<Line> lines;

    private EffectiveMapping(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    /**
     * @param connections the connections whose overrides apply, in order (usually the sync's source
     *     and destination connection; a tenant's own connection in their place for a what-if)
     * @throws JunctionException when an override would nest fields under a value (or the reverse)
     */
    public static EffectiveMapping of(SyncSpec sync, List<ConnectionSpec> connections) {
        Map<String, Line> byTarget = new LinkedHashMap<>();
        for (FieldMapping line : sync.mapping()) {
            byTarget.put(line.target(), new Line(line, "sync " + sync.name(), false));
        }
        for (ConnectionSpec connection : connections) {
            if (connection == null) {
                continue;
            }
            for (FieldMapping line : connection.mappingOverrides().getOrDefault(sync.name(), List.of())) {
                Line replaced = byTarget.get(line.target());
                if (line.value() instanceof FieldMapping.Remove) {
                    if (replaced == null || replaced.removed()) {
                        throw new JunctionException(line.location() + " connection '" + connection.name() + "' removes target '" + line.target()
                                + "' from sync '" + sync.name() + "', which has no such line");
                    }
                    byTarget.put(line.target(), new Line(replaced.mapping(), "connection " + connection.name(), true, true));
                    continue;
                }
                for (Line existing : byTarget.values()) {
                    String target = existing.mapping().target();
                    if (!existing.removed() && !target.equals(line.target()) && (target.startsWith(line.target() + ".") || line.target().startsWith(target + "."))) {
                        throw new JunctionException(line.location() + " connection '" + connection.name() + "' overrides sync '" + sync.name()
                                + "' with target '" + line.target() + "', which conflicts with target '" + target
                                + "': a field cannot hold both a value and nested fields");
                    }
                }
                byTarget.put(line.target(), new Line(line, "connection " + connection.name(), replaced != null));
            }
        }
        return new EffectiveMapping(new ArrayList<>(byTarget.values()));
    }

    /**
     * The sync's source and destination connections' overrides, from the given definitions. A side
     * that names a connector (a per-tenant sync not yet bound to a tenant) has no connection, so
     * only the sync's default lines apply to it; bind the sync to a tenant first
     * ({@link dev.junction.runtime.Tenants#bind}) to see that tenant's overrides.
     */
    public static EffectiveMapping of(SyncSpec sync, Map<String, ConnectionSpec> connections) {
        List<ConnectionSpec> applying = new ArrayList<>();
        if (sync.source().connection() != null) { // a SQL source has no connection
            applying.add(connections.get(sync.source().connection()));
        }
        if (sync.destination().connection() != null && !sync.destination().connection().equals(sync.source().connection())) {
            applying.add(connections.get(sync.destination().connection()));
        }
        return of(sync, applying);
    }

    public List<Line> lines() {
        return lines;
    }

    /** The lines that map, in order (without removed ones). */
    public List<FieldMapping> mappings() {
        return lines.stream().filter(line -> !line.removed()).map(Line::mapping).toList();
    }
}
