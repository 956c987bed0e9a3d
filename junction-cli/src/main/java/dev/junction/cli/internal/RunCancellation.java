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
    /** 128 + the number of the signal that stopped the command; 0 while none did. */
    private volatile int signalled;

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
     * Cancels on Ctrl-C (SIGINT) and SIGTERM until closed. The signal is taken before the JVM starts
     * to shut down: H2, serving the embedded store to this and other processes, closes its database
     * from its own shutdown hook, and the runs could not record how they ended. The runs are asked to
     * stop, the command ends once it has recorded and printed them ({@code done} is counted down when
     * its store is closed) and exits with 128 + the signal's number ({@link #exitCode}); if that takes
     * longer than {@link #GRACE}, or on a second signal, the process exits at once and what still runs
     * ends like a killed process. Other ways of shutting down (SIGHUP, an exit elsewhere) still cancel
     * from a shutdown hook, as far as the store lets them.
     */
    AutoCloseable onShutdown(CountDownLatch done, Console console) {
        Thread hook = new Thread(() -> {
            stopping(cancel(), console);
            await(done);
        }, "junction-run-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        java.util.Map<sun.misc.Signal, sun.misc.SignalHandler> previous = new java.util.LinkedHashMap<>();
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                previous.put(signal, sun.misc.Signal.handle(signal, s -> onSignal(128 + s.getNumber(), done, console)));
            } catch (IllegalArgumentException notHere) {
                // the signal is the JVM's (-Xrs) or unknown here: the shutdown hook covers it
            }
        }
        return () -> {
            previous.forEach((signal, handler) -> sun.misc.Signal.handle(signal, handler));
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or ran: it waits for done
            }
        };
    }

    /** The command's exit code: 128 + the signal's number when a signal stopped it, else {@code exit}. */
    int exitCode(int exit) {
        return signalled != 0 ? signalled : exit;
    }

    private void onSignal(int exitCode, CountDownLatch done, Console console) {
        synchronized (this) {
            if (signalled != 0) {
                System.exit(signalled); // a second Ctrl-C: stop waiting
            }
            signalled = exitCode;
        }
        stopping(cancel(), console);
        Thread.ofPlatform().daemon().name("junction-run-stop").start(() -> {
            if (!await(done)) {
                System.exit(exitCode); // the runs did not stop in time: they end like a killed process
            }
        });
    }

    private static void stopping(int asked, Console console) {
        console.err().println();
        console.err().println(console.yellow("junction: stopping: ") + "asked " + asked + " running run(s) to stop; each ends cancelled after"
                + " its calls in flight (waiting up to " + GRACE.toSeconds() + "s)");
        console.err().flush();
    }

    private static boolean await(CountDownLatch done) {
        try {
            return done.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void ask(String runId) {
        try {
            store.runs().requestCancel(runId, clock.instant());
        } catch (RuntimeException e) {
            // the store is closing: the run ends like a killed one, and the next run marks it abandoned
        }
    }
}
