package dev.junction.store.jdbc.internal;

import dev.junction.store.ConnectionRecord;
import dev.junction.store.ConnectionRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Connection state in table {@code connections}, keyed by name. */
public final class JdbcConnectionRepository implements ConnectionRepository {
    private static final String COLUMNS = "name, connector, tenant, environment, status, status_detail, updated_at";

    private final Jdbc jdbc;
    private final String upsertSql;
    private final String listSql;

    public JdbcConnectionRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.upsertSql = dialect.upsert(
                "connections", List.of("name"), List.of("connector", "tenant", "environment", "status", "status_detail", "updated_at"));
        this.listSql = "select " + COLUMNS + " from connections order by " + dialect.orderByText("name");
    }

    @Override
    public void save(ConnectionRecord r) {
        jdbc.withHandle(
                "save connection '" + r.name() + "'",
                c -> Jdbc.update(c, upsertSql,
                        r.name(), r.connector(), r.tenant(), r.environment(), r.status(), r.statusDetail(), r.updatedAt()));
    }

    @Override
    public Optional<ConnectionRecord> find(String name) {
        return jdbc.withHandleNoFlush(
                "find connection '" + name + "'",
                c -> Jdbc.first(c, "select " + COLUMNS + " from connections where name = ?", JdbcConnectionRepository::map, name));
    }

    @Override
    public List<ConnectionRecord> list() {
        return jdbc.withHandleNoFlush("list connections", c -> Jdbc.list(c, listSql, JdbcConnectionRepository::map));
    }

    @Override
    public boolean updateStatus(String name, String status, String statusDetail, java.time.Instant at) {
        return jdbc.withHandle("set the status of connection '" + name + "'", c -> Jdbc.update(c,
                "update connections set status = ?, status_detail = ?, updated_at = ? where name = ?", status, statusDetail, at, name)) > 0;
    }

    @Override
    public boolean changeStatus(String name, String status, String statusDetail, java.time.Instant at) {
        return jdbc.withHandle("change the status of connection '" + name + "'", c -> Jdbc.update(c, "update connections set status = ?,"
                + " status_detail = ?, updated_at = ? where name = ? and (status is null or status <> ?)", status, statusDetail, at, name, status)) > 0;
    }

    @Override
    public boolean delete(String name) {
        return jdbc.inTransaction("delete connection '" + name + "'", c -> {
            // its secrets in the store (values given through the API, tokens obtained at run time) go with it
            Jdbc.update(c, "delete from stored_values where connection = ?", name);
            Jdbc.update(c, "delete from credentials where connection = ?", name);
            Jdbc.update(c, "delete from credential_refreshes where connection = ?", name);
            Jdbc.update(c, "delete from connection_checks where connection = ?", name);
            return Jdbc.update(c, "delete from connections where name = ?", name);
        }) > 0;
    }

    private static ConnectionRecord map(ResultSet row) throws SQLException {
        return new ConnectionRecord(
                row.getString("name"),
                row.getString("connector"),
                row.getString("tenant"),
                row.getString("environment"),
                row.getString("status"),
                row.getString("status_detail"),
                Jdbc.instant(row, "updated_at"));
    }
}
