package dev.junction.store.jdbc.internal;

import dev.junction.store.StoreException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.engine.SessionRemote;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;

/**
 * The embedded store's H2 file database, shared by the processes that open one data directory.
 *
 * <p>H2's auto-server mode: the first process to open the database serves it on a random TCP
 * port (its address and a 128-bit key are in {@code junction.lock.db}, readable only by whoever can
 * read the data directory); the others connect to it. When the serving process exits, H2 closes the
 * database and its clients reconnect, one of them opening it and serving it in turn; after a
 * {@code kill -9} H2 first waits a few seconds to be sure the lock file is stale.
 *
 * <p>Only the serving process writes the file, with the write delay described in
 * {@link EmbeddedStoreOpener#open}: its commits may reach the file up to that delay later. A client's commits
 * live in the server's memory until then, and the client would go on after the server died as if
 * they had been written. So a client writes every commit through ({@code CHECKPOINT}, which runs on
 * the serving process) and treats a change of server during an operation as a failure: what that
 * operation wrote may be lost ({@link #requireSameServer}).
 */
public final class EmbeddedH2 {
    private EmbeddedH2() {}

    /**
     * The JDBC URL of the database in {@code dir}, with {@code settings} and a write delay.
     *
     * <p>{@code AUTO_COMPACT_FILL_RATE=0} turns off H2's background file maintenance, which otherwise
     * runs on the write-delay thread: rewriting the live pages of sparse chunks, and moving whole
     * chunks towards the start of the file when it is fragmented (RandomAccessStore.doHousekeeping).
     * A chunk move overwrites the old place regardless of the retention time and updates the
     * metadata after, in several steps; a process killed (kill -9) in between left files that did
     * not open or were inconsistent ("Chunk 16 not found", a stack overflow on open, "Row not found
     * in primary index": H2KillStressTest). Without it the file keeps H2's append-and-reuse
     * discipline: new chunks go to free space, and a chunk's space is freed only once no version
     * still needs it and the retention time (45 s) has passed. The cost: space in partly live chunks
     * is not reclaimed, and close no longer compacts (both are driven by this fill rate): measured,
     * the file grew some 17% more under heavy churn (docs/server.md "Embedded store durability").
     */
    public static String url(Path dir, String settings, int writeDelayMillis) {
        return "jdbc:h2:file:" + dir.resolve("junction") + settings + ";AUTO_COMPACT_FILL_RATE=0;AUTO_SERVER=TRUE;WRITE_DELAY=" + writeDelayMillis;
    }

    /** Creates the data directory (and any missing parent) readable by its owner only, where the file system has POSIX permissions. */
    public static void createDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                checkWritable(dir);
                return;
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new StoreException("could not create the data directory " + dir + ": " + e, e);
        }
    }

    /**
     * Writes and removes a probe file, so a directory the database cannot live in (read-only, or a
     * special file system such as /proc) is refused with its reason before H2 opens it, rather than
     * H2 printing its own stack trace about a trace or lock file it cannot write.
     */
    private static void checkWritable(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".junction-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new StoreException("the data directory " + dir + " cannot hold the database: a file cannot be written there ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage())
                    + "); choose another with --data-dir", e);
        }
    }

    /**
     * Where a connection's commits go: the serving process's address when it is a client of
     * another process (or, after a reconnect, of its own server); null when this process opened the
     * database itself.
     */
    public static String server(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return null;
        }
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        return session instanceof SessionRemote remote ? String.join(",", remote.getClusterServers()) : null;
    }

    /**
     * Waits until the changes this process's database has begun to write are in the file; does
     * nothing on a connection to another process's server. Needed after {@code CHECKPOINT}: when H2's
     * background writer (the write delay) is storing at that moment, {@code CHECKPOINT} returns
     * without waiting for it, the commits it stores still on their way to the file (MVStore.commit
     * skips its own store when the version moved on while it waited for the store lock, and the
     * background store is asynchronous). Waiting for H2's serialization and write threads to drain
     * closes that gap; a {@code kill -9} right after would otherwise lose a "flushed" write.
     */
    public static void awaitWritten(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
            return;
        }
        Store store = local.getDatabase().getStore();
        MVStore mvStore = store == null ? null : store.getMvStore();
        if (mvStore == null || mvStore.isClosed() || mvStore.getFileStore() == null) {
            return;
        }
        try {
            mvStore.executeFilestoreOperation(() -> { });
        } catch (RuntimeException e) {
            throw new SQLException("could not wait for the store's pending writes: " + e.getMessage(), "HY000", e);
        }
    }

    /**
     * Fails when the connection's server changed since {@code before} ({@link #server}): the
     * process serving the database ended during the operation, and what it wrote may be lost.
     */
    public static void requireSameServer(Connection connection, String before, String operation) throws SQLException {
        String after = server(connection);
        if (!before.equals(after)) {
            throw new SQLException("the process serving the store's data directory (at " + before + ") ended while this process was to "
                    + operation + "; what it wrote then may be lost, so it stops here (the next run resumes from what the store kept)",
                    "08006");
        }
    }

    /**
     * A clear reason why the database in {@code dir} could not be opened, without H2's JDBC URL.
     * {@code failure} is what the pool or the driver threw.
     */
    public static String openFailure(Throwable failure, Path dir) {
        SQLException sql = find(failure);
        if (sql == null) {
            return failure.getMessage() == null ? failure.getClass().getSimpleName() : stripUrls(failure.getMessage());
        }
        Path file = dir.resolve("junction.mv.db");
        return switch (sql.getErrorCode()) {
            case 90020 -> "another process has it open and does not share it (a Junction version that opened the data directory alone,"
                    + " or another H2 tool); stop that process and try again";
            case 90067, 90047 -> "the process that serves it to other processes (see " + dir.resolve("junction.lock.db")
                    + ") could not be reached: " + firstLine(sql) + "; try again, or stop the other Junction processes using this directory";
            case 90028, 90031, 90062 -> "could not read or write its files: " + firstLine(sql) + " (check the permissions of " + dir + ")";
            case 90097 -> "its files are read-only (check the permissions of " + dir + ")";
            case 90030 -> "its database file " + file + " is corrupted: " + firstLine(sql) + "; restore it from a backup";
            case 90048 -> "its database file " + file + " was written by an H2 version this Junction cannot read: " + firstLine(sql);
            case 28000 -> "its database file " + file + " was not created by Junction (its user or password differs)";
            default -> "H2 error " + sql.getErrorCode() + ": " + firstLine(sql);
        };
    }

    /**
     * Whether opening failed for a moment's reason worth trying again: the process named in the lock
     * file no longer answers (it was closing, or died), or another process was opening the database
     * at the same instant (H2 8000, "Lock file recently modified": the lock file changed in the last
     * seconds, and H2 refuses rather than wait; or 90020, "already in use": it holds the lock file but
     * has not written yet that it serves the database, which it does once its server is up). A
     * process that holds the database alone for good still fails with 90020 once the tries are spent.
     */
    public static boolean serverGone(Throwable failure) {
        SQLException sql = find(failure);
        return sql != null && (sql.getErrorCode() == 90067 || sql.getErrorCode() == 90047 || sql.getErrorCode() == 90020
                || sql.getErrorCode() == 8000 && sql.getMessage() != null && sql.getMessage().contains("Lock file recently modified"));
    }

    private static SQLException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** H2's message, first line only, with any JDBC URL in it left out. */
    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return stripUrls(newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** {@code message} with any H2 JDBC URL in it left out. */
    public static String stripUrls(String message) {
        return message.replaceAll("\"?jdbc:h2:[^\"\\s]*\"?", "(the store's database)");
    }
}
