package dev.junction.store.jdbc.internal;

import dev.junction.store.CheckpointRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checkpoints in table {@code checkpoints}, keyed by (sync, stream, partition). A null partition is
 * read as {@code ""}, the single partition of a stream.
 */
public final class JdbcCheckpointRepository implements CheckpointRepository {
    private final Jdbc jdbc;
    private final String upsertSql;

    public JdbcCheckpointRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.upsertSql = dialect.upsert(
                "checkpoints", List.of("sync", "stream", "partition_key"), List.of("checkpoint_value", "updated_at"));
    }

    @Override
    public Optional<String> find(String sync, String stream, String partition) {
        String part = Objects.requireNonNullElse(partition, "");
        return jdbc.withHandle(
                "find the checkpoint of sync '" + sync + "' stream '" + stream + "' partition '" + part + "'",
                c -> Jdbc.first(c,
                        "select checkpoint_value from checkpoints where sync = ? and stream = ? and partition_key = ?",
                        row -> row.getString(1), sync, stream, part));
    }

    @Override
    public void save(String sync, String stream, String partition, String value, Instant at) {
        String part = Objects.requireNonNullElse(partition, "");
        jdbc.withHandle(
                "save the checkpoint of sync '" + sync + "' stream '" + stream + "' partition '" + part + "'",
                c -> Jdbc.update(c, upsertSql, sync, stream, part, value, at));
    }
}
