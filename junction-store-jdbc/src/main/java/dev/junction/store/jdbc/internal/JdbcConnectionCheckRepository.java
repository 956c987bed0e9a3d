package dev.junction.store.jdbc.internal;

import dev.junction.store.ConnectionCheck;
import dev.junction.store.ConnectionCheckRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Connections' health checks in table {@code connection_checks}: a check is inserted and the
 * connection's checks beyond the newest {@code keep} deleted in the same transaction, so the table
 * holds a bounded history per connection however often checks run.
 */
public final class JdbcConnectionCheckRepository implements ConnectionCheckRepository {
    private static final String COLUMNS = "id, connection, tenant, checked_at, status, http_status, duration_ms, error, trigger";

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcConnectionCheckRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public ConnectionCheck record(ConnectionCheck check, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep: expected at least 1, was " + keep);
        }
        return jdbc.inTransaction("record a check of connection '" + check.connection() + "'", c -> {
            long id;
            try (PreparedStatement insert = dialect.prepareInsertReturningId(c, "insert into connection_checks (connection, tenant, checked_at, status,"
                    + " http_status, duration_ms, error, trigger) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                Jdbc.bind(insert, check.connection(), check.tenant(), check.checkedAt(), check.status(), check.httpStatus(), check.durationMillis(),
                        check.error(), check.trigger());
                insert.executeUpdate();
                try (ResultSet generated = insert.getGeneratedKeys()) {
                    if (!generated.next()) {
                        throw new SQLException("the database returned no id for the new connection check");
                    }
                    id = generated.getLong(1);
                }
            }
            // the oldest beyond keep go: everything below the keep-th newest id
            Jdbc.update(c, "delete from connection_checks where connection = ? and id < (select min(id) from (select id from connection_checks"
                    + " where connection = ? order by id desc limit ?) newest)", check.connection(), check.connection(), keep);
            return new ConnectionCheck(id, check.connection(), check.tenant(), check.checkedAt(), check.status(), check.httpStatus(),
                    check.durationMillis(), check.error(), check.trigger());
        });
    }

    @Override
    public List<ConnectionCheck> list(String connection, int limit) {
        int max = Jdbc.positiveLimit("connection checks", limit);
        return jdbc.withHandleNoFlush("list the checks of connection '" + connection + "'", c -> Jdbc.list(c,
                "select " + COLUMNS + " from connection_checks where connection = ? order by id desc limit ?", JdbcConnectionCheckRepository::map,
                connection, max));
    }

    @Override
    public int delete(String connection) {
        return jdbc.withHandle("delete the checks of connection '" + connection + "'",
                c -> Jdbc.update(c, "delete from connection_checks where connection = ?", connection));
    }

    private static ConnectionCheck map(ResultSet row) throws SQLException {
        int http = row.getInt("http_status");
        Integer httpStatus = row.wasNull() ? null : http;
        return new ConnectionCheck(row.getLong("id"), row.getString("connection"), row.getString("tenant"), Jdbc.instant(row, "checked_at"),
                row.getString("status"), httpStatus, row.getLong("duration_ms"), row.getString("error"), row.getString("trigger"));
    }
}
