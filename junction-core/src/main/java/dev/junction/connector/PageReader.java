package dev.junction.connector;

import java.util.Iterator;
import java.util.Optional;

/**
 * Reads a stream lazily: each page is requested only when asked for, so memory holds one page at
 * a time. Not thread-safe: one reader belongs to one consumer.
 *
 * <p>Failures surface from {@link #nextPage()}, {@link #hasNext()} and {@link #next()} as
 * {@link dev.junction.http.ApiException}: HTTP errors, a body that is not JSON or has no record array,
 * and pagination that would never end (a repeated cursor or next URL, a page identical to the one
 * before, more than {@code maxPages} pages).
 */
public interface PageReader extends Iterator<Page> {
    /** Fetches and returns the next page, or empty when the stream is exhausted. */
    Optional<Page> nextPage();

    /** The next page; {@link java.util.NoSuchElementException} when the stream is exhausted. */
    @Override
    default Page next() {
        return nextPage().orElseThrow(() -> new java.util.NoSuchElementException("stream '" + stream() + "' has no more pages"));
    }

    /** The stream's name. */
    String stream();

    /** How many pages were returned so far. */
    int pagesRead();

    /**
     * The request the pagination found for the page after the last one returned ({@code GET url},
     * secrets redacted, followed by the body when it carries the cursor), or null when that was the
     * last page or this reader cannot say. For showing how a stream pages; reading never needs it.
     */
    default String nextRequest() {
        return null;
    }
}
