package dev.junction.sync.internal;

import dev.junction.spec.SyncSpec;
import dev.junction.spec.internal.Durations;
import dev.junction.store.Lease;
import dev.junction.store.Store;
import dev.junction.sync.LeaseKeeper;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The rules that stop a run early, and the lease that keeps it the only run of its sync. The
 * lease is taken before the run starts and kept renewed by the process's {@link LeaseKeeper}; a
 * holder that dies stops renewing, and its lease can be taken over once expired, or at once when
 * its process is provably gone.
 */
final class RunControl implements AutoCloseable {
    private final String runId;
    private final String sync;
    private final Store store;
    private final Clock clock;
    private final SyncSpec.RunLimits limits;
    private final LeaseKeeper keeper;
    private LeaseKeeper.Held lease;
    private Instant deadline;

    RunControl(String runId, String sync, Store store, Clock clock, SyncSpec.RunLimits limits, LeaseKeeper keeper) {
        this.runId = runId;
        this.sync = sync;
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.keeper = keeper;
    }

    /**
     * Takes the sync's lease; {@code onLost} hears why the run lost it. @throws dev.junction.sync.SyncAlreadyRunningException
     *     naming the run that holds it
     */
    void acquire(Consumer<String> onLost) {
        lease = keeper.acquire(sync, runId, onLost);
    }

    /** The lease this run's took the place of (expired, or its holder dead), if any. */
    Optional<Lease> replaced() {
        return lease == null ? Optional.empty() : lease.replaced();
    }

    /** Starts the clock of the run's timeout. */
    void start(Instant startedAt) {
        deadline = limits.timeout() == null ? null : startedAt.plus(limits.timeout());
    }

    /** Whether {@code junction runs cancel} asked this run to stop. */
    boolean cancelRequested() {
        return store.runs().cancelRequested(runId);
    }

    /** Why the run must stop for its timeout, or null. */
    String timedOut() {
        if (deadline == null || clock.instant().isBefore(deadline)) {
            return null;
        }
        return "timed out: the run took longer than its timeout of " + Durations.format(limits.timeout())
                + " (set timeout: in the sync to change it)";
    }

    /** Why the run must stop for its failures, or null. */
    String tooManyFailures(long failed, long read) {
        SyncSpec.AbortAfter abort = limits.abortAfter();
        if (abort == null || failed == 0) {
            return null;
        }
        if (abort.failures() != null && failed > abort.failures()) {
            return "aborted: " + failed + " records failed, more than abortAfter.failures (" + abort.failures() + ")";
        }
        if (abort.percent() != null && read >= abort.minRecords() && failed * 100 > (long) abort.percent() * read) {
            return "aborted: " + failed + " of " + read + " records failed (" + String.format(Locale.ROOT, "%.1f", failed * 100.0 / read)
                    + "%), more than abortAfter.percent (" + abort.percent() + "%)";
        }
        return null;
    }

    /** Stops renewing and gives the lease up. */
    @Override
    public void close() {
        if (lease != null) {
            lease.close();
        }
    }
}
