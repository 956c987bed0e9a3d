package dev.junction.sync.internal;

import dev.junction.spec.SyncSpec;
import dev.junction.spec.internal.Durations;
import dev.junction.store.Lease;
import dev.junction.store.Store;
import dev.junction.sync.SyncAlreadyRunningException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The rules that stop a run early, and the lease that keeps it the only run of its sync. The
 * lease is taken before the run starts and renewed in the background every third of its time to
 * live; a holder that dies stops renewing, and its lease can be taken over once expired.
 */
final class RunControl implements AutoCloseable {
    private final String runId;
    private final String sync;
    private final Store store;
    private final Clock clock;
    private final SyncSpec.RunLimits limits;
    private final Duration leaseTtl;
    private ScheduledExecutorService renewer;
    private Instant deadline;
    private boolean leased;

    RunControl(String runId, String sync, Store store, Clock clock, SyncSpec.RunLimits limits, Duration leaseTtl) {
        this.runId = runId;
        this.sync = sync;
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.leaseTtl = leaseTtl;
    }

    /** Takes the sync's lease. @throws SyncAlreadyRunningException naming the run that holds it */
    void acquire() {
        Instant now = clock.instant();
        Optional<Lease> holder = store.leases().acquire(sync, runId, now, now.plus(leaseTtl));
        if (holder.isPresent()) {
            throw new SyncAlreadyRunningException(holder.get());
        }
        leased = true;
    }

    /** Starts the clock of the run's timeout and the lease's renewal; {@code onLost} hears why the lease was lost. */
    void start(Instant startedAt, Consumer<String> onLost) {
        deadline = limits.timeout() == null ? null : startedAt.plus(limits.timeout());
        if (!leased) {
            return;
        }
        renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("junction-lease-" + sync).factory());
        long every = Math.max(1, leaseTtl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(() -> {
            try {
                if (!store.leases().renew(sync, runId, clock.instant().plus(leaseTtl))) {
                    onLost.accept("lost the run lease of sync '" + sync + "' (it expired and another run took it); stopped to avoid two runs at once");
                }
            } catch (RuntimeException e) {
                onLost.accept("could not renew the run lease of sync '" + sync + "': " + e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
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
        if (renewer != null) {
            renewer.shutdownNow();
        }
        if (leased) {
            store.leases().release(sync, runId);
        }
    }
}
