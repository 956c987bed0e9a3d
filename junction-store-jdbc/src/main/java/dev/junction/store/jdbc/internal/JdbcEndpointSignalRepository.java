package dev.junction.store.jdbc.internal;

import dev.junction.store.EndpointSignal;
import dev.junction.store.EndpointSignalRepository;
import java.time.Instant;
import java.util.List;

/**
 * Signals in table {@code endpoint_signals}. A sighting updates the value and last-seen time in
 * place; the first-seen time is written only by the insert.
 */
public final class JdbcEndpointSignalRepository implements EndpointSignalRepository {
    private static final String COLUMNS = "connection, method, path, kind, signal, first_seen, last_seen";

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcEndpointSignalRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public void record(String connection, String method, String path, String kind, String value, Instant at) {
        jdbc.inTransactionNoFlush("record the " + kind + " signal of " + method + " " + path + " on connection '" + connection + "'", c -> {
            int updated = Jdbc.update(c,
                    "update endpoint_signals set signal = ?, last_seen = ? where connection = ? and method = ? and path = ? and kind = ?",
                    value, at, connection, method, path, kind);
            if (updated == 0) {
                Jdbc.update(c, "insert into endpoint_signals (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
                        connection, method, path, kind, value, at, at);
            }
            return null;
        });
    }

    @Override
    public List<EndpointSignal> list(String connection) {
        String order = " order by " + dialect.orderByText("connection") + ", " + dialect.orderByText("path") + ", method, kind";
        return jdbc.withHandleNoFlush("list endpoint signals", c -> connection == null
                ? Jdbc.list(c, "select " + COLUMNS + " from endpoint_signals" + order, JdbcEndpointSignalRepository::row)
                : Jdbc.list(c, "select " + COLUMNS + " from endpoint_signals where connection = ?" + order, JdbcEndpointSignalRepository::row, connection));
    }

    private static EndpointSignal row(java.sql.ResultSet r) throws java.sql.SQLException {
        return new EndpointSignal(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                Jdbc.instant(r, "first_seen"), Jdbc.instant(r, "last_seen"));
    }
}
