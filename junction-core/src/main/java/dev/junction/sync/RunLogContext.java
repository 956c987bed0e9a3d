package dev.junction.sync;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import io.opentelemetry.context.Context;
import org.slf4j.MDC;

/**
 * Tags every log line written for a run with who it is for, through SLF4J's {@link MDC}: the keys
 * {@value #RUN_ID}, {@value #SYNC}, {@value #TENANT}, {@value #CONNECTION} (the source's) and
 * {@value #DESTINATION} (the destination's connection). A log format shows them (the JSON format
 * writes each as a field).
 *
 * <p>The MDC is per thread and a new thread starts without it, so every thread that works for a run
 * is made by {@link #virtualThreads()} (or runs a task wrapped by {@link #carrying}), which hands
 * it the tags of the thread that made it and clears them when the work is done. The same threads
 * also get the OpenTelemetry {@link Context} of the thread that made them, so the spans they start
 * (batches, pages, calls) are children of the run's span ({@link dev.junction.trace.Tracing}).
 *
 * <pre>{@code
 * try (RunLogContext tags = RunLogContext.put(Map.of(RunLogContext.SYNC, "crm-to-helpdesk"))) {
 *     ... // log lines here, and on threads made by RunLogContext.virtualThreads(), carry sync=crm-to-helpdesk
 * } // the previous values are back
 * }</pre>
 */
public final class RunLogContext implements AutoCloseable {
    public static final String RUN_ID = "runId";
    public static final String SYNC = "sync";
    public static final String TENANT = "tenant";
    public static final String CONNECTION = "connection";
    public static final String DESTINATION = "destination";

    private final Map<String, String> previous;

    private RunLogContext(Map<String, String> previous) {
        this.previous = previous;
    }

    /**
     * Puts the non-null {@code values} into this thread's MDC; {@link #close} puts back what the keys
     * held before (or removes them).
     */
    public static RunLogContext put(Map<String, String> values) {
        Map<String, String> previous = new HashMap<>();
        values.forEach((key, value) -> {
            if (value != null) {
                previous.put(key, MDC.get(key));
                MDC.put(key, value);
            }
        });
        return new RunLogContext(previous);
    }

    /** {@link #put} of one run's tags; null values are left out. */
    public static RunLogContext run(String runId, String sync, String tenant) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(RUN_ID, runId);
        values.put(SYNC, sync);
        values.put(TENANT, tenant);
        return put(values);
    }

    /** Virtual threads that start with the MDC this thread has now (and clear it when they end). */
    public static ThreadFactory virtualThreads() {
        Map<String, String> tags = MDC.getCopyOfContextMap();
        Context trace = Context.current();
        ThreadFactory virtual = Thread.ofVirtual().factory();
        return task -> virtual.newThread(carrying(tags, trace.wrap(task)));
    }

    /** {@code task}, run with the MDC (and the trace context) this thread has now. */
    public static Runnable carrying(Runnable task) {
        return carrying(MDC.getCopyOfContextMap(), Context.current().wrap(task));
    }

    private static Runnable carrying(Map<String, String> tags, Runnable task) {
        if (tags == null || tags.isEmpty()) {
            return task;
        }
        return () -> {
            MDC.setContextMap(tags);
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        };
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
