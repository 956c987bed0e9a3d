package dev.junction.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM and Ctrl-C for a long-running command, taken before the JVM starts to shut down: H2, serving
 * the embedded store to this and other processes, closes its database from its own shutdown hook, and
 * a server stopping gracefully must still write to the store (runs going back to the queue). A second
 * signal exits at once. A JVM shutdown that comes another way (SIGHUP, System.exit) still releases the
 * wait from a shutdown hook.
 */
final class ShutdownSignal implements AutoCloseable {
    private final CountDownLatch raised = new CountDownLatch(1);
    private final Map<sun.misc.Signal, sun.misc.SignalHandler> previous = new LinkedHashMap<>();
    private final Thread hook = new Thread(raised::countDown, "junction-shutdown");
    private volatile int signal;

    ShutdownSignal() {
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal s = new sun.misc.Signal(name);
                previous.put(s, sun.misc.Signal.handle(s, this::onSignal));
            } catch (IllegalArgumentException notHere) {
                // the signal is the JVM's (-Xrs) or unknown here: the shutdown hook covers it
            }
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal(sun.misc.Signal s) {
        synchronized (this) {
            if (signal != 0) {
                Runtime.getRuntime().halt(128 + signal); // a second signal: stop now
            }
            signal = s.getNumber();
        }
        raised.countDown();
    }

    /** Waits for a signal, or {@code seconds} when not null. @return whether a signal (rather than the time) ended the wait */
    boolean await(Long seconds) throws InterruptedException {
        if (seconds == null) {
            raised.await();
            return true;
        }
        return raised.await(seconds, TimeUnit.SECONDS);
    }

    /** The name of the signal that was taken, for messages; null when none. */
    String name() {
        return signal == 0 ? null : signal == 15 ? "SIGTERM" : signal == 2 ? "SIGINT" : "signal " + signal;
    }

    @Override
    public void close() {
        previous.forEach(sun.misc.Signal::handle);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is shutting down: the hook ran or runs
        }
    }
}
