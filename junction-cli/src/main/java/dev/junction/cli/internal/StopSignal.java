package dev.junction.cli.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits until Ctrl-C (the JVM shutting down) or, when given, a number of seconds. */
public final class StopSignal {
    private StopSignal() {}

    public static void await(Long seconds) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "junction-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (seconds != null) {
            stop.await(seconds, TimeUnit.SECONDS);
        } else {
            stop.await();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already stopping: the hook ran
        }
    }
}
