package dev.junction.store.jdbc.internal;

import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain-JDBC access in the style of Jdbi: a connection is borrowed from the pool only for the
 * duration of a callback, and every {@link SQLException} becomes a {@link StoreException} whose
 * message names the operation ({@code "could not save run 'r1': ..."}). The static helpers bind
 * parameters and map rows; they never build SQL from values.
 */
public final class Jdbc {
    /** Work done with a borrowed connection. */
    @FunctionalInterface
    public interface HandleCallback<T> {
        T withHandle(Connection connection) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;
    private final boolean flushCommits;

    /** A store whose commits reach the database's file when they return (PostgreSQL, in-memory H2). */
    public Jdbc(DataSource dataSource) {
        this(dataSource, false);
    }

    /**
     * {@code flushCommits}: the embedded store's H2 file database, whose serving process writes
     * commits to its file later (a write delay), so {@link #withHandle} and {@link #inTransaction}
     * write everything committed so far to the file (H2's {@code CHECKPOINT}) before they return; the
     * {@code NoFlush} variants do not. On a connection to another process's server (H2's auto-server
     * mode, see {@link EmbeddedH2}) every variant flushes, and an operation during which that server
     * went away fails.
     */
    public Jdbc(DataSource dataSource, boolean flushCommits) {
        this.dataSource = dataSource;
        this.flushCommits = flushCommits;
    }

    /**
     * Runs the callback on a pooled connection in auto-commit mode; what it committed is in the
     * database's file when this returns (see {@link #Jdbc(DataSource, boolean)}).
     */
    public <T> T withHandle(String operation, HandleCallback<T> callback) {
        return handle(operation, flushCommits, callback);
    }

    /**
     * Like {@link #withHandle}, for reads and for writes on a run's hot path that may reach the file
     * up to the write delay later: a process killed meanwhile loses them, and with them every later
     * commit (H2 writes its commits to the file in order), never an earlier one.
     */
    public <T> T withHandleNoFlush(String operation, HandleCallback<T> callback) {
        return handle(operation, false, callback);
    }

    /**
     * Runs the callback in one transaction: committed if it returns, rolled back if it throws. The
     * pool (HikariCP) restores auto-commit when the connection is returned. The commit is in the
     * database's file when this returns.
     */
    public <T> T inTransaction(String operation, HandleCallback<T> callback) {
        return transaction(operation, flushCommits, callback);
    }

    /** Like {@link #inTransaction}, without the flush: see {@link #withHandleNoFlush}. */
    public <T> T inTransactionNoFlush(String operation, HandleCallback<T> callback) {
        return transaction(operation, false, callback);
    }

