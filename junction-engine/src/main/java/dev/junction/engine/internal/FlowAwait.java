package dev.junction.engine.internal;

import dev.junction.store.FlowExecution;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waits, for a while, for a flow execution to end: on this process's worker when it runs the
 * execution, else (another process or request runs it) by looking at the store now and then.
 */
public final class FlowAwait implements AutoCloseable {
    /** How often {@link #await} looks at an execution this process does not run. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(20);

    private final FlowRunner runner;
    private final Function<String, FlowExecution> byId;
    /** Looks at executions other processes or requests run, for {@link #await}. */
    private final java.util.concurrent.ScheduledExecutorService watcher;

    /** @param byId reads an execution; throws {@code EngineException.NotFound} when there is no such execution */
    public FlowAwait(FlowRunner runner, Function<String, FlowExecution> byId) {
        this.runner = runner;
        this.byId = byId;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flow-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The execution when it has ended, or as it is after {@code timeout} (not ended: still queued or
     * running). Waits on this process's worker, or (an execution another process or request runs)
     * looks at the store now and then.
     */
    public FlowExecution await(String id, Duration timeout) {
        CompletableFuture<FlowExecution> done = runner.inFlight(id);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (done != null) {
            try {
                FlowExecution ran = done.get(Math.max(0, timeout.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS);
                if (ran.finished()) {
                    return ran;
                }
                // another process had it, or a wait parked it: watch the store for the rest of the time
            } catch (TimeoutException | ExecutionException e) {
                return byId.apply(id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return byId.apply(id);
            }
        }
        FlowExecution now = byId.apply(id);
        if (now.finished() || System.nanoTime() >= deadline) {
            return now;
        }
        CompletableFuture<FlowExecution> ended = new CompletableFuture<>();
        java.util.concurrent.ScheduledFuture<?> looking = watcher.scheduleWithFixedDelay(() -> {
            try {
                FlowExecution seen = byId.apply(id);
                if (seen.finished()) {
                    ended.complete(seen);
                }
            } catch (RuntimeException e) {
                ended.completeExceptionally(e);
            }
        }, WATCH_EVERY.toNanos(), WATCH_EVERY.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            return ended.get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return byId.apply(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return byId.apply(id);
        } finally {
            looking.cancel(false);
        }
    }

    /** Stops looking at the store: an {@link #await} still waiting gets the execution as it is at its timeout. */
    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
