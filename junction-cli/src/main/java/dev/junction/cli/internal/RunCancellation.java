package dev.junction.cli.internal;

import dev.junction.engine.RunGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C on {@code junction run}: every run the command started is asked to stop, exactly as
 * {@code junction runs cancel RUN} asks (the engine finishes the calls in flight and ends the run
 * {@code cancelled}, its checkpoint at the last page written), and tenants still waiting do not start.
 * The command waits to record and print how its runs ended, at most {@link #GRACE}; what still runs
 * then ends like a killed process (the next run marks it abandoned).
 */
final class RunCancellation {
    /** How long a Ctrl-C waits for the runs to stop before the process exits anyway. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final RunGroup group;
    private final Remote remote = new Remote();
    /** 128 + the number of the signal that stopped the command; 0 while none did. */
    private volatile int signalled;

    RunCancellation(RunGroup group) {
        this.group = group;
    }

    /** Runs the command sent to a server: a signal asks the server to cancel them. */
    static final class Remote {
        private volatile Runnable cancel = () -> { };
        private volatile boolean requested;

        /** What cancels the remote runs; called at once when a signal came first. */
        void onCancel(Runnable action) {
            cancel = action;
            if (requested) {
                action.run();
            }
        }

        void cancel() {
            requested = true;
            cancel.run();
        }
    }

    /** The hook for runs this command sent to a server. */
    Remote remote() {
        return remote;
    }

    /** Asks this process's runs and the runs sent to a server to stop. @return how many local runs were running */
    private int cancelAll() {
        int asked = group.cancel();
        try {
            remote.cancel();
        } catch (RuntimeException e) {
            // the server is gone: its runs end as its queue decides
        }
        return asked;
    }

    /**
     * Cancels on Ctrl-C (SIGINT) and SIGTERM until closed. The signal is taken before the JVM starts
     * to shut down: H2, serving the embedded store to this and other processes, closes its database
     * from its own shutdown hook, and the runs could not record how they ended. The runs are asked to
     * stop, the command ends once it has recorded and printed them ({@code done} is counted down when
     * its engine is closed) and exits with 128 + the signal's number ({@link #exitCode}); if that takes
     * longer than {@link #GRACE}, or on a second signal, the process exits at once and what still runs
     * ends like a killed process. Other ways of shutting down (SIGHUP, an exit elsewhere) still cancel
     * from a shutdown hook, as far as the store lets them.
     */
    AutoCloseable onShutdown(CountDownLatch done, Console console) {
        Thread hook = new Thread(() -> {
            stopping(cancelAll(), console);
            await(done);
        }, "junction-run-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<sun.misc.Signal, sun.misc.SignalHandler> previous = new LinkedHashMap<>();
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                previous.put(signal, sun.misc.Signal.handle(signal, s -> onSignal(128 + s.getNumber(), done, console)));
            } catch (IllegalArgumentException notHere) {
                // the signal is the JVM's (-Xrs) or unknown here: the shutdown hook covers it
            }
        }
        return () -> {
            previous.forEach(sun.misc.Signal::handle);
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
        stopping(cancelAll(), console);
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
}