    private <T> T handle(String operation, boolean flush, HandleCallback<T> callback) {
        try (Connection connection = dataSource.getConnection()) {
            String server = remoteServer(connection);
            T result = callback.withHandle(connection);
            afterCommit(connection, flush, server, operation);
            return result;
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    private <T> T transaction(String operation, boolean flush, HandleCallback<T> callback) {
        try (Connection connection = dataSource.getConnection()) {
            String server = remoteServer(connection);
            connection.setAutoCommit(false);
            T result;
            try {
                result = callback.withHandle(connection);
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            afterCommit(connection, flush, server, operation);
            return result;
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /**
     * The server of an embedded store's connection to another process (see {@link EmbeddedH2#server}),
     * after a round trip that reconnects a connection whose server went away while it was idle (so
     * that only a server lost during the operation fails it); null for any other connection.
     */
    private String remoteServer(Connection connection) throws SQLException {
        if (!flushCommits || EmbeddedH2.server(connection) == null) {
            return null;
        }
        connection.isValid(0);
        return EmbeddedH2.server(connection);
    }

    /** Flushes when asked or on a connection to another process's server, which must not have changed meanwhile. */
    private static void afterCommit(Connection connection, boolean flush, String server, String operation) throws SQLException {
        if (flush || server != null) {
            connection.setAutoCommit(true);
            flush(connection);
        }
        if (server != null) {
            EmbeddedH2.requireSameServer(connection, server, operation);
        }
    }

    /**
     * H2: writes every change committed so far to the file (no fsync), if any is not there yet, and
     * waits for a write H2's background writer had under way ({@link EmbeddedH2#awaitWritten}).
     */
    private static void flush(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("checkpoint");
        }
        EmbeddedH2.awaitWritten(connection);
    }

    static StoreException failure(String operation, SQLException e) {
        return new StoreException("could not " + operation + ": " + describe(e), e);
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String described = e.getSQLState() == null ? message : message + " [SQLState " + e.getSQLState() + "]";
        return lostRow(e) ? described + LOST_ROW : lockTimeout(e) ? described + LOCKED_ROW : described;
    }

    /** H2's LOCK_TIMEOUT_1: a row stayed locked past the lock timeout. */
    private static final int H2_LOCK_TIMEOUT = 50200;
    static final String LOCKED_ROW = " — a row this needs stayed locked past the lock timeout: another transaction held it, or, when it"
            + " happens again each time, the embedded store kept the lock of a process killed while it wrote (H2 leaves this now and then):"
            + " stop every Junction process on its data directory and run `junction store repair` (docs/server.md, \"Embedded store"
            + " durability\")";

    private static boolean lockTimeout(SQLException e) {
        return e.getErrorCode() == H2_LOCK_TIMEOUT;
    }

    /** H2's ROW_NOT_FOUND_IN_PRIMARY_INDEX: an index names a row its table does not have. */
    private static final int ROW_NOT_FOUND_IN_PRIMARY_INDEX = 90143;
    static final String LOST_ROW = " — the embedded store's file has an index entry for a row its table lost (H2 leaves this now and then"
            + " when a process is killed): stop every Junction process on its data directory and run `junction store repair`"
            + " (docs/server.md, \"Embedded store durability\")";

    /** Whether H2 failed the statement on an index entry whose row is gone (it reports it as a lock timeout). */
    static boolean lostRow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ROW_NOT_FOUND_IN_PRIMARY_INDEX) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    // ---- statement helpers ------------------------------------------------------------------

    /** Executes an insert, update or delete. @return the update count */
    public static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    public static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    public static <T> Optional<T> first(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty();
            }
        }
    }

    /**
     * Binds parameters in order. Instants become {@code OffsetDateTime} in UTC truncated to
     * microseconds (what both databases store); null binds an untyped SQL NULL.
     */
    public static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            bindOne(statement, i + 1, params[i]);
        }
    }

    private static void bindOne(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case Instant instant -> statement.setObject(index, toTimestamp(instant), Types.TIMESTAMP_WITH_TIMEZONE);
            case String text -> statement.setString(index, text);
            case Long number -> statement.setLong(index, number);
            case Integer number -> statement.setInt(index, number);
            case Boolean flag -> statement.setBoolean(index, flag);
            case byte[] bytes -> statement.setBytes(index, bytes);
            default -> throw new IllegalArgumentException("unsupported parameter type " + value.getClass().getName());
        }
    }

    public static OffsetDateTime toTimestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** Reads a {@code timestamp with time zone} column; null stays null. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** {@code ?, ?, ?} for an IN list of that many parameters. */
    public static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** Splits a list into consecutive chunks of at most {@code size} elements. */
    public static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>((items.size() + size - 1) / size);
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }

    /** Rejects a non-positive list limit with a message naming the method. */
    public static int positiveLimit(String what, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException(what + ": limit must be positive, was " + limit);
        }
        return limit;
    }

    /**
     * An optional {@code where} of equality filters: a null value leaves its column out. Column
     * names are constants of the caller; values are always bound.
     */
    public record Where(List<String> columns, List<Object> values) {
        public static Where of(String column, Object value) {
            return new Where(List.of(), List.of()).and(column, value);
        }

        public Where and(String column, Object value) {
            if (value == null) {
                return this;
            }
            List<String> c = new java.util.ArrayList<>(columns);
            List<Object> v = new java.util.ArrayList<>(values);
            c.add(column);
            v.add(value);
            return new Where(List.copyOf(c), List.copyOf(v));
        }

        /** {@code ""} or {@code " where a = ? and b = ?"}. */
        public String sql() {
            return columns.isEmpty() ? "" : " where " + String.join(" and ", columns.stream().map(c -> c + " = ?").toList());
        }

        /** The bound values, then {@code more}. */
        public Object[] params(Object... more) {
            List<Object> all = new java.util.ArrayList<>(values);
            all.addAll(java.util.Arrays.asList(more));
            return all.toArray();
        }
    }
}
