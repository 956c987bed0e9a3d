package dev.junction.sync.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Hands a run's batches to its writer threads, at most the sync's concurrency at once (a batch waits
 * for a free slot), each written in a span of its own; a batch is not written once the run stopped.
 */
final class BatchSubmitter {
    /** The run's log lines keep the logger they always had (see docs/operations.md). */
    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
    private final Semaphore inFlight;
    private final BatchWrite batchWrite;
    private final RunSpans spans;
    private final RunStops stops;
    private final RunProgress progress;

    BatchSubmitter(int concurrency, BatchWrite batchWrite, RunSpans spans, RunStops stops, RunProgress progress) {
        this.inFlight = new Semaphore(concurrency);
        this.batchWrite = batchWrite;
        this.spans = spans;
        this.stops = stops;
        this.progress = progress;
    }

    /**
     * Writes a batch, at most the sync's concurrency at once; not once the run stopped, unless it is the {@code last} of a
     * partitioned read that stopped for a failed read. {@code ended} (may be null) is told whether it was written.
     */
    Future<?> submit(ExecutorService writers, List<Pending> batch, boolean last, Consumer<Boolean> ended) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        }
        return writers.submit(() -> {
            boolean written = false;
            try {
                if (!stops.stopped() || last && stops.writesAfterFailedRead()) {
                    spans.batch(batch.size(), () -> batchWrite.write(batch));
                    written = true;
                    LOG.debug("Wrote a batch of {} records", batch.size()); // counts only: no record content in logs
                }
            } catch (RuntimeException e) {
                stops.fail(e);
            } finally {
                inFlight.release();
                if (ended != null) {
                    try {
                        ended.accept(written); // the partitions' checkpoints move past what it wrote
                        progress.save();
                    } catch (RuntimeException e) {
                        stops.fail(e);
                    }
                }
                progress.report();
            }
        });
    }
}
