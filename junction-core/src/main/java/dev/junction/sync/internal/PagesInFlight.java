package dev.junction.sync.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The pages whose batches are still being written, oldest first. The run hands a page's batches
 * over and reads on, so the next page's batches can start while the last batches of this one wait
 * for their responses (otherwise every page ends with idle calls and an unused rate budget). A page
 * is finished when all its batches are; the checkpoint may move past a page only once it and every
 * page before it are finished (see {@link CursorCheckpoint}), so pages leave from the head only. The keys of unfinished pages are
 * kept, so that a later page holding one of them can wait first: a record is never written while
 * an older version of it is still on its way. Used by the run's thread only.
 */
final class PagesInFlight {
    private record PageWrites(List<Future<?>> batches, Set<String> keys, CursorCheckpoint.Mark mark, List<String> seen) {}

    private final ArrayDeque<PageWrites> pages = new ArrayDeque<>();
    private final Set<String> keys = new HashSet<>();
    private final Consumer<Throwable> failure;
    private long finished;

    /** {@code failure} is told about a batch that ended with an exception. */
    PagesInFlight(Consumer<Throwable> failure) {
        this.failure = failure;
    }

    /**
     * A page's batches, the destination keys it writes, its mark in the incremental read (null: none), and the keys to
     * report as seen once it is finished (mode mirror: every key of the page, unchanged ones too; else empty).
     */
    void add(List<Future<?>> batches, Collection<String> pageKeys, CursorCheckpoint.Mark mark, List<String> seen) {
        pages.addLast(new PageWrites(batches, Set.copyOf(pageKeys), mark, seen));
        keys.addAll(pageKeys);
    }

    /** Whether any of {@code candidates} is in a page not finished yet. */
    boolean holdsAny(Collection<String> candidates) {
        if (keys.isEmpty()) {
            return false;
        }
        for (String key : candidates) {
            if (keys.contains(key)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return pages.isEmpty();
    }

    /**
     * Removes the finished pages from the head, waiting for every page when {@code all} is true.
     *
     * @return whether a page was removed, and then the mark of the last one (may be null), how many
     *     pages finished since this object was made, and the seen keys of the pages removed now
     */
    Finished finish(boolean all) {
        Finished done = Finished.NONE;
        List<String> seen = new ArrayList<>();
        while (!pages.isEmpty() && (all || pages.peekFirst().batches().stream().allMatch(Future::isDone))) {
            PageWrites page = pages.pollFirst();
            for (Future<?> batch : page.batches()) {
                await(batch);
            }
            keys.removeAll(page.keys());
            seen.addAll(page.seen());
            done = new Finished(true, page.mark(), ++finished, seen);
        }
        return done;
    }

    private void await(Future<?> batch) {
        try {
            batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted", e);
        } catch (ExecutionException e) {
            failure.accept(e.getCause());
        }
    }

    /**
     * Whether any page finished, the mark of the last one that did (null: not an incremental read), how many pages
     * finished in all, and the keys to report as seen of the pages that finished now.
     */
    record Finished(boolean any, CursorCheckpoint.Mark mark, long pages, List<String> seen) {
        static final Finished NONE = new Finished(false, null, 0, List.of());
    }
}
