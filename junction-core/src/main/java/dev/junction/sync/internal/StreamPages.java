package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The run's page handling for an unpartitioned source: each page is written as it is read, and once
 * its batches and those of every page before it finished, the reader and the read's checkpoint hear
 * the page is accounted for. A prefetchable reader's next page is written while this page's last
 * batches are still in flight ({@link PagesInFlight}); any other reader gets its next page once every
 * batch of this one finished. Used by the run's thread only.
 */
final class StreamPages {
    private final PageAhead reader;
    /** The checkpoint of the read; null for a full read. */
    private final CursorCheckpoint checkpoint;
    private final PageWriter writer;
    private final RunStops stops;
    private final RunProgress progress;
    private final boolean dryRun;

    StreamPages(PageAhead reader, CursorCheckpoint checkpoint, PageWriter writer, RunStops stops, RunProgress progress, boolean dryRun) {
        this.reader = reader;
        this.checkpoint = checkpoint;
        this.writer = writer;
        this.stops = stops;
        this.progress = progress;
        this.dryRun = dryRun;
    }

    /** Writes the pages read until the read ends or the run stops; whether the read got to its end. */
    boolean writeAll(ExecutorService writers) {
        List<JsonNode> page = null;
        // a reader that must be told in step when its pages are accounted for gets them one page at a time; mirror mode
        // overlaps pages too, since it marks a page's keys seen only when the page is accounted for (pagesFinished)
        boolean overlap = reader.prefetchable();
        PagesInFlight pages = new PagesInFlight(stops::fail);
        try {
            while (!stops.stopped() && (page = reader.nextPage()) != null) {
                writer.write(page, checkpoint == null ? null : checkpoint.read(page), writers, pages, this::pagesFinished);
                pagesFinished(pages.finish(!overlap));
                progress.report();
                stops.check();
            }
        } finally {
            // also when a read fails: the pages before it are written, and a sorted read's checkpoint moves past them
            pagesFinished(pages.finish(true));
        }
        return page == null;
    }

    /** After pages finished: their records are all written or dead-lettered, so a sorted read's checkpoint may move past them. */
    private void pagesFinished(PagesInFlight.Finished finished) {
        if (!finished.any()) {
            return;
        }
        if (!dryRun) {
            progress.save();
        }
        if (stops.stopped()) {
            return;
        }
        writer.seen(finished.seen());
        if (dryRun) {
            return;
        }
        reader.accountedThrough(finished.pages());
        if (checkpoint != null && finished.mark() != null) {
            checkpoint.accounted(finished.mark());
        }
    }
}
