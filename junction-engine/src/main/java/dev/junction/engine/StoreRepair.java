package dev.junction.engine;

import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Repairs the embedded store in a data directory after H2 left an index naming a row its table lost
 * (a process killed at the wrong moment; docs/server.md "Embedded store durability"): the database is
 * rebuilt from its tables' rows into a new file that replaces the old one, which is kept. Only where
 * the store is there and no process has it open; a store on PostgreSQL is PostgreSQL's to repair.
 */
public final class StoreRepair {
    /** What a repair did: tables and rows carried over, where the file before it is kept, how long it took. */
    public record Repaired(Path dataDir, int tables, long rows, Path before, Duration took) {}

    private StoreRepair() {}

    /**
     * Rebuilds the embedded store of {@code location}.
     *
     * @throws EngineException.Invalid when the location is not an embedded store
     * @throws dev.junction.store.StoreException when there is none, it is open in another process, or the rebuilt copy differs
     */
    public static Repaired repair(StoreLocation location, Clock clock) {
        if (!location.embedded()) {
            throw new EngineException.Invalid("store repair works on the embedded store in a data directory (--data-dir), not on "
                    + location.describe() + ": a PostgreSQL store is repaired with PostgreSQL's own tools (REINDEX)");
        }
        var rebuilt = JdbcStore.rebuildEmbedded(location.dataDir(), clock);
        return new Repaired(rebuilt.dataDir(), rebuilt.rows().size(), rebuilt.totalRows(), rebuilt.before(), rebuilt.took());
    }
}
