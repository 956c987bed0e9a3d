package dev.junction.store.jdbc.internal;

import dev.junction.sync.ExpectedTotal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * How many rows a SQL read will return, for the progress ETA: {@code select count(*)} of the read's
 * own statement with the same bind values, run on its own connection and virtual thread beside the
 * read, so the read never waits for it. Until it answers, and for good when it fails (a database
 * that cannot count a derived table, a lost connection), the total is unknown: counting never fails
 * a run. {@link #close()} cancels a count still running (the read ended first). The thread is never
 * interrupted (an interrupt breaks an H2 file store for the rest of the process).
 */
final class SqlCount implements AutoCloseable {
    /** Binds the read's parameters (the checkpoint) to the count's statement. */
    interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final Supplier<Connection> connect;
    private final String statement;
    private final Binding binding;
    private volatile ExpectedTotal total;
    private volatile PreparedStatement running;
    private volatile boolean closed;
    private volatile boolean finished;

    private SqlCount(Supplier<Connection> connect, String statement, Binding binding) {
        this.connect = connect;
        this.statement = statement;
        this.binding = binding;
    }

    /** Starts counting the rows of {@code select} (the read's statement, without an order). */
    static SqlCount start(Supplier<Connection> connect, String select, Binding binding) {
        SqlCount count = new SqlCount(connect, "select count(*) from (\n" + select + "\n) junction_count", binding);
        Thread.ofVirtual().name("sql-count").start(count::count);
        return count;
    }

    private void count() {
        try (Connection connection = connect.get(); PreparedStatement count = connection.prepareStatement(statement)) {
            binding.bind(count);
            running = count;
            if (closed) {
                return;
            }
            try (ResultSet rows = count.executeQuery()) {
                if (rows.next() && !closed) {
                    total = new ExpectedTotal(rows.getLong(1), ExpectedTotal.Basis.QUERY_COUNT);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the ETA stays unknown; the read reports its own errors
        } finally {
            running = null;
            finished = true;
        }
    }

    /** The count, once the database answered; null before and when it failed. */
    ExpectedTotal total() {
        return total;
    }

    /** Whether the count ended: answered, failed or cancelled. */
    boolean finished() {
        return finished;
    }

    @Override
    public void close() {
        closed = true;
        PreparedStatement count = running;
        if (count != null && total == null) {
            try {
                count.cancel();
            } catch (SQLException | RuntimeException e) {
                // already finished or closed
            }
        }
    }
}
