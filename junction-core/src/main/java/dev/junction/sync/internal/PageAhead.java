package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sync.RecordSource;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Reads the next page on its own virtual thread while the run writes the current one, at most
 * {@code depth} pages ahead, so memory holds at most {@code depth + 1} pages. Pages come out in the
 * order the source returned them; a failure of the source comes out of {@link #nextPage()} in the
 * place of the page it was reading. Only readers that say {@link RecordSource.Reader#prefetchable()}
 * are read ahead; the others are passed through untouched, {@code accounted()} included.
 *
 * <p>One consumer thread calls {@link #nextPage()}; {@link #close()} stops the read-ahead.
 */
final class PageAhead implements RecordSource.Reader, AutoCloseable {
    private static final Object END = new Object();

    private final RecordSource.Reader reader;
    private final Semaphore room;
    private final LinkedBlockingQueue<Object> pages = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private boolean ended;

    private PageAhead(RecordSource.Reader reader, int depth) {
        this.reader = reader;
        this.room = new Semaphore(depth);
        this.thread = reader.prefetchable() ? Thread.ofVirtual().name("page-ahead").start(dev.junction.sync.RunLogContext.carrying(this::readAhead)) : null;
    }

    /** {@code reader} read up to {@code depth} pages ahead when it is prefetchable. */
    static PageAhead of(RecordSource.Reader reader, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, was " + depth);
        }
        return new PageAhead(reader, depth);
    }

    private void readAhead() {
        try {
            while (!closed) {
                room.acquire();
                if (closed) {
                    return;
                }
                List<JsonNode> page = reader.nextPage();
                pages.put(page == null ? END : page);
                if (page == null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            pages.add(new Failure(e));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<JsonNode> nextPage() {
        if (thread == null) {
            return reader.nextPage();
        }
        if (ended) {
            return null;
        }
        Object next;
        try {
            next = pages.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("run interrupted while waiting for the next page", e);
        }
        if (next instanceof Failure failure) {
            ended = true;
            if (failure.error() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure.error();
        }
        if (next == END) {
            ended = true;
            return null;
        }
        room.release();
        return (List<JsonNode>) next;
    }

    /** A prefetchable reader is told by {@link #accountedThrough(long)}; any other is told directly. */
    @Override
    public void accounted() {
        if (thread == null) {
            reader.accounted();
        }
    }

    @Override
    public void accountedPages(long pages) {
        reader.accountedPages(pages);
    }

    /**
     * The first {@code pages} pages returned are accounted for: a prefetchable reader is told how
     * many, any other (whose pages are all accounted for when this is called) that they all are.
     */
    void accountedThrough(long pages) {
        if (thread == null) {
            reader.accounted();
        } else {
            reader.accountedPages(pages);
        }
    }

    @Override
    public boolean prefetchable() {
        return reader.prefetchable();
    }

    @Override
    public dev.junction.sync.ExpectedTotal expected() {
        return reader.expected();
    }

    /**
     * Stops reading ahead; a page being read finishes on its own and is dropped. The thread is not
     * interrupted: it may be writing the exchange log to an H2 store, and an interrupt during a
     * write closes H2's file channel, which breaks the store for the rest of the process.
     */
    @Override
    public void close() {
        if (thread != null) {
            closed = true;
            room.release();
            pages.clear();
        }
    }

    private record Failure(Throwable error) {}
}
