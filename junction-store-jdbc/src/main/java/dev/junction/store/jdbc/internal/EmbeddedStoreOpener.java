package dev.junction.store.jdbc.internal;

import dev.junction.store.StoreException;
import java.nio.file.Path;

/**
 * Opens the embedded store in a data directory: checks and creates the directory, gives H2's URL its
 * write delay, and tries again while the process that served the directory goes away.
 *
 * @param <S> the store it opens
 */
public final class EmbeddedStoreOpener<S> {
    /** How often opening the embedded store is tried while the process serving it goes away (every 250 ms). */
    private static final int SERVER_GONE_ATTEMPTS = 20;
    /** How long the embedded store's hot-path commits may stay unwritten (see {@link #open}). */
    private static final int WRITE_DELAY_MILLIS = 100;

    /** Opens the store at an embedded store's H2 URL as its admin user; {@code where} names it in messages. */
    @FunctionalInterface
    public interface Open<S> {
        S open(String url, String where);
    }

    private final String settings;
    private final Open<S> open;

    /** {@code settings}: the H2 settings the store's SQL needs, appended to the URL. */
    public EmbeddedStoreOpener(String settings, Open<S> open) {
        this.settings = settings;
        this.open = open;
    }

    /**
     * Opens the H2 file database {@code dataDir/junction}, creating the directory if missing (see
     * {@link EmbeddedH2#createDirectory}).
     *
     * @throws StoreException with a plain reason (never H2's JDBC URL) when it cannot be opened
     */
    public S open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new StoreException("the data directory " + dir + " must not contain ';' (it becomes part of a JDBC URL)", null);
        }
        EmbeddedH2.createDirectory(dir);
        // WRITE_DELAY: H2 writes commits to the file within that many milliseconds, in order, from a
        // background thread (and at once when its unsaved changes grow large). The run's hot-path writes
        // (fingerprints, checkpoints, counters, exchanges) rely on that; every other write, and above all
        // a write intent before its call, is flushed to the file before it returns (Jdbc, CHECKPOINT).
        // docs/syncs.md "Crashes and idempotency keys" gives the argument. H2 does not fsync: the file
        // cache outlives the process (kill -9) but not a power loss; PostgreSQL is the store for that.
        // Only the process serving the database writes the file; a process connected to it writes every
        // commit through (EmbeddedH2). H2 closes the database from its JVM shutdown hook (auto-server mode
        // requires it): a process that must write while it shuts down stops on the signal instead.
        String url = EmbeddedH2.url(dir, settings, WRITE_DELAY_MILLIS);
        for (int attempt = 1; ; attempt++) {
            try {
                return open.open(url, "the data directory " + dir);
            } catch (StoreException e) {
                // the process named in the lock file was closing its database as we connected (it serves it only while
                // it has it open); a moment later it is gone and this process serves the directory itself
                if (attempt < SERVER_GONE_ATTEMPTS && EmbeddedH2.serverGone(e)) {
                    pause();
                    continue;
                }
                throw openFailure(e, dir);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static StoreException openFailure(StoreException e, Path dir) {
        String message = e.getMessage().startsWith("could not migrate") ? EmbeddedH2.stripUrls(e.getMessage())
                : "could not open the store in data directory " + dir + ": " + EmbeddedH2.openFailure(e.getCause() == null ? e : e.getCause(), dir);
        return new StoreException(message, e.getCause());
    }
}
