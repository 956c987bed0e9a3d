package dev.junction.store.jdbc.internal;

import dev.junction.store.FingerprintRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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
        return jdbc.withHandle("find " + distinct.size() + " fingerprints of sync '" + sync + "'", c -> {
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
        if (fingerprintsByKey.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbc.inTransaction("save " + fingerprintsByKey.size() + " fingerprints of sync '" + sync + "'", c -> {
            try (PreparedStatement statement = c.prepareStatement(upsertSql)) {
                int pending = 0;
                for (Map.Entry<String, String> entry : fingerprintsByKey.entrySet()) {
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
        });
    }

    @Override
    public long count(String sync) {
        return jdbc.withHandle("count the fingerprints of sync '" + sync + "'",
                c -> Jdbc.first(c, "select count(*) from fingerprints where sync = ?", row -> row.getLong(1), sync).orElse(0L));
    }

    @Override
    public void markSeen(String sync, Collection<String> keys, String runId) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        jdbc.inTransaction("mark " + distinct.size() + " keys of sync '" + sync + "' read by run '" + runId + "'", c -> {
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
        return jdbc.withHandle("count the keys of sync '" + sync + "' that run '" + runId + "' did not read",
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
        return jdbc.withHandle(operation, c -> Jdbc.list(c, sql.toString(), row -> row.getString(1), params.toArray()));
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
