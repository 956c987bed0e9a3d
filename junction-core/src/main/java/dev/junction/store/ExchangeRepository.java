package dev.junction.store;

import java.time.Instant;
import java.util.List;

/** The request log. {@link ExchangeRecord#id()} is assigned by the store on append. */
public interface ExchangeRepository {
    void append(ExchangeRecord exchange);

    /**
     * At most {@code query.limit()} exchanges the query selects, oldest first.
     *
     * @throws IllegalArgumentException when the query has a cursor: page with {@link #page}
     */
    List<ExchangeRecord> find(ExchangeQuery query);

    /**
     * One page of the exchanges the query selects, newest first (by time, then id), at most
     * {@code query.limit()} (1..{@value ExchangeQuery#MAX_PAGE}); the page's
     * {@link ResultPage#nextCursor()} continues strictly below its last exchange.
     */
    ResultPage<ExchangeRecord> page(ExchangeQuery query);

    /** Deletes exchanges older than the instant. @return how many */
    long deleteOlderThan(Instant instant);
}
