package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.ForwardingReader;
import dev.junction.sync.RecordSource;
import dev.junction.sync.SyncJob;
import dev.junction.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The spans of a run ({@link Tracing}): {@code junction.run} around it, {@code junction.page} around
 * each page read from the source (the source's calls are its children) and {@code junction.batch}
 * around each batch written (the destination's calls are its children). Attributes are names and
 * counts, never record content. With tracing off every method is a pass-through.
 */
final class RunSpans {
    private final Tracing tracing;

    RunSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** Starts the run's span; the caller makes it current for the run's work and ends it with {@link #ended}. */
    Span started(String runId, SyncJob job, boolean dryRun) {
        if (!tracing.on()) {
            return Span.getInvalid();
        }
        Span span = tracing.tracer().spanBuilder("junction.run").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("junction.run.id", runId)
                .setAttribute("junction.sync", job.sync())
                .setAttribute("junction.stream", job.stream())
                .setAttribute("junction.run.trigger", job.trigger())
                .startSpan();
        if (job.tenant() != null) {
            span.setAttribute("junction.tenant", job.tenant());
        }
        if (dryRun) {
            span.setAttribute("junction.run.dry_run", true);
        }
        return span;
    }

    /** Ends the run's span with its status and counters (FAILED sets the span's status to ERROR). */
    void ended(Span span, RunRecord run) {
        if (!span.isRecording()) {
            return;
        }
        RunCounters c = run.counters() == null ? RunCounters.ZERO : run.counters();
        span.setAttribute("junction.run.status", run.status().name().toLowerCase(Locale.ROOT));
        span.setAttribute("junction.records.read", c.read());
        span.setAttribute("junction.records.inserted", c.inserted());
        span.setAttribute("junction.records.updated", c.updated());
        span.setAttribute("junction.records.unchanged", c.unchanged());
        span.setAttribute("junction.records.skipped", c.skipped());
        span.setAttribute("junction.records.failed", c.failed());
        span.setAttribute("junction.records.deleted", c.deleted());
        if (run.status() == RunStatus.FAILED) {
            span.setStatus(StatusCode.ERROR, run.error() == null ? "failed" : run.error());
        }
        span.end();
    }

    /** {@code reader} with a span around each {@code nextPage()} (numbered from 1, with its record count). */
    RecordSource.Reader pages(RecordSource.Reader reader) {
        return tracing.on() ? new TracedReader(reader, tracing) : reader;
    }

    /** Runs {@code write} (one batch of {@code records}) inside a {@code junction.batch} span. */
    void batch(int records, Runnable write) {
        if (!tracing.on()) {
            write.run();
            return;
        }
        Span span = tracing.tracer().spanBuilder("junction.batch").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("junction.batch.records", (long) records).startSpan();
        try (Scope scope = span.makeCurrent()) {
            write.run();
        } catch (RuntimeException | Error e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** A reader whose every page read is a span. */
    private static final class TracedReader extends ForwardingReader {
        private final Tracing tracing;
        private final AtomicLong pages = new AtomicLong();

        TracedReader(RecordSource.Reader reader, Tracing tracing) {
            super(reader);
            this.tracing = tracing;
        }

        @Override
        public List<JsonNode> nextPage() {
            Span span = tracing.tracer().spanBuilder("junction.page").setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("junction.page.number", pages.incrementAndGet()).startSpan();
            try (Scope scope = span.makeCurrent()) {
                List<JsonNode> page = reader.nextPage();
                span.setAttribute("junction.page.records", page == null ? 0L : page.size());
                if (page == null) {
                    span.setAttribute("junction.page.last", true);
                }
                return page;
            } catch (RuntimeException | Error e) {
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
                throw e;
            } finally {
                span.end();
            }
        }
    }
}
