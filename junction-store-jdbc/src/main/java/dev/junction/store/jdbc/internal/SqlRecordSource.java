package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RecordSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A sync's SQL query as its source. An incremental read wraps the query as
 * {@code select * from (QUERY) junction_source where CURSOR >= ? order by CURSOR}, the checkpoint
 * bound as a parameter of the cursor column's type; rows at the checkpoint itself are read again
 * (and found unchanged), so rows sharing a cursor value are never skipped. One read holds one JDBC
 * connection, streaming with the fetch size, until its rows are exhausted or the source is closed.
 * Unless {@code count: false}, a {@link SqlCount} counts the read's rows beside it for the ETA. The
 * reader is prefetchable: the run fetches the next page while it writes this one.
 * In a per-tenant sync each {@code :tenant} in the query becomes a parameter bound to the run's
 * tenant (before the checkpoint's).
 */
public final class SqlRecordSource implements RecordSource, AutoCloseable {
    private final String sync;
    private final String url;
    private final Properties connect;
    private final String schema;
    private final SyncSpec.Sql sql;
    private final RowReader rows;
    private final String tenant;
    private SqlReader current;

    /**
     * Connects to {@code url} with the driver {@code properties} ({@code user} and {@code password}
     * among them), and sets the session's {@code schema} (null: the database's default).
     * {@code tenant} (null: a classic sync) is bound to each {@code :tenant} of the query.
     */
    public SqlRecordSource(String sync, String url, Properties properties, String schema, SyncSpec.Sql sql, ObjectMapper json, String tenant) {
        this.tenant = tenant;
        this.sync = sync;
        this.url = url;
        this.connect = properties;
        this.schema = schema;
        this.sql = sql;
        this.rows = new RowReader(json);
    }

    /** An incremental read is ordered by the cursor column, so the checkpoint may move after each page written. */
    @Override
    public boolean sortedByCursor() {
        return sql.cursorColumn() != null;
    }

    /** Driver properties: {@code others} with {@code user} and {@code password} (each null: not set). */
    public static Properties properties(String user, String password, Map<String, String> others) {
        Properties properties = new Properties();
        properties.putAll(others);
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    @Override
    public synchronized Reader open(String checkpoint, String runId) {
        close();
        Connection connection = connect();
        try {
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            boolean cursor = sql.cursorColumn() != null;
            int cursorType = 0;
            String cursorTypeName = null;
            if (cursor) {
                try (PreparedStatement probe = connection.prepareStatement(query())) {
                    bindTenant(probe);
                    ResultSetMetaData columns = probe.getMetaData();
                    int index = cursorIndex(columns, connection);
                    cursorType = columns.getColumnType(index);
                    cursorTypeName = columns.getColumnTypeName(index);
                }
                CursorBinding.checkLookback(new CursorBinding.Cursor(cursorType, cursorTypeName, sql.cursorColumn(), sql.lookback()), sync);
            }
            PreparedStatement statement = connection.prepareStatement(statement(cursor, checkpoint != null), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(sql.fetchSize());
            int tenantParameters = bindTenant(statement);
            if (cursor && checkpoint != null) {
                CursorBinding.bind(statement, tenantParameters + 1, new CursorBinding.Cursor(cursorType, cursorTypeName, sql.cursorColumn(),
                        sql.lookback()), checkpoint, sync);
            }
            SqlCount count = null;
            if (sql.count()) {
                int type = cursorType;
                String typeName = cursorTypeName;
                count = SqlCount.start(this::connect, filtered(cursor, checkpoint != null), c -> {
                    int tenants = bindTenant(c);
                    if (cursor && checkpoint != null) {
                        CursorBinding.bind(c, tenants + 1, new CursorBinding.Cursor(type, typeName, sql.cursorColumn(), sql.lookback()), checkpoint,
                                sync);
                    }
                });
            }
            try {
                ResultSet resultSet = statement.executeQuery();
                current = new SqlReader(connection, resultSet, rows.labels(resultSet.getMetaData(), connection.getMetaData()), count);
            } catch (SQLException | RuntimeException e) {
                if (count != null) {
                    count.close();
                }
                throw e;
            }
            return current;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new JunctionException("sync '" + sync + "': the SQL query failed: " + hidePassword(e.getMessage()), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** The query as written, without a trailing semicolon, each {@code :tenant} of a per-tenant run as {@code ?}. */
    private String query() {
        String query = sql.query().strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        return tenant == null ? query : SyncSpec.Sql.TENANT_PARAMETER.matcher(query).replaceAll("?");
    }

    /** Binds the tenant to each {@code :tenant} of the query. @return how many parameters that took */
    private int bindTenant(PreparedStatement statement) throws SQLException {
        if (tenant == null) {
            return 0;
        }
        int count = (int) SyncSpec.Sql.TENANT_PARAMETER.matcher(sql.query()).results().count();
        for (int i = 1; i <= count; i++) {
            statement.setString(i, tenant);
        }
        return count;
    }

    private String statement(boolean cursor, boolean fromCheckpoint) {
        return cursor ? filtered(true, fromCheckpoint) + " order by " + sql.cursorColumn() : query();
    }

    /** The rows a read returns, without the order of an incremental read. */
    private String filtered(boolean cursor, boolean fromCheckpoint) {
        if (!cursor) {
            return query();
        }
        String column = sql.cursorColumn();
        return "select * from (\n" + query() + "\n) junction_source" + (fromCheckpoint ? " where " + column + " >= ?" : "");
    }

    private int cursorIndex(ResultSetMetaData columns, Connection connection) throws SQLException {
        if (columns == null) {
            throw new JunctionException("sync '" + sync + "': the database does not describe the SQL query's columns, so cursorColumn '"
                    + sql.cursorColumn() + "' cannot be checked; is the query a SELECT?");
        }
        List<String> names = rows.labels(columns, connection.getMetaData());
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            if (columns.getColumnLabel(i).equalsIgnoreCase(sql.cursorColumn())) {
                return i;
            }
        }
        throw new JunctionException("sync '" + sync + "': the SQL query has no column '" + sql.cursorColumn() + "' (its cursorColumn); columns: "
                + String.join(", ", names));
    }

    private Connection connect() {
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, connect);
        } catch (SQLException e) {
            throw new JunctionException("sync '" + sync + "': could not connect to the SQL source " + hidePassword(url) + ": " + hidePassword(e.getMessage()),
                    e);
        }
        if (schema != null) {
            try {
                connection.setSchema(schema);
            } catch (SQLException e) {
                closeQuietly(connection);
                throw new JunctionException("sync '" + sync + "': could not use schema '" + schema + "' of the SQL source " + hidePassword(url) + ": "
                        + hidePassword(e.getMessage()), e);
            }
        }
        return connection;
    }

    /** A JDBC URL as it may be shown: a {@code password=} parameter and the password of {@code //user:password@host} as {@code ***}. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
    }

    /** A driver's message with the password, should it repeat it, as {@code ***}. */
    private String hidePassword(String message) {
        String password = connect.getProperty("password");
        String text = message == null ? "" : message;
        return password == null || password.isEmpty() ? redact(text) : redact(text.replace(password, "***"));
    }

    /** Ends the open read, if any (a run that stopped before the last row). */
    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // the read already failed; its error is the one to report
        }
    }

    /** One read: pages of {@code fetchSize} rows off an open result set. */
    private final class SqlReader implements Reader {
        private final Connection connection;
        private final ResultSet resultSet;
        private final List<String> labels;
        private final SqlCount count;
        private boolean done;

        SqlReader(Connection connection, ResultSet resultSet, List<String> labels, SqlCount count) {
            this.connection = connection;
            this.resultSet = resultSet;
            this.labels = labels;
            this.count = count;
        }

        @Override
        public ExpectedTotal expected() {
            return count == null ? null : count.total();
        }

        /** Rows are read on the run's read-ahead thread while earlier pages are written; nothing to do once they are accounted for. */
        @Override
        public boolean prefetchable() {
            return true;
        }

        @Override
        public synchronized List<JsonNode> nextPage() {
            if (done) {
                return null;
            }
            List<JsonNode> page = new ArrayList<>(sql.fetchSize());
            try {
                while (page.size() < sql.fetchSize() && resultSet.next()) {
                    page.add(rows.read(resultSet, labels));
                }
            } catch (SQLException e) {
                close();
                throw new JunctionException("sync '" + sync + "': reading the SQL query's rows failed: " + hidePassword(e.getMessage()), e);
            }
            if (page.isEmpty()) {
                close();
                return null;
            }
            return page;
        }

        /** Synchronized with {@link #nextPage()}: a read-ahead still fetching a page finishes it before the connection closes. */
        synchronized void close() {
            if (done) {
                return;
            }
            done = true;
            if (count != null) {
                count.close();
            }
            try (connection) {
                connection.rollback(); // the read changed nothing
            } catch (SQLException e) {
                // nothing was written; a failed rollback or close leaves nothing to undo
            }
        }
    }
}
