package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.StoreException;
import dev.junction.store.WriteIntent;
import dev.junction.store.WriteIntentRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Write intents in table {@code write_intents}, keyed by (sync, idempotency_key); keys and
 * fingerprints are JSON arrays. {@link #complete} saves fingerprints with the same upsert as
 * {@link JdbcFingerprintRepository}, in the transaction that deletes the intent.
 */
public final class JdbcWriteIntentRepository implements WriteIntentRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final String upsertIntentSql;
    private final String upsertFingerprintSql;

    public JdbcWriteIntentRepository(Jdbc jdbc, Dialect dialect, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.upsertIntentSql = dialect.upsert("write_intents", List.of("sync", "idempotency_key"),
                List.of("run_id", "record_keys", "fingerprints", "records", "created_at"));
        this.upsertFingerprintSql = dialect.upsert("fingerprints", List.of("sync", "record_key"), List.of("fingerprint", "updated_at"));
    }

    @Override
    public void add(WriteIntent intent) {
        jdbc.withHandle("save the write intent '" + intent.idempotencyKey() + "' of sync '" + intent.sync() + "'",
                c -> Jdbc.update(c, upsertIntentSql, intent.sync(), intent.idempotencyKey(), intent.runId(), write(intent.keys()),
                        write(intent.fingerprints()), intent.records(), intent.createdAt()));
    }

    @Override
    public List<WriteIntent> find(String sync) {
        return jdbc.withHandleNoFlush("find the write intents of sync '" + sync + "'", c -> Jdbc.list(c,
                "select sync, idempotency_key, run_id, record_keys, fingerprints, records, created_at from write_intents"
                        + " where sync = ? order by created_at, idempotency_key",
                this::map, sync));
    }

    @Override
    public void complete(String sync, String idempotencyKey, Map<String, String> fingerprintsByKey) {
        Instant now = clock.instant();
        jdbc.inTransactionNoFlush("complete the write intent '" + idempotencyKey + "' of sync '" + sync + "'", c -> {
            if (!fingerprintsByKey.isEmpty()) {
                try (PreparedStatement statement = c.prepareStatement(upsertFingerprintSql)) {
                    for (Map.Entry<String, String> entry : fingerprintsByKey.entrySet()) {
                        Jdbc.bind(statement, sync, entry.getKey(), entry.getValue(), now);
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }
            Jdbc.update(c, "delete from write_intents where sync = ? and idempotency_key = ?", sync, idempotencyKey);
            return null;
        });
    }

    @Override
    public void discard(String sync, String idempotencyKey) {
        jdbc.withHandleNoFlush("discard the write intent '" + idempotencyKey + "' of sync '" + sync + "'",
                c -> Jdbc.update(c, "delete from write_intents where sync = ? and idempotency_key = ?", sync, idempotencyKey));
    }

    private WriteIntent map(ResultSet row) throws SQLException {
        return new WriteIntent(row.getString("sync"), row.getString("idempotency_key"), row.getString("run_id"),
                read(row.getString("record_keys")), read(row.getString("fingerprints")), row.getString("records"),
                Jdbc.instant(row, "created_at"));
    }

    private String write(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not write a write intent's keys as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private List<String> read(String text) {
        try {
            return json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored write intent is not readable JSON: " + e.getOriginalMessage(), e);
        }
    }
}
