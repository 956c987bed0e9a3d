package dev.junction.store.jdbc.internal;

import dev.junction.store.PollRepository;
import dev.junction.store.PollState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Polls in table {@code poll_states}, one row per connection and stream. {@link #record} locks the
 * row, compares its cursor and writes in one transaction; it is not flushed on H2: a tick's record
 * lost to a crash only makes the next tick read from the older cursor again, and the inbox's dedup
 * absorbs what it emits twice (H2 writes commits in order, so the tick's events, flushed before, are
 * never lost while its cursor survives).
 */
public final class JdbcPollRepository implements PollRepository {
    private static final String COLUMNS = "connection, stream, tenant, cursor_value, at_cursor, cursor_moved_at, last_tick_at, last_outcome, last_reason,"
            + " last_records, last_events";

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcPollRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public Optional<PollState> find(String connection, String stream) {
        return jdbc.withHandleNoFlush("find the poll of " + describe(connection, stream), c -> Jdbc.first(c,
                "select " + COLUMNS + " from poll_states where connection = ? and stream = ?", JdbcPollRepository::state, connection, stream));
    }

    @Override
    public List<PollState> list() {
        return jdbc.withHandleNoFlush("list polls", c -> Jdbc.list(c, "select " + COLUMNS + " from poll_states order by "
                + dialect.orderByText("connection") + ", " + dialect.orderByText("stream"), JdbcPollRepository::state));
    }

    @Override
    public boolean record(PollState state, String expectedCursor) {
        return jdbc.inTransactionNoFlush("record a tick of the poll of " + describe(state.connection(), state.stream()), c -> {
            Optional<String[]> stored = Jdbc.first(c, "select cursor_value from poll_states where connection = ? and stream = ? for update",
                    row -> new String[] {row.getString(1)}, state.connection(), state.stream());
            if (stored.isPresent() && !Objects.equals(stored.get()[0], expectedCursor)
                    || stored.isEmpty() && expectedCursor != null) {
                return false;
            }
            Object[] values = {state.tenant(), state.cursor(), keys(state.atCursor()), state.cursorMovedAt(), state.lastTickAt(), state.lastOutcome(), state.lastReason(),
                    state.lastRecords(), state.lastEvents(), state.connection(), state.stream()};
            if (stored.isPresent()) {
                Jdbc.update(c, "update poll_states set tenant = ?, cursor_value = ?, at_cursor = ?, cursor_moved_at = ?, last_tick_at = ?, last_outcome = ?,"
                        + " last_reason = ?, last_records = ?, last_events = ? where connection = ? and stream = ?", values);
            } else {
                Jdbc.update(c, "insert into poll_states (tenant, cursor_value, at_cursor, cursor_moved_at, last_tick_at, last_outcome, last_reason,"
                        + " last_records, last_events, connection, stream) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
            }
            return true;
        });
    }

    /** The keys one a line (a key holding a line break is not kept: a record of it read again is left to the inbox's dedup). */
    private static String keys(List<String> keys) {
        return keys.isEmpty() ? null : String.join("\n", keys.stream().filter(k -> k.indexOf('\n') < 0 && k.indexOf('\r') < 0).toList());
    }

    private static String describe(String connection, String stream) {
        return "stream '" + stream + "' of connection '" + connection + "'";
    }

    private static PollState state(ResultSet row) throws SQLException {
        String keys = row.getString("at_cursor");
        return new PollState(row.getString("connection"), row.getString("stream"), row.getString("tenant"), row.getString("cursor_value"),
                keys == null || keys.isEmpty() ? List.of() : List.of(keys.split("\n", -1)),
                Jdbc.instant(row, "cursor_moved_at"), Jdbc.instant(row, "last_tick_at"), row.getString("last_outcome"), row.getString("last_reason"),
                row.getLong("last_records"), row.getLong("last_events"));
    }
}
