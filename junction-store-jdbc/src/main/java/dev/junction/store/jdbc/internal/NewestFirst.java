package dev.junction.store.jdbc.internal;

import dev.junction.store.PageCursor;
import dev.junction.store.ResultPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The SQL of one page of a newest-first list over a time column and an id column: optional filters,
 * the cursor's "strictly below (time, id)", {@code order by time desc, id desc} and one row more
 * than asked, which tells whether a next page exists. Column names are constants of the caller;
 * values are always bound.
 *
 * <p>A page must be an index range scan, never a sort of every matching row: each filter of a list
 * has an index that starts with its column and ends in (time, id) (V15). The cursor condition is
 * written {@code time <= ? and (time < ? or id < ?)}, so its first term bounds that index's range.
 */
public final class NewestFirst {
    /** A statement and its parameters, in order. */
    public record Statement(String sql, List<Object> params) {
        public Statement {
            params = java.util.Collections.unmodifiableList(new ArrayList<>(params)); // parameters may be null
        }
    }

    private final String timeColumn;
    private final String idColumn;
    private final boolean numericId;
    private final List<List<String>> indexes;
    private final StringBuilder where = new StringBuilder(" where 1 = 1");
    private final List<Object> params = new ArrayList<>();
    private final Set<String> equal = new HashSet<>();
    /** Whether a condition other than equality, the time range and the cursor was added: the database picks the index then. */
    private boolean otherConditions;

    private NewestFirst(String timeColumn, String idColumn, boolean numericId, List<List<String>> indexes) {
        this.timeColumn = timeColumn;
        this.idColumn = idColumn;
        this.numericId = numericId;
        this.indexes = List.copyOf(indexes);
    }

    /**
     * A list ordered by {@code timeColumn}, ties broken by {@code idColumn} (a number when
     * {@code numericId}). {@code indexes}: the equality columns each index of the table starts with
     * (the rest being time and id), longest first. A page is ordered by the first one whose columns
     * the query fixes, then time and id — the same order for the rows selected, but H2 reads it
     * straight from that index ("index sorted"); ordered by time and id alone, it sorts every row the
     * filter matches.
     */
    static NewestFirst by(String timeColumn, String idColumn, boolean numericId, List<List<String>> indexes) {
        return new NewestFirst(timeColumn, idColumn, numericId, indexes);
    }

    /** {@code column = value}, unless the value is null. */
    NewestFirst equal(String column, Object value) {
        if (value != null) {
            equal.add(column);
        }
        return condition(column + " = ?", value);
    }

    /** A condition with one parameter, unless the value is null; the database then picks the index a page reads. */
    NewestFirst where(String condition, Object value) {
        otherConditions |= value != null;
        return condition(condition, value);
    }

    private NewestFirst condition(String condition, Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            params.add(value);
        }
        return this;
    }

    /** Rows at or after {@code from} and before {@code to}; either may be null. */
    NewestFirst between(Instant from, Instant to) {
        return condition(timeColumn + " >= ?", from).condition(timeColumn + " < ?", to);
    }

    /** Rows strictly below the cursor's (time, id); a null cursor is the first page. */
    NewestFirst below(PageCursor cursor) {
        if (cursor != null) {
            where.append(" and ").append(timeColumn).append(" <= ? and (").append(timeColumn).append(" < ? or ").append(idColumn).append(" < ?)");
            params.add(cursor.at());
            params.add(cursor.at());
            params.add(numericId ? (Object) cursor.numericId() : cursor.id());
        }
        return this;
    }

    /** One page, newest first: {@code limit + 1} rows, the last telling whether a next page exists (see {@link #page(List, int, String, Function, Function)}). */
    Statement newestFirst(String columns, String table, int limit, Dialect dialect) {
        return statement(columns, table, " desc", limit + 1, dialect);
    }

    /** The filters alone, oldest first, for lists that are not paged: at most {@code limit} rows. */
    Statement oldestFirst(String columns, String table, int limit, Dialect dialect) {
        return statement(columns, table, "", limit, dialect);
    }

    /**
     * The statement, reading (where the dialect names it, {@link Dialect#listFrom}) the index of the
     * first prefix the filters fix, named {@code TABLE_PREFIX_TIME_ID} as V15 made them, or the
     * {@code TABLE_TIME_ID} index when nothing is filtered by equality.
     */
    private Statement statement(String columns, String table, String direction, int rows, Dialect dialect) {
        StringBuilder order = new StringBuilder();
        List<String> prefix = indexes.stream().filter(equal::containsAll).findFirst().orElse(null);
        if (prefix != null) {
            prefix.forEach(c -> order.append(c).append(direction).append(", "));
        }
        order.append(timeColumn).append(direction).append(", ").append(idColumn).append(direction);
        String from = table;
        if (!otherConditions && (prefix != null || equal.isEmpty())) {
            String index = table + "_" + (prefix == null ? "" : String.join("_", prefix) + "_") + timeColumn + "_" + idColumn;
            from = dialect.listFrom(table, index);
        }
        List<Object> all = new ArrayList<>(params);
        all.add(rows);
        return new Statement("select " + columns + " from " + from + where + " order by " + order + " limit ?", all);
    }

    /** The page of {@code rows} read with {@link #newestFirst}, with the cursor of its last item when more follow. */
    static <T> ResultPage<T> page(List<T> rows, int limit, String kind, Function<T, Instant> at, Function<T, String> id) {
        if (rows.size() <= limit) {
            return new ResultPage<>(rows, null);
        }
        List<T> page = rows.subList(0, limit);
        T last = page.getLast();
        return new ResultPage<>(page, new PageCursor(kind, at.apply(last), id.apply(last)).encode());
    }
}
