package dev.junction.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record keys of exchanges, in table {@code exchange_keys} (V34): one row per key whose id is
 * the exchange's id times {@value #SPAN} plus the key's position, so an exchange's keys are one id
 * range, read and deleted by the primary key, and finding the exchanges of a record is a look-up
 * in the {@code record_key} index. There is no foreign key: whoever deletes exchanges deletes
 * their keys first ({@link #deleteOf}), in the same transaction.
 *
 * <p>An exchange keeps at most {@value #SPAN} keys (its first ones); a page or a batch holds far
 * fewer.
 */
final class ExchangeKeys {
    /** Keys an exchange can keep: 2^20, so ids up to 2^43 exchanges fit in a bigint. */
    static final long SPAN = 1L << 20;
    /** The condition on {@code exchanges.id} for the exchanges that carry the record key given as its parameter. */
    static final String CARRYING = "id in (select id / " + SPAN + " from exchange_keys where record_key = ?)";

    /** Keys per multi-row insert: a page's or a batch's, usually. */
    private static final int ROWS = 100;
    private static final String FULL_INSERT = insertSql(ROWS);

    private ExchangeKeys() {}

    /**
     * Inserts the keys of exchange {@code id} in order, with one multi-row {@code INSERT} per
     * {@value #ROWS} keys (H2 runs a JDBC batch row by row, each a statement of its own).
     */
    static void insert(Connection c, long id, List<String> keys) throws SQLException {
        int count = (int) Math.min(keys.size(), SPAN);
        for (int from = 0; from < count; from += ROWS) {
            int rows = Math.min(ROWS, count - from);
            try (PreparedStatement insert = c.prepareStatement(rows == ROWS ? FULL_INSERT : insertSql(rows))) {
                bindRows(insert, id, keys, from, rows);
                insert.executeUpdate();
            }
        }
    }

    /**
     * Binds {@code rows} keys from {@code from}. A loop of its own: a loop of 100 keys in {@link #insert}
     * would have the JIT compile that method twice (once on-stack) with H2's whole insert inlined.
     */
    private static void bindRows(PreparedStatement insert, long id, List<String> keys, int from, int rows) throws SQLException {
        int p = 1;
        for (int position = from; position < from + rows; position++) {
            insert.setLong(p++, id * SPAN + position);
            insert.setString(p++, keys.get(position));
        }
    }

    /** The keys of these exchanges, each in order; an exchange without keys is absent. */
    static Map<Long, List<String>> read(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, List<String>> keys = new HashMap<>();
        if (ids.isEmpty()) {
            return keys;
        }
        try (PreparedStatement select = c.prepareStatement("select id, record_key from exchange_keys where id >= ? and id < ? order by id")) {
            for (long[] range : ranges(ids)) {
                select.setLong(1, range[0] * SPAN);
                select.setLong(2, (range[1] + 1) * SPAN);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        keys.computeIfAbsent(row.getLong(1) / SPAN, id -> new ArrayList<>()).add(row.getString(2));
                    }
                }
            }
        }
        return keys;
    }

    /** Deletes the keys of these exchanges (call before deleting them, in the same transaction). */
    static void deleteOf(Connection c, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement("delete from exchange_keys where id >= ? and id < ?")) {
            for (long[] range : ranges(ids)) {
                delete.setLong(1, range[0] * SPAN);
                delete.setLong(2, (range[1] + 1) * SPAN);
                delete.executeUpdate();
            }
        }
    }

    /** The ids as runs of consecutive ids, {@code [first, last]} each, ascending: a run's exchanges are mostly one run. */
    static List<long[]> ranges(Collection<Long> ids) {
        List<Long> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        List<long[]> ranges = new ArrayList<>();
        long[] current = null;
        for (long id : sorted) {
            if (current != null && id <= current[1] + 1) {
                current[1] = Math.max(current[1], id);
            } else {
                current = new long[] {id, id};
                ranges.add(current);
            }
        }
        return ranges;
    }

    private static String insertSql(int rows) {
        return "insert into exchange_keys (id, record_key) values " + String.join(", ", Collections.nCopies(rows, "(?, ?)"));
    }
}
