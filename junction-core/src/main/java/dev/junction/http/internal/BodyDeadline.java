package dev.junction.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body read against a deadline. The JDK client's request timeout ends only the wait for
 * the headers: a body that trickles or stalls after them (a server, proxy or load balancer that hangs
 * mid-answer) blocks the reading thread for good. {@link #arm} closes the body stream under the read
 * when the time is up, which fails the blocked read; the read's caller asks {@link Armed#expired()}
 * to tell that from any other failure. One daemon thread serves every armed read of the process.
 */
public final class BodyDeadline {
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private BodyDeadline() {}

    /** A read under way: {@link #close()} it once the read ended, in time or not. */
    public static final class Armed implements AutoCloseable {
        private final ScheduledFuture<?> closer;
        private final long deadline;

        private Armed(ScheduledFuture<?> closer, long deadline) {
            this.closer = closer;
            this.deadline = deadline;
        }

        /** Whether the time is up (the stream was, or is about to be, closed under the read). */
        public boolean expired() {
            return System.nanoTime() - deadline >= 0;
        }

        @Override
        public void close() {
            closer.cancel(false);
        }
    }

    /** Closes {@code body} at {@code deadline} ({@link System#nanoTime()}) unless the returned read is closed first. */
    public static Armed arm(InputStream body, long deadline) {
        ScheduledFuture<?> closer = WATCHDOG.schedule(() -> {
            try {
                body.close();
            } catch (IOException e) {
                // closed already
            }
        }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return new Armed(closer, deadline);
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        var watchdog = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("junction-body-deadline").factory());
        watchdog.setRemoveOnCancelPolicy(true); // a body read in time leaves nothing queued
        return watchdog;
    }
}
