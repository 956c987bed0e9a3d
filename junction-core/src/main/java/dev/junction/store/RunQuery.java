package dev.junction.store;

import java.time.Instant;

/**
 * Which runs to find, newest first (by start, then id): a null filter does not filter; {@code tenant}
 * null means every tenant and classic syncs. {@code from} is inclusive and {@code to} exclusive, both
 * on the start time. {@code cursor} is the {@link ResultPage#nextCursor()} of the previous page, null
 * for the first page.
 *
 * <pre>{@code
 * RunQuery.newest(50).withSync("crm-to-erp").withStatus(RunStatus.FAILED)
 * }</pre>
 */
public record RunQuery(String sync, String tenant, RunStatus status, String trigger, Instant from, Instant to, String cursor, int limit) {
    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 1000;
    /** The kind named in this list's cursors. */
    public static final String CURSOR_KIND = "runs";

    /** @throws IllegalArgumentException for a limit outside 1..{@value #MAX_LIMIT} or a cursor no page of runs gave out */
    public RunQuery {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("run query: limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (cursor != null) {
            PageCursor.decode(CURSOR_KIND, cursor);
        }
    }

    /** The newest {@code limit} runs, unfiltered. */
    public static RunQuery newest(int limit) {
        return new RunQuery(null, null, null, null, null, null, null, limit);
    }

    public RunQuery withSync(String newSync) {
        return new RunQuery(newSync, tenant, status, trigger, from, to, cursor, limit);
    }

    public RunQuery withTenant(String newTenant) {
        return new RunQuery(sync, newTenant, status, trigger, from, to, cursor, limit);
    }

    public RunQuery withStatus(RunStatus newStatus) {
        return new RunQuery(sync, tenant, newStatus, trigger, from, to, cursor, limit);
    }

    public RunQuery withTrigger(String newTrigger) {
        return new RunQuery(sync, tenant, status, newTrigger, from, to, cursor, limit);
    }

    /** Runs started at or after {@code newFrom} and before {@code newTo}; either may be null. */
    public RunQuery between(Instant newFrom, Instant newTo) {
        return new RunQuery(sync, tenant, status, trigger, newFrom, newTo, cursor, limit);
    }

    /** The page after the one that answered {@code nextCursor}. */
    public RunQuery after(String nextCursor) {
        return new RunQuery(sync, tenant, status, trigger, from, to, nextCursor, limit);
    }
}
