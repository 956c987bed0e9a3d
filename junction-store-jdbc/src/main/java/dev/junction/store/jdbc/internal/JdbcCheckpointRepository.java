package dev.junction.store.jdbc.internal;

import dev.junction.store.CheckpointRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checkpoints in table {@code checkpoints}, keyed by (sync, stream, partition). A null partition is
 * read as {@code ""}, the single partition of a stream; {@code completed_at} marks a partition read
 * to its end.
 */
public final class JdbcCheckpointRepository implements CheckpointRepository {
    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String upsertSql;
    private final String completeSql;

    public JdbcCheckpointRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.upsertSql = dialect.upsert(
                "checkpoints", List.of("sync", "stream", "partition_key"), List.of("checkpoint_value", "updated_at"));
        this.completeSql = dialect.upsert(
                "checkpoints", List.of("sync", "stream", "partition_key"), List.of("completed_at", "updated_at"));
    }

    @Override
    public Optional<String> find(String sync, String stream, String partition) {
        String part = Objects.requireNonNullElse(partition, "");
        return jdbc.withHandleNoFlush(
                "find the checkpoint of sync '" + sync + "' stream '" + stream + "' partition '" + part + "'",
                c -> Jdbc.first(c,
                        "select checkpoint_value from checkpoints where sync = ? and stream = ? and partition_key = ?",
                        row -> row.getString(1), sync, stream, part));
    }

    @Override
    public void save(String sync, String stream, String partition, String value, Instant at) {
        String part = Objects.requireNonNullElse(partition, "");
        jdbc.withHandleNoFlush(
                "save the checkpoint of sync '" + sync + "' stream '" + stream + "' partition '" + part + "'",
                c -> Jdbc.update(c, upsertSql, sync, stream, part, value, at));
    }

    @Override
    public List<PartitionState> partitions(String sync, String stream) {
        return jdbc.withHandleNoFlush(
                "list the partition checkpoints of sync '" + sync + "' stream '" + stream + "'",
                c -> Jdbc.list(c,
                        "select partition_key, checkpoint_value, completed_at from checkpoints where sync = ? and stream = ? and partition_key <> ''"
                                + " order by " + dialect.orderByText("partition_key"),
                        row -> new PartitionState(row.getString(1), row.getString(2), row.getObject(3) != null), sync, stream));
    }

    @Override
    public void complete(String sync, String stream, String partition, Instant at) {
        jdbc.withHandle(
                "mark partition '" + partition + "' of sync '" + sync + "' stream '" + stream + "' complete",
                c -> Jdbc.update(c, completeSql, sync, stream, partition, at, at));
    }

    @Override
    public void delete(String sync, String stream, String partition) {
        jdbc.withHandle(
                "delete partition '" + partition + "' of sync '" + sync + "' stream '" + stream + "'",
                c -> Jdbc.update(c, "delete from checkpoints where sync = ? and stream = ? and partition_key = ?", sync, stream, partition));
    }
}
