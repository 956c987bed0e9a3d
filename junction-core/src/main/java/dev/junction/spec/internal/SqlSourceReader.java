package dev.junction.spec.internal;

import dev.junction.spec.DatabaseSpec;
import dev.junction.spec.SyncSpec;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Reads {@code source: { sql: { url, user, password, query, cursorColumn, primaryKey, fetchSize, count, lookback }, mode }},
 * or {@code source: { connection: DATABASE, sql: { query, ... } }} where the database connection
 * gives the url, user and password.
 */
final class SqlSourceReader {
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SqlSourceReader() {}

    static SyncSpec.Source read(Fields source, SyncSpec.ReadMode mode, String syncName) {
        for (String key : new String[] {"connector", "stream", "file"}) {
            if (source.has(key)) {
                source.problem(key, FileSourceReader.ONE_KIND);
            }
        }
        Fields sql = source.fields("sql", true);
        if (sql == null) {
            return null;
        }
        sql.allow(Schema.SQL_SOURCE);
        String connection = source.has("connection") ? source.string("connection", true) : null;
        DatabaseSpec database = null;
        if (source.has("connection")) {
            for (String key : Schema.SQL_INLINE_DATABASE) {
                if (sql.has(key)) {
                    sql.problem(key, "expected either source.connection (a database connection, which gives url, user and password) or inline"
                            + " sql.url, sql.user and sql.password, found both; remove sql." + key + " or source.connection");
                }
            }
        } else if (!sql.has("url")) {
            sql.missing("url", " (or name a database connection with source.connection)");
        } else {
            database = DatabaseReader.inline(sql, syncName + "-db");
        }
        String query = sql.string("query", true);
        String cursorColumn = sql.string("cursorColumn", false);
        String primaryKey = sql.string("primaryKey", false);
        Integer fetchSize = sql.positiveInt("fetchSize", false, SyncSpec.Sql.DEFAULT_FETCH_SIZE);
        Boolean count = sql.bool("count", true);
        Duration lookback = sql.duration("lookback", false, Duration.ZERO, false);
        if (cursorColumn != null && !COLUMN.matcher(cursorColumn).matches()) {
            sql.problem("cursorColumn", "expected a column name of the query (letters, digits and '_'), found '" + cursorColumn + "'");
            cursorColumn = null;
        }
        if (query != null && query.isBlank()) {
            sql.problem("query", "expected a SELECT statement, found an empty value");
        }
        if (mode == SyncSpec.ReadMode.INCREMENTAL && !sql.has("cursorColumn")) {
            sql.missing("cursorColumn", " (mode is incremental: the column whose highest value becomes the checkpoint)");
        }
        if (sql.has("lookback") && mode != SyncSpec.ReadMode.INCREMENTAL) {
            sql.problem("lookback", "a lookback applies to mode incremental (it moves the checkpoint's start back); set source.mode: incremental"
                    + " or remove lookback");
        }
        if ((database == null && connection == null) || query == null || fetchSize == null || count == null || lookback == null
                || (mode == SyncSpec.ReadMode.INCREMENTAL && cursorColumn == null)) {
            return null;
        }
        return new SyncSpec.Source(null, null, mode,
                new SyncSpec.Sql(database, connection, query, cursorColumn, primaryKey, fetchSize, count, lookback), null);
    }
}
