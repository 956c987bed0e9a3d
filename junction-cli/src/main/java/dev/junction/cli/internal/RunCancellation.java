package dev.junction.cli.internal;

import dev.junction.engine.RunGroup;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C on {@code junction run}: every run the command started is asked to stop, exactly as
 * {@code junction runs cancel RUN} asks (the engine finishes the calls in flight and ends the run
 * {@code cancelled}, its checkpoint at the last page written), and tenants still waiting do not start.
 * The JVM's shutdown waits for the command to record and print how its runs ended, at most
 * {@link #GRACE}; what still runs then ends like a killed process (the next run marks it).
 */
final class RunCancellation {
    /** How long a Ctrl-C waits for the runs to stop before the process exits anyway. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private RunCancellation() {}

    /**
     * Cancels {@code group} on the JVM's shutdown (Ctrl-C, SIGTERM) until closed; the shutdown then
     * waits until {@code done} is counted down (the command has closed its engine) or {@link #GRACE} passed.
     */
    static AutoCloseable onShutdown(RunGroup group, CountDownLatch done, Console console) {
        Thread hook = new Thread(() -> {
            int asked = group.cancel();
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
}
