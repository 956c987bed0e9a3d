package dev.junction.store;

/**
 * Which dead letters to find, newest first (by time, then id): a null filter does not filter;
 * {@code tenant} null means every tenant and classic syncs. {@code cursor} is the
 * {@link ResultPage#nextCursor()} of the previous page, null for the first page.
 *
 * <pre>{@code
 * DeadLetterQuery.newest(50).withSync("crm-to-erp").withState(DeadLetter.State.OPEN)
 * }</pre>
 */
public record DeadLetterQuery(String sync, String tenant, String runId, DeadLetter.State state, String cursor, int limit) {
    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 1000;
    /** The kind named in this list's cursors. */
    public static final String CURSOR_KIND = "deadletters";

    /** @throws IllegalArgumentException for a limit outside 1..{@value #MAX_LIMIT} or a cursor no page of dead letters gave out */
    public DeadLetterQuery {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("dead letter query: limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (cursor != null) {
            PageCursor.decodeNumeric(CURSOR_KIND, cursor);
        }
    }

    /** The newest {@code limit} dead letters, unfiltered. */
    public static DeadLetterQuery newest(int limit) {
        return new DeadLetterQuery(null, null, null, null, null, limit);
    }

    public DeadLetterQuery withSync(String newSync) {
        return new DeadLetterQuery(newSync, tenant, runId, state, cursor, limit);
    }

    public DeadLetterQuery withTenant(String newTenant) {
        return new DeadLetterQuery(sync, newTenant, runId, state, cursor, limit);
    }

    public DeadLetterQuery withRun(String newRunId) {
        return new DeadLetterQuery(sync, tenant, newRunId, state, cursor, limit);
    }

    public DeadLetterQuery withState(DeadLetter.State newState) {
        return new DeadLetterQuery(sync, tenant, runId, newState, cursor, limit);
    }

    /** The page after the one that answered {@code nextCursor}. */
    public DeadLetterQuery after(String nextCursor) {
        return new DeadLetterQuery(sync, tenant, runId, state, nextCursor, limit);
    }
}
