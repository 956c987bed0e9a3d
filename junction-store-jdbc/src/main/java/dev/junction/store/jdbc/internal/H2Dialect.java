package dev.junction.store.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;

/**
 * H2 (the embedded default). H2 accepts {@code ON CONFLICT DO NOTHING} in PostgreSQL mode but not
 * {@code DO UPDATE}, so upserts use H2's own {@code MERGE INTO ... KEY (...)}; key lookups use
 * row-value IN lists so that H2's planner uses the composite primary key.
 */
public final class H2Dialect extends Dialect {
    public H2Dialect() {
        super("H2", "h2", "org.h2.Driver");
    }

    /**
     * H2 names the index: it picks one by cost, and its versions weigh the saved sort differently
     * (2.4.240 read the open dead letters through the (state, id) index and sorted them, where the
     * (state, created_at, id) one has them in order), so a change of version could make a page sort
     * every row its filter matches.
     */
    @Override
    public String listFrom(String table, String index) {
        return table + " use index (" + index + ")";
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        int columns = keyColumns.size() + valueColumns.size();
        return "merge into " + table + " (" + String.join(", ", keyColumns) + ", " + String.join(", ", valueColumns)
                + ") key (" + String.join(", ", keyColumns) + ") values (" + Jdbc.placeholders(columns) + ")";
    }

    /** H2's {@code MERGE} runs an {@code UPDATE} (an index search) before it inserts. */
    @Override
    public boolean insertBeatsUpsert() {
        return true;
    }

    /**
     * H2 uses an IN list for an index lookup only on an index's first column, so {@code sync = ?
     * and record_key in (...)} would scan every row of the sync. A row-value IN list,
     * {@code (sync, record_key) in ((?, ?), ...)}, is looked up key by key in the primary key.
     */
    @Override
    public String scopedKeyCondition(String scopeColumn, String keyColumn, int keys) {
        return "(" + scopeColumn + ", " + keyColumn + ") in (" + String.join(", ", Collections.nCopies(keys, "(?, ?)")) + ")";
    }

    @Override
    public void bindScopedKeys(PreparedStatement statement, int first, String scope, List<String> keys) throws SQLException {
        for (int i = 0; i < keys.size(); i++) {
            statement.setString(first + 2 * i, scope);
            statement.setString(first + 2 * i + 1, keys.get(i));
        }
    }

    /**
     * H2 locks every row that matches a {@code FOR UPDATE} query before it applies the limit (a claim
     * of 10 would lock the whole backlog, and a second claimer would find nothing); and a statement
     * that limits in a subquery and locks in the outer one re-runs the subquery for every outer row
     * (a claim of 500 from a backlog of 17,000 took 4 s). So the candidates are picked first, by a
     * plain query with the limit, then only they are locked, in a second statement.
     */
    @Override
    public boolean picksBeforeLocking() {
        return true;
    }

    /**
     * Asks H2 for its identity column generically: with {@code DATABASE_TO_LOWER} off (H2's default
     * mode) the column is {@code ID}, and a lower-case name would not match.
     */
    @Override
    public PreparedStatement prepareInsertReturningId(Connection connection, String sql) throws SQLException {
        return connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
    }

    /**
     * An embedded database needs no connection recycling, and retiring the last connection of an
     * in-memory database would drop it.
     */
    @Override
    public void configurePool(HikariConfig config) {
        config.setMaxLifetime(0);
    }
}
