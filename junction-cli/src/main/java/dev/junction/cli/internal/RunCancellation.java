package dev.junction.cli.internal;

import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import dev.junction.sync.RunListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C on {@code junction run}: every run the command started is asked to stop, exactly as
 * {@code junction runs cancel RUN} asks (the engine finishes the calls in flight and ends the run
 * {@code cancelled}, its checkpoint at the last page written), and tenants still waiting do not start.
 * The JVM's shutdown waits for the command to record and print how its runs ended, at most
 * {@link #GRACE}; what still runs then ends like a killed process (the next run marks it abandoned).
 */
final class RunCancellation {
    /** How long a Ctrl-C waits for the runs to stop before the process exits anyway. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final Store store;
    private final Clock clock;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile boolean requested;

    RunCancellation(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Whether a stop was asked for: tenants not started yet stay unstarted. */
    boolean requested() {
        return requested;
    }

    /** Asks every running run to stop, and each one started from now on as soon as it starts; returns how many were running. */
    int cancel() {
        synchronized (this) {
            requested = true;
        }
        List<String> now = List.copyOf(running);
        now.forEach(this::ask);
        return now.size();
    }

    /** {@code listener} plus the bookkeeping of which runs are running. */
    RunListener tracking(RunListener listener) {
        return new RunListener() {
            @Override
            public void started(String runId, String sync) {
                running.add(runId);
                boolean ask;
                synchronized (RunCancellation.this) {
                    ask = requested;
                }
                if (ask) {
                    ask(runId);
                }
                listener.started(runId, sync);
            }

            @Override
            public void progress(dev.junction.store.RunCounters counters, Duration elapsed) {
                listener.progress(counters, elapsed);
            }

            @Override
            public void progress(dev.junction.store.RunCounters counters, Duration elapsed, dev.junction.sync.ExpectedTotal expected) {
                listener.progress(counters, elapsed, expected);
            }

            @Override
            public void finished(RunRecord run) {
                running.remove(run.id());
                listener.finished(run);
            }
        };
    }

    /**
     * Cancels on the JVM's shutdown (Ctrl-C, SIGTERM) until closed; the shutdown then waits until
     * {@code done} is counted down (the command has closed its store) or {@link #GRACE} passed.
     */
    AutoCloseable onShutdown(CountDownLatch done, Console console) {
        Thread hook = new Thread(() -> {
            int asked = cancel();
            console.err().println();
            console.err().println(console.yellow("junction: stopping: ") + "asked " + asked + " running run(s) to stop; each ends cancelled after"
                    + " its calls in flight (waiting up to " + GRACE.toSeconds() + "s)");
            console.err().flush();
            try {
                done.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "junction-run-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or ran: it waits for done
            }
        };
    }

    private void ask(String runId) {
        try {
            store.runs().requestCancel(runId, clock.instant());
        } catch (RuntimeException e) {
            // the store is closing: the run ends like a killed one, and the next run marks it abandoned
        }
    }
}
