package dev.junction.spec.internal;

import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import java.util.regex.Pattern;

/** Reads {@code source: { sql: { url, user, password, query, cursorColumn, primaryKey, fetchSize, count }, mode }}. */
final class SqlSourceReader {
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SqlSourceReader() {}

    static SyncSpec.Source read(Fields source, SyncSpec.ReadMode mode, String syncName) {
        for (String key : new String[] {"connection", "connector", "stream", "file"}) {
            if (source.has(key)) {
                source.problem(key, FileSourceReader.ONE_KIND);
            }
        }
        Fields sql = source.fields("sql", true);
        if (sql == null) {
            return null;
        }
        sql.allow(Schema.SQL_SOURCE);
        ValueRef url = value(sql, "url", true, false, syncName);
        ValueRef user = value(sql, "user", false, false, syncName);
        ValueRef password = value(sql, "password", false, true, syncName);
        String query = sql.string("query", true);
        String cursorColumn = sql.string("cursorColumn", false);
        String primaryKey = sql.string("primaryKey", false);
        Integer fetchSize = sql.positiveInt("fetchSize", false, SyncSpec.Sql.DEFAULT_FETCH_SIZE);
        Boolean count = sql.bool("count", true);
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
        if (url == null || query == null || fetchSize == null || count == null || (mode == SyncSpec.ReadMode.INCREMENTAL && cursorColumn == null)) {
            return null;
        }
        return new SyncSpec.Source(null, null, mode, new SyncSpec.Sql(url, user, password, query, cursorColumn, primaryKey, fetchSize, count),
                null);
    }

    private static ValueRef value(Fields sql, String key, boolean required, boolean secret, String syncName) {
        if (!sql.has(key)) {
            if (required) {
                sql.missing(key);
            }
            return null;
        }
        YamlNode.Entry entry = sql.mapping().entry(key);
        return secret ? ConnectionReader.secret(entry, sql.child(key), syncName + "-db", sql.problems())
                : ConnectionReader.config(entry, sql.child(key), sql.problems());
    }
}
