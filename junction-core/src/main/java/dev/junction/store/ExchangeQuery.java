package dev.junction.store;

import java.time.Instant;

/**
 * Filters for finding exchanges; a null field does not filter. {@code tenant} null means every
 * tenant's and those of connections of no tenant; {@code from} is inclusive and {@code to} exclusive.
 * {@link ExchangeRepository#find} answers oldest first; {@link ExchangeRepository#page} newest first,
 * continuing after {@code cursor} (the {@link ResultPage#nextCursor()} of the previous page).
 *
 * <pre>{@code
 * ExchangeQuery.newest(50).withConnection("crm").withStatus(500).between(yesterday, null)
 * }</pre>
 */
public record ExchangeQuery(
        String runId, Integer status, String recordKey, String connection, String tenant, Instant from, Instant to, String cursor, int limit) {
    /** The largest page {@link ExchangeRepository#page} may ask for. */
    public static final int MAX_PAGE = 1000;
    /** The kind named in this list's cursors. */
    public static final String CURSOR_KIND = "exchanges";

    /** @throws IllegalArgumentException for a cursor no page of exchanges gave out */
    public ExchangeQuery {
        if (cursor != null) {
            PageCursor.decodeNumeric(CURSOR_KIND, cursor);
        }
    }

    /** By run, status and record key only. */
    public ExchangeQuery(String runId, Integer status, String recordKey, int limit) {
        this(runId, status, recordKey, null, null, null, null, null, limit);
    }

    public static ExchangeQuery forRun(String runId) {
        return new ExchangeQuery(runId, null, null, 1000);
    }

    /** At most {@code limit} exchanges, unfiltered. */
    public static ExchangeQuery newest(int limit) {
        return new ExchangeQuery(null, null, null, limit);
    }

    public ExchangeQuery withRun(String newRunId) {
        return new ExchangeQuery(newRunId, status, recordKey, connection, tenant, from, to, cursor, limit);
    }

    public ExchangeQuery withStatus(Integer newStatus) {
        return new ExchangeQuery(runId, newStatus, recordKey, connection, tenant, from, to, cursor, limit);
    }

    public ExchangeQuery withRecordKey(String newRecordKey) {
        return new ExchangeQuery(runId, status, newRecordKey, connection, tenant, from, to, cursor, limit);
    }

    public ExchangeQuery withConnection(String newConnection) {
        return new ExchangeQuery(runId, status, recordKey, newConnection, tenant, from, to, cursor, limit);
    }

    public ExchangeQuery withTenant(String newTenant) {
        return new ExchangeQuery(runId, status, recordKey, connection, newTenant, from, to, cursor, limit);
    }

    /** Exchanges made at or after {@code newFrom} and before {@code newTo}; either may be null. */
    public ExchangeQuery between(Instant newFrom, Instant newTo) {
        return new ExchangeQuery(runId, status, recordKey, connection, tenant, newFrom, newTo, cursor, limit);
    }

    /** The page after the one that answered {@code nextCursor}. */
    public ExchangeQuery after(String nextCursor) {
        return new ExchangeQuery(runId, status, recordKey, connection, tenant, from, to, nextCursor, limit);
    }
}
