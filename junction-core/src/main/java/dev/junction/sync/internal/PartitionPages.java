package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sync.RecordSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The run's page handling for the partitions of a partitioned source (read on several threads, a
 * page at a time each): the pages of every partition go into one set of shared batches
 * ({@link PartitionWrites}), or in a dry run (and the benchmark's baseline,
 * {@link RunExecution#PAGE_AT_A_TIME}) each page is written in batches of its own.
 */
final class PartitionPages implements PartitionedRead.Pages {
    private final ExecutorService writers;
    private final PageWriter writer;
    private final RunStops stops;
    private final RunProgress progress;
    private final RunSpans spans;
    private final boolean dryRun;
    /** The batches shared by the partitions (null: each page its own). */
    private final PartitionWrites shared;

    /** {@code writers} write the batches, at most {@code concurrency} at once ({@code submitter}). */
    PartitionPages(ExecutorService writers, int concurrency, PageWriter writer, BatchSubmitter submitter, RunStops stops, RunProgress progress,
            RunSpans spans, boolean dryRun) {
        this.writers = writers;
        this.writer = writer;
        this.stops = stops;
        this.progress = progress;
        this.spans = spans;
        this.dryRun = dryRun;
        if (!dryRun && !Boolean.getBoolean(RunExecution.PAGE_AT_A_TIME)) {
            // records buffered across partitions: the batches in flight, one being cut, one waiting for a slot
            int budget = writer.batchSize() * (concurrency + 2);
            shared = new PartitionWrites(writer.cutter(), budget, (batch, last, ended) -> submitter.submit(writers, batch, last, ended),
                    stops::stopped, stops::fail);
        } else {
            shared = null;
        }
    }

    @Override
    public void write(List<JsonNode> page, Runnable accounted) {
        if (shared != null) {
            writeShared(page, accounted);
            return;
        }
        PagesInFlight inFlight = new PagesInFlight(stops::fail);
        writer.write(page, null, writers, inFlight, finished -> {}); // a page of its own waits for none before it
        PagesInFlight.Finished finished = inFlight.finish(true);
        if (!dryRun) {
            progress.save();
        }
        writer.seen(finished.seen());
        if (!stops.stopped()) {
            accounted.run();
        }
    }

    /** A partition's page into the batches shared by every partition ({@link PartitionWrites}). */
    private void writeShared(List<JsonNode> page, Runnable accounted) {
        PageDiff.Mapping mapping = writer.map(page);
        Map<String, PageDiff.Mapped> mapped = mapping.records();
        if (mapping.complete() && shared.reserve(mapped.keySet())) {
            Map<String, Pending> byKey = writer.changes(mapped, writer.cutter());
            List<String> seen = writer.seenOnceAccounted(mapped);
            // runs on the thread that wrote the page's last record; mirror mode marks its keys seen first
            shared.add(byKey.values(), mapped.keySet(), () -> {
                writer.seen(seen);
                accounted.run();
            });
        }
    }

    @Override
    public RecordSource.Reader traced(RecordSource.Reader reader) {
        return spans.pages(reader);
    }

    @Override
    public void drain() {
        if (shared != null) {
            shared.drain();
        }
    }

    @Override
    public void between() {
        progress.report();
        stops.check();
    }

    @Override
    public void fail(Throwable error) {
        stops.failRead(error);
    }

    @Override
    public boolean stopped() {
        return stops.stopped();
    }
}
