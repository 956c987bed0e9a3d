package dev.junction.engine;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RunListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs one request started (one run, or every tenant's of a per-tenant sync), so they can be
 * stopped together: {@link #cancel()} asks each running one to stop exactly as cancelling it by id
 * would, and each one that starts afterwards as soon as it starts; tenants not started yet should
 * check {@link #requested()} and not start.
 */
public final class RunGroup {
    private final Store store;
    private final Clock clock;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean requested;

    public RunGroup(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Whether a stop was asked for. */
    public boolean requested() {
        return requested;
    }

    /** Asks every running run of the group to stop, and each one started from now on; returns how many were running. */
    public int cancel() {
        synchronized (this) {
            requested = true;
        }
        List<String> now = List.copyOf(running);
        now.forEach(this::ask);
        return now.size();
    }

    /** {@code listener} plus the bookkeeping of which of the group's runs are running. */
    public RunListener tracking(RunListener listener) {
        return new RunListener() {
            @Override
            public void started(String runId, String sync) {
                running.add(runId);
                boolean ask;
                synchronized (RunGroup.this) {
                    ask = requested;
                }
                if (ask) {
                    ask(runId);
                }
                listener.started(runId, sync);
            }

            @Override
            public void progress(RunCounters counters, Duration elapsed) {
                listener.progress(counters, elapsed);
            }

            @Override
            public void progress(RunCounters counters, Duration elapsed, ExpectedTotal expected) {
                listener.progress(counters, elapsed, expected);
            }

            @Override
            public void finished(RunRecord run) {
                running.remove(run.id());
                listener.finished(run);
            }
        };
    }

    private void ask(String runId) {
        try {
            store.runs().requestCancel(runId, clock.instant());
        } catch (RuntimeException e) {
            // the store is closing: the run ends like a killed one, and the next run marks it
        }
    }
}
