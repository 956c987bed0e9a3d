package dev.junction.store.jdbc.internal;

import dev.junction.store.DriftEvent;
import dev.junction.store.SchemaRepository;
import dev.junction.store.StoredSchema;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;

/** Schemas in table {@code stream_schemas}, drift events in {@code drift_events} (ordered by their identity). */
public final class JdbcSchemaRepository implements SchemaRepository {
    private static final String SCHEMA_COLUMNS = "connection, stream, schema_json, sampled, updated_at";
    private static final String DRIFT_COLUMNS = "run_id, connection, stream, field, change, before_type, after_type, at";

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcSchemaRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public void save(StoredSchema schema) {
        String sql = dialect.upsert("stream_schemas", List.of("connection", "stream"), List.of("schema_json", "sampled", "updated_at"));
        jdbc.withHandle("save the schema of stream '" + schema.stream() + "' of connection '" + schema.connection() + "'", c ->
                Jdbc.update(c, sql, schema.connection(), schema.stream(), schema.schema(), schema.sampled(), schema.updatedAt()));
    }

    @Override
    public Optional<StoredSchema> find(String connection, String stream) {
        return jdbc.withHandleNoFlush("find the schema of stream '" + stream + "' of connection '" + connection + "'", c ->
                Jdbc.first(c, "select " + SCHEMA_COLUMNS + " from stream_schemas where connection = ? and stream = ?",
                        JdbcSchemaRepository::schemaRow, connection, stream));
    }

    @Override
    public List<StoredSchema> list(String connection) {
        String order = " order by " + dialect.orderByText("connection") + ", " + dialect.orderByText("stream");
        return jdbc.withHandleNoFlush("list stream schemas", c -> connection == null
                ? Jdbc.list(c, "select " + SCHEMA_COLUMNS + " from stream_schemas" + order, JdbcSchemaRepository::schemaRow)
                : Jdbc.list(c, "select " + SCHEMA_COLUMNS + " from stream_schemas where connection = ?" + order,
                        JdbcSchemaRepository::schemaRow, connection));
    }

    @Override
    public void addDrift(List<DriftEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.inTransaction("add " + events.size() + " drift event(s) of run '" + events.getFirst().runId() + "'", c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into drift_events (" + DRIFT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DriftEvent e : events) {
                    Jdbc.bind(insert, e.runId(), e.connection(), e.stream(), e.field(), e.change(), e.before(), e.after(), e.at());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<DriftEvent> driftOfRun(String runId) {
        return jdbc.withHandleNoFlush("list the drift events of run '" + runId + "'", c ->
                Jdbc.list(c, "select " + DRIFT_COLUMNS + " from drift_events where run_id = ? order by id", JdbcSchemaRepository::driftRow, runId));
    }

    @Override
    public List<DriftEvent> drift(String connection, String stream, int limit) {
        Jdbc.positiveLimit("drift", limit);
        return jdbc.withHandleNoFlush("list the drift events of stream '" + stream + "' of connection '" + connection + "'", c ->
                Jdbc.list(c, "select " + DRIFT_COLUMNS + " from drift_events where connection = ? and stream = ? order by id desc limit ?",
                        JdbcSchemaRepository::driftRow, connection, stream, limit));
    }

    private static StoredSchema schemaRow(java.sql.ResultSet r) throws java.sql.SQLException {
        return new StoredSchema(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), Jdbc.instant(r, "updated_at"));
    }

    private static DriftEvent driftRow(java.sql.ResultSet r) throws java.sql.SQLException {
        return new DriftEvent(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7),
                Jdbc.instant(r, "at"));
    }
}
