package dev.junction.store;

/**
 * Which inbox events to list, oldest (lowest id) first: a null filter does not filter. Page through
 * all of them by passing the last id seen as {@code afterId} (0 for the first page).
 *
 * <pre>{@code
 * InboxQuery.oldest(100).withStatus(InboxEvent.Status.DEAD).withTarget("sync:crm-to-helpdesk")
 * }</pre>
 */
public record InboxQuery(String source, String target, InboxEvent.Status status, String tenant, long afterId, int limit) {
    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 1000;

    /** @throws IllegalArgumentException for a limit outside 1..{@value #MAX_LIMIT} or a negative {@code afterId} */
    public InboxQuery {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("inbox query: limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (afterId < 0) {
            throw new IllegalArgumentException("inbox query: afterId must be 0 or a listed event's id, was " + afterId);
        }
    }

    /** The oldest {@code limit} events, unfiltered. */
    public static InboxQuery oldest(int limit) {
        return new InboxQuery(null, null, null, null, 0, limit);
    }

    public InboxQuery withSource(String value) {
        return new InboxQuery(value, target, status, tenant, afterId, limit);
    }

    public InboxQuery withTarget(String value) {
        return new InboxQuery(source, value, status, tenant, afterId, limit);
    }

    public InboxQuery withStatus(InboxEvent.Status value) {
        return new InboxQuery(source, target, value, tenant, afterId, limit);
    }

    public InboxQuery withTenant(String value) {
        return new InboxQuery(source, target, status, value, afterId, limit);
    }

    /** The page after the one whose last event had id {@code lastId}. */
    public InboxQuery after(long lastId) {
        return new InboxQuery(source, target, status, tenant, lastId, limit);
    }
}
