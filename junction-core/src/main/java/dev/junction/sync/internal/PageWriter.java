package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sync.DryRun;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Turns a run's pages into writes: maps each page and diffs it against the stored fingerprints, cuts
 * the changed records into batches and submits them (a dry run counts and samples them instead), and
 * in mode mirror reports the keys of the pages accounted for as seen.
 */
final class PageWriter {
    private final PageDiff diff;
    private final StoredFingerprints storedFingerprints;
    /** Mode mirror's deletes; null in any other mode. */
    private final MirrorDeletes mirror;
    private final BatchSubmitter submitter;
    private final RunStops stops;
    private final LiveCounters counters;
    private final DryRunSamples samples;
    private final int batchSize;
    private final Batches.ByteLimit maxBytes;
    private final boolean dryRun;

    PageWriter(PageDiff diff, StoredFingerprints storedFingerprints, MirrorDeletes mirror, BatchSubmitter submitter, RunStops stops,
            LiveCounters counters, DryRunSamples samples, int batchSize, Batches.ByteLimit maxBytes, boolean dryRun) {
        this.diff = diff;
        this.storedFingerprints = storedFingerprints;
        this.mirror = mirror;
        this.submitter = submitter;
        this.stops = stops;
        this.counters = counters;
        this.samples = samples;
        this.batchSize = batchSize;
        this.maxBytes = maxBytes;
        this.dryRun = dryRun;
    }

    /** The records of a batch at most. */
    int batchSize() {
        return batchSize;
    }

    /** A new cutter of batches, at the sync's batch size and byte limit. */
    Batches cutter() {
        return new Batches(batchSize, maxBytes.bytes());
    }

    PageDiff.Mapping map(List<JsonNode> page) {
        return diff.map(page);
    }

    /** The changed records of a mapped page, by destination key; a record no batch can hold is dead-lettered ({@code cutter}'s limit). */
    Map<String, Pending> changes(Map<String, PageDiff.Mapped> mapped, Batches cutter) {
        Map<String, String> stored = storedFingerprints.find(mapped.keySet());
        return diff.changes(mapped, stored, cutter, maxBytes);
    }

    /** The keys to report as seen once a page is accounted for: in mode mirror every key of the page, unchanged ones too; else none. */
    List<String> seenOnceAccounted(Map<String, PageDiff.Mapped> mapped) {
        return mirror == null ? List.of() : List.copyOf(mapped.keySet());
    }

    /** Mode mirror: the keys of pages accounted for are seen; not once the run stopped (it deletes nothing then). */
    void seen(List<String> keys) {
        if (mirror != null && !keys.isEmpty() && !stops.stopped()) {
            mirror.seen(keys);
        }
    }

    /**
     * Writes a page, handing its batches (and in mode mirror the destination keys of its mapped records) to {@code pages},
     * with its {@code mark} in the incremental read (null: none). {@code finished} accounts for the pages this one waited for.
     */
    void write(List<JsonNode> page, CursorCheckpoint.Mark mark, ExecutorService writers, PagesInFlight pages,
            Consumer<PagesInFlight.Finished> finished) {
        PageDiff.Mapping mapping = diff.map(page);
        if (!mapping.complete()) {
            return;
        }
        Map<String, PageDiff.Mapped> mapped = mapping.records();
        List<String> seen = seenOnceAccounted(mapped);
        if (pages.holdsAny(mapped.keySet())) {
            // an older version of one of these records is still being written: let it land first
            finished.accept(pages.finish(true));
        }
        Batches cutter = cutter();
        Map<String, Pending> byKey = changes(mapped, cutter);
        if (dryRun) {
            for (Pending p : byKey.values()) {
                (p.known() ? counters.updated : counters.inserted).increment();
                samples.offer(p.known() ? DryRun.Change.UPDATE : DryRun.Change.INSERT, p.key(), p.record(), null);
            }
            pages.add(List.of(), List.of(), mark, seen); // nothing to wait for: finished at once
            return;
        }
        pages.add(submitAll(byKey.values(), cutter, writers), byKey.keySet(), mark, seen);
    }

    /**
     * Cuts a page's changed records into batches and submits them. A loop of its own: in {@link #write}
     * it had the JIT compile that whole method a second time on-stack (0.6 s of C2 time per JVM).
     */
    private List<Future<?>> submitAll(Collection<Pending> changed, Batches cutter, ExecutorService writers) {
        List<Future<?>> batches = new ArrayList<>();
        for (Pending pending : changed) {
            if (cutter.isEmpty()) {
                stops.check();
                if (stops.stopped()) {
                    break;
                }
            }
            List<Pending> full = cutter.add(pending);
            if (full != null) {
                batches.add(submitter.submit(writers, full, false, null));
            }
        }
        List<Pending> rest = cutter.take();
        if (!rest.isEmpty() && !stops.stopped()) {
            batches.add(submitter.submit(writers, rest, false, null));
        }
        return batches;
    }
}
