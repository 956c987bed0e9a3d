package dev.junction.store.jdbc.internal;

import dev.junction.store.Lease;
import dev.junction.store.StoreException;
import dev.junction.store.SyncState;
import dev.junction.store.SyncStateRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A sync's state across tables {@code checkpoints}, {@code fingerprints}, {@code write_intents} and
 * {@code run_leases}, all keyed by the state key in their {@code sync} column. A reset or move
 * locks each key's lease row ({@code for update}) and, where none exists, inserts a placeholder
 * lease owned by {@value #OWNER} that it deletes again before it commits: a run taking its lease
 * meanwhile waits for the commit (PostgreSQL) or fails to take it, and never reads half-reset state.
 */
public final class JdbcSyncStateRepository implements SyncStateRepository {
    /** The owner of the placeholder lease a reset or move holds until it commits; a run that meets it is told so. */
    public static final String OWNER = "junction-state-change";
    /** How long a placeholder lease left by a killed process keeps runs out. */
    private static final Duration HOLD = Duration.ofMinutes(1);
    /** The state tables, each with a {@code sync} column holding the state key. */
    private static final List<String> TABLES = List.of("checkpoints", "fingerprints", "write_intents", "run_leases");

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcSyncStateRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public SyncState find(String stateKey) {
        return jdbc.withHandleNoFlush("read the stored state of '" + stateKey + "'", c -> {
            List<SyncState.Checkpoint> checkpoints = Jdbc.list(c,
                    "select stream, partition_key, checkpoint_value, updated_at, completed_at from checkpoints where sync = ?"
                            + " order by " + dialect.orderByText("stream") + ", " + dialect.orderByText("partition_key"),
                    row -> new SyncState.Checkpoint(row.getString("stream"), row.getString("partition_key"), row.getString("checkpoint_value"),
                            Jdbc.instant(row, "updated_at"), Jdbc.instant(row, "completed_at")),
                    stateKey);
            long[] fingerprints = Jdbc.first(c, "select count(*), count(seen_run) from fingerprints where sync = ?",
                    row -> new long[] {row.getLong(1), row.getLong(2)}, stateKey).orElse(new long[2]);
            long intents = count(c, "write_intents", stateKey);
            Optional<Lease> lease = Jdbc.first(c, JdbcLeaseRepository.SELECT, JdbcLeaseRepository::map, stateKey);
            return new SyncState(stateKey, checkpoints, fingerprints[0], fingerprints[1], intents, lease);
        });
    }

    @Override
    public List<String> tenants(String sync) {
        String prefix = sync + "@";
        String like = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return jdbc.withHandleNoFlush("list the tenants with state of sync '" + sync + "'", c -> {
            TreeSet<String> tenants = new TreeSet<>();
            for (String table : TABLES) {
                for (String key : Jdbc.list(c, "select distinct sync from " + table + " where sync like ? escape '!'", row -> row.getString(1), like)) {
                    tenants.add(key.substring(prefix.length()));
                }
            }
            return List.copyOf(tenants);
        });
    }

    @Override
    public Outcome reset(List<String> stateKeys, Reset what, Instant now) {
        return guarded("reset the state of " + String.join(", ", stateKeys), stateKeys, now, c -> {
            long checkpoints = 0;
            long fingerprints = 0;
            for (String key : stateKeys) {
                checkpoints += what.partition() == null
                        ? Jdbc.update(c, "delete from checkpoints where sync = ?", key)
                        : Jdbc.update(c, "delete from checkpoints where sync = ? and partition_key = ?", key, what.partition());
                if (what.fingerprints()) {
                    fingerprints += Jdbc.update(c, "delete from fingerprints where sync = ?", key);
                }
            }
            return new Outcome(checkpoints, fingerprints, 0, Optional.empty());
        });
    }

    @Override
    public Outcome move(String fromKey, String toKey, Instant now) {
        return guarded("move the state of '" + fromKey + "' to '" + toKey + "'", List.of(fromKey, toKey), now, c -> {
            for (String table : TABLES.subList(0, 3)) {
                if (count(c, table, toKey) > 0) {
                    throw new StoreException("'" + toKey + "' already has stored state (" + table.replace('_', ' ') + "); nothing was moved", null);
                }
            }
            long checkpoints = Jdbc.update(c, "update checkpoints set sync = ? where sync = ?", toKey, fromKey);
            long fingerprints = Jdbc.update(c, "update fingerprints set sync = ? where sync = ?", toKey, fromKey);
            long intents = Jdbc.update(c, "update write_intents set sync = ? where sync = ?", toKey, fromKey);
            return new Outcome(checkpoints, fingerprints, intents, Optional.empty());
        });
    }

    /** Runs {@code work} in one transaction holding the leases of {@code keys}; rolled back when a run holds one. */
    private Outcome guarded(String operation, List<String> keys, Instant now, Jdbc.HandleCallback<Outcome> work) {
        try {
            return jdbc.inTransaction(operation, c -> {
                List<String> placeholders = new ArrayList<>();
                for (String key : keys) {
                    Optional<Lease> lease = Jdbc.first(c, JdbcLeaseRepository.SELECT + " for update", JdbcLeaseRepository::map, key);
                    if (lease.isPresent() && lease.get().expiresAt().isAfter(now)) {
                        throw new Held(lease.get());
                    }
                    if (lease.isEmpty()) {
                        Jdbc.update(c, "insert into run_leases (sync, owner, acquired_at, expires_at) values (?, ?, ?, ?)", key, OWNER, now, now.plus(HOLD));
                        placeholders.add(key);
                    }
                }
                Outcome outcome = work.withHandle(c);
                for (String key : placeholders) {
                    Jdbc.update(c, "delete from run_leases where sync = ? and owner = ?", key, OWNER);
                }
                return outcome;
            });
        } catch (Held held) {
            return Outcome.held(held.lease);
        }
    }

    private static long count(Connection c, String table, String key) throws SQLException {
        return Jdbc.first(c, "select count(*) from " + table + " where sync = ?", row -> row.getLong(1), key).orElse(0L);
    }

    /** Unwinds the transaction (rolled back) when a run holds a lease. */
    private static final class Held extends RuntimeException {
        private final transient Lease lease;

        Held(Lease lease) {
            super(null, null, false, false);
            this.lease = lease;
        }
    }
}
