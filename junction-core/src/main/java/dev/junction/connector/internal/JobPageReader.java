package dev.junction.connector.internal;

import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stream read through an asynchronous job: nothing is sent until the first page is asked for; then the job
 * runs to its end ({@link JobRunner}) and its results are read page by page by the reader it gives.
 */
final class JobPageReader implements PageReader {
    private final String stream;
    private final Supplier<PageReader> results;
    private PageReader reader;

    /** @param results starts the job, waits for it and returns the reader of its results */
    JobPageReader(String stream, Supplier<PageReader> results) {
        this.stream = stream;
        this.results = results;
    }

    private PageReader reader() {
        if (reader == null) {
            reader = results.get();
        }
        return reader;
    }

    @Override
    public Optional<Page> nextPage() {
        return reader().nextPage();
    }

    @Override
    public boolean hasNext() {
        return reader().hasNext();
    }

    @Override
    public Page next() {
        if (!hasNext()) {
            throw new NoSuchElementException("stream '" + stream + "' has no more pages");
        }
        return reader().next();
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public int pagesRead() {
        return reader == null ? 0 : reader.pagesRead();
    }

    @Override
    public String nextRequest() {
        return reader == null ? null : reader.nextRequest();
    }
}
