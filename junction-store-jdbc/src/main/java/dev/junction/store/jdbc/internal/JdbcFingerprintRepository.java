package dev.junction.store.jdbc.internal;

import dev.junction.store.FingerprintRepository;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Fingerprints in table {@code fingerprints}, keyed by (sync, record_key). Large key sets are read
 * in IN lists of {@value #CHUNK} keys on one connection and written with JDBC batches of the same
 * size in one transaction.
 */
public final class JdbcFingerprintRepository implements FingerprintRepository {
    static final int CHUNK = 500;

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final Clock clock;
    private final String upsertSql;
    /** Rows per multi-row insert of new keys (a run's batch, usually). */
    static final int INSERT_ROWS = 100;
    private final String fullInsertSql = insertSql(INSERT_ROWS);

    public JdbcFingerprintRepository(Jdbc jdbc, Dialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
        this.upsertSql = dialect.upsert("fingerprints", List.of("sync", "record_key"), List.of("fingerprint", "updated_at"));
    }

    @Override
    public Map<String, String> find(String sync, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        return jdbc.withHandleNoFlush("find " + distinct.size() + " fingerprints of sync '" + sync + "'", c -> {
            Map<String, String> found = new HashMap<>();
            String fullChunkSql = null;
            for (List<String> chunk : Jdbc.chunks(distinct, CHUNK)) {
                String sql;
                if (chunk.size() == CHUNK) {
                    if (fullChunkSql == null) {
                        fullChunkSql = selectSql(CHUNK);
                    }
                    sql = fullChunkSql;
                } else {
                    sql = selectSql(chunk.size());
                }
                try (PreparedStatement statement = c.prepareStatement(sql)) {
                    dialect.bindScopedKeys(statement, sync, chunk);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), rows.getString(2));
                        }
                    }
                }
            }
            return found;
        });
    }

    private String selectSql(int keys) {
        return "select record_key, fingerprint from fingerprints where " + dialect.scopedKeyCondition("sync", "record_key", keys);
    }

    @Override
    public void saveAll(String sync, Map<String, String> fingerprintsByKey) {
        saveAll(sync, fingerprintsByKey, Set.of());
    }

    /**
     * On H2 the keys believed new are inserted (no look-up first) and the rest merged; if one of them
     * exists after all (another partition of the run saved it meanwhile), the transaction is rolled
     * back and everything merged.
     */
    @Override
    public void saveAll(String sync, Map<String, String> fingerprintsByKey, Set<String> newKeys) {
        if (fingerprintsByKey.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String operation = "save " + fingerprintsByKey.size() + " fingerprints of sync '" + sync + "'";
        if (dialect.insertBeatsUpsert() && !newKeys.isEmpty()) {
            try {
                jdbc.inTransactionNoFlush(operation, c -> {
                    insert(c, sync, fingerprintsByKey, newKeys, now);
                    if (!newKeys.containsAll(fingerprintsByKey.keySet())) {
                        write(c, upsertSql, sync, fingerprintsByKey, key -> !newKeys.contains(key), now);
                    }
                    return null;
                });
                return;
            } catch (StoreException e) {
                if (!(e.getCause() instanceof SQLException cause && Dialect.duplicateKey(cause))) {
                    throw e;
                }
            }
        }
        jdbc.inTransactionNoFlush(operation, c -> write(c, upsertSql, sync, fingerprintsByKey, key -> true, now));
    }

    /**
     * Inserts the entries of {@code newKeys} with one multi-row {@code INSERT} per {@value #INSERT_ROWS}
     * rows: H2 runs a JDBC batch row by row, each a statement of its own (table lock, result cache).
     * The loops over rows live in their own small methods: a loop of 100 rows here would have the JIT
     * compile this method twice (once for the loop, on-stack replacement) with H2's whole insert
     * inlined, half a second of C2 time per JVM (issue 18's profile).
     */
    private void insert(Connection c, String sync, Map<String, String> fingerprintsByKey, Set<String> newKeys, Instant now) throws SQLException {
        OffsetDateTime at = Jdbc.toTimestamp(now);
        for (List<Map.Entry<String, String>> chunk : Jdbc.chunks(newRows(fingerprintsByKey, newKeys), INSERT_ROWS)) {
            try (PreparedStatement statement = c.prepareStatement(chunk.size() == INSERT_ROWS ? fullInsertSql : insertSql(chunk.size()))) {
                bindRows(statement, sync, chunk, at);
                statement.executeUpdate();
            }
        }
    }

    private static List<Map.Entry<String, String>> newRows(Map<String, String> fingerprintsByKey, Set<String> newKeys) {
        List<Map.Entry<String, String>> rows = new ArrayList<>(newKeys.size());
        for (Map.Entry<String, String> entry : fingerprintsByKey.entrySet()) {
            if (newKeys.contains(entry.getKey())) {
                rows.add(entry);
            }
        }
        return rows;
    }

    private static void bindRows(PreparedStatement statement, String sync, List<Map.Entry<String, String>> rows, OffsetDateTime at) throws SQLException {
        int p = 1;
        for (Map.Entry<String, String> row : rows) {
            statement.setString(p++, sync);
            statement.setString(p++, row.getKey());
            statement.setString(p++, row.getValue());
            statement.setObject(p++, at, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static String insertSql(int rows) {
        return "insert into fingerprints (sync, record_key, fingerprint, updated_at) values "
                + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?)"));
    }

    /** Runs {@code sql} for the entries whose key passes {@code which}, in JDBC batches of {@value #CHUNK}. */
    private static Void write(Connection c, String sql, String sync, Map<String, String> fingerprintsByKey, Predicate<String> which, Instant now)
            throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int pending = 0;
            for (Map.Entry<String, String> entry : fingerprintsByKey.entrySet()) {
                if (!which.test(entry.getKey())) {
                    continue;
                }
                Jdbc.bind(statement, sync, entry.getKey(), entry.getValue(), now);
                statement.addBatch();
                if (++pending == CHUNK) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
        }
        return null;
    }

    @Override
    public long count(String sync) {
        return jdbc.withHandleNoFlush("count the fingerprints of sync '" + sync + "'",
                c -> Jdbc.first(c, "select count(*) from fingerprints where sync = ?", row -> row.getLong(1), sync).orElse(0L));
    }

    @Override
    public void markSeen(String sync, Collection<String> keys, String runId) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        jdbc.inTransactionNoFlush("mark " + distinct.size() + " keys of sync '" + sync + "' read by run '" + runId + "'", c -> {
            for (List<String> chunk : Jdbc.chunks(distinct, CHUNK)) {
                try (PreparedStatement statement = c.prepareStatement("update fingerprints set seen_run = ? where "
                        + dialect.scopedKeyCondition("sync", "record_key", chunk.size()))) {
                    statement.setString(1, runId);
                    dialect.bindScopedKeys(statement, 2, sync, chunk);
                    statement.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<String> unseen(String sync, String runId, String afterKey, int limit) {
        Jdbc.positiveLimit("list unseen keys", limit);
        String unseen = " and (seen_run is null or seen_run <> ?)";
        return page("list the keys of sync '" + sync + "' that run '" + runId + "' did not read", sync, unseen, runId, afterKey, limit);
    }

    @Override
    public long countUnseen(String sync, String runId) {
        return jdbc.withHandleNoFlush("count the keys of sync '" + sync + "' that run '" + runId + "' did not read",
                c -> Jdbc.first(c, "select count(*) from fingerprints where sync = ? and (seen_run is null or seen_run <> ?)",
                        row -> row.getLong(1), sync, runId).orElse(0L));
    }

    @Override
    public List<String> keys(String sync, String afterKey, int limit) {
        Jdbc.positiveLimit("list keys", limit);
        return page("list the keys of sync '" + sync + "'", sync, "", null, afterKey, limit);
    }

    /** Keys of the sync in code point order after {@code afterKey}; {@code condition} binds {@code conditionValue} when not null. */
    private List<String> page(String operation, String sync, String condition, String conditionValue, String afterKey, int limit) {
        String key = dialect.orderByText("record_key");
        StringBuilder sql = new StringBuilder("select record_key from fingerprints where sync = ?").append(condition);
        List<Object> params = new ArrayList<>(List.of(sync));
        if (conditionValue != null) {
            params.add(conditionValue);
        }
        if (afterKey != null) {
            sql.append(" and ").append(key).append(" > ?");
            params.add(afterKey);
        }
        sql.append(" order by ").append(key).append(" limit ?");
        params.add(limit);
        return jdbc.withHandleNoFlush(operation, c -> Jdbc.list(c, sql.toString(), row -> row.getString(1), params.toArray()));
    }

    @Override
    public long remove(String sync, Collection<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        return jdbc.inTransaction("remove " + distinct.size() + " fingerprints of sync '" + sync + "'", c -> {
            long removed = 0;
            for (List<String> chunk : Jdbc.chunks(distinct, CHUNK)) {
                try (PreparedStatement statement = c.prepareStatement("delete from fingerprints where "
                        + dialect.scopedKeyCondition("sync", "record_key", chunk.size()))) {
                    dialect.bindScopedKeys(statement, sync, chunk);
                    removed += statement.executeUpdate();
                }
            }
            return removed;
        });
    }

    @Override
    public long clear(String sync) {
        return jdbc.withHandle("clear the fingerprints of sync '" + sync + "'",
                c -> (long) Jdbc.update(c, "delete from fingerprints where sync = ?", sync));
    }
}
