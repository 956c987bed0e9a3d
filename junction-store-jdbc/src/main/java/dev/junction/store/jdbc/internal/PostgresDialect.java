package dev.junction.store.jdbc.internal;

import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL. Upserts use {@code INSERT ... ON CONFLICT (...) DO UPDATE}. */
public final class PostgresDialect extends Dialect {
    public PostgresDialect() {
        super("PostgreSQL", "postgresql", "org.postgresql.Driver");
    }

    @Override
    public String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        int columns = keyColumns.size() + valueColumns.size();
        String updates = valueColumns.stream().map(column -> column + " = excluded." + column).collect(Collectors.joining(", "));
        return "insert into " + table + " (" + String.join(", ", keyColumns) + ", " + String.join(", ", valueColumns)
                + ") values (" + Jdbc.placeholders(columns) + ") on conflict (" + String.join(", ", keyColumns)
                + ") do update set " + updates;
    }

    /**
     * Sorts by code point like H2 does, whatever the database's default collation (often a
     * linguistic one such as en_US.UTF-8 that ignores case in the first pass).
     */
    @Override
    public String orderByText(String column) {
        return column + " collate \"C\"";
    }
}
