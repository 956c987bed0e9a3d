package dev.junction.store.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the databases the store runs on. The repositories hold the shared SQL and
 * ask the dialect only for these pieces; everything else is plain SQL both databases accept.
 */
public abstract class Dialect {
    private final String name;
    private final String migrationFolder;
    private final String driverClassName;

    protected Dialect(String name, String migrationFolder, String driverClassName) {
        this.name = name;
        this.migrationFolder = migrationFolder;
        this.driverClassName = driverClassName;
    }

    /** The dialect for a JDBC URL. @throws StoreException naming the prefix when none fits */
    public static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
            return new H2Dialect();
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        throw new StoreException(
                "unsupported JDBC URL " + describePrefix(jdbcUrl)
                        + ": the Junction store supports H2 (jdbc:h2:...) and PostgreSQL (jdbc:postgresql://...)",
                null);
    }

    private static String describePrefix(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return "(none given)";
        }
        String[] parts = jdbcUrl.split(":", 3);
        return parts.length >= 2 && parts[0].equals("jdbc") ? "prefix 'jdbc:" + parts[1] + ":'" : "'" + parts[0] + ":...' (not a jdbc: URL)";
    }

    /** For messages and logs, e.g. {@code "H2"}. */
    public final String name() {
        return name;
    }

    /** The classpath folder under {@code db/migration/} with this dialect's Flyway migrations. */
    public final String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }

    public final String driverClassName() {
        return driverClassName;
    }

    /**
     * An insert-or-replace statement with parameters in the order {@code keyColumns} then
     * {@code valueColumns}.
     */
    public abstract String upsert(String table, List<String> keyColumns, List<String> valueColumns);

    /**
     * Whether inserting rows known to be new costs clearly less than {@link #upsert upserting} them
     * (H2's upsert looks for the row first; PostgreSQL's only on a conflict).
     */
    public boolean insertBeatsUpsert() {
        return false;
    }

    /** Whether the error says a row with the same unique key exists (SQLState 23505 on both databases). */
    public static boolean duplicateKey(java.sql.SQLException e) {
        for (java.sql.SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A condition matching rows with {@code scopeColumn = scope} and {@code keyColumn} among
     * {@code keys} keys, for {@link #bindScopedKeys}. Here: {@code scope = ? and key in (?, ...)},
     * which PostgreSQL answers with one scan of the (scope, key) index.
     */
    public String scopedKeyCondition(String scopeColumn, String keyColumn, int keys) {
        return scopeColumn + " = ? and " + keyColumn + " in (" + Jdbc.placeholders(keys) + ")";
    }

    /** Binds the parameters of {@link #scopedKeyCondition}, starting at the first. */
    public final void bindScopedKeys(PreparedStatement statement, String scope, List<String> keys) throws SQLException {
        bindScopedKeys(statement, 1, scope, keys);
    }

    /** Binds the parameters of {@link #scopedKeyCondition}, starting at parameter {@code first}. */
    public void bindScopedKeys(PreparedStatement statement, int first, String scope, List<String> keys) throws SQLException {
        statement.setString(first, scope);
        for (int i = 0; i < keys.size(); i++) {
            statement.setString(first + i + 1, keys.get(i));
        }
    }

    /**
     * The {@code from} term of a list read in the order of {@code index}: here the table alone (the
     * database picks the index the filter and the order call for).
     */
    public String listFrom(String table, String index) {
        return table;
    }

    /** An ORDER BY term for a text column that sorts by code point on every database. */
    public String orderByText(String column) {
        return column;
    }

    /**
     * Prepares an insert into a table whose {@code id} column is an identity, so that
     * {@link PreparedStatement#getGeneratedKeys()} yields that id in its first column.
     */
    public PreparedStatement prepareInsertReturningId(Connection connection, String sql) throws SQLException {
        return connection.prepareStatement(sql, new String[] {"id"});
    }

    /**
     * A select of {@code columns} of the first rows of {@code table} (aliased {@code e}, which
     * {@code condition} and {@code order} use) that match {@code condition}, at most a bound limit,
     * each locked for this transaction; rows other transactions hold locked are skipped, never waited
     * for ({@code FOR UPDATE SKIP LOCKED}). Bind it with {@link #lockNextParams}. Here: the plain
     * statement, which PostgreSQL limits before it locks.
     */
    public String lockNext(String columns, String table, String condition, String order) {
        return "select " + columns + " from " + table + " e where " + condition + " order by " + order + " limit ? for update skip locked";
    }

    /**
     * Whether rows to claim are picked (ids, with the limit) by one statement and locked by a second,
     * instead of {@link #lockNext}'s one: for a database that locks before it limits.
     */
    public boolean picksBeforeLocking() {
        return false;
    }

    /** The parameters of {@link #lockNext}: the condition's, then the limit. */
    public Object[] lockNextParams(List<Object> conditionParams, int limit) {
        List<Object> all = new java.util.ArrayList<>(conditionParams);
        all.add(limit);
        return all.toArray();
    }

    /** Pool settings this database wants beyond the shared ones. */
    public void configurePool(HikariConfig config) {}

    @Override
    public String toString() {
        return name;
    }
}
