package dev.junction.store;

import java.time.Instant;

/**
 * Which audit entries to find, newest first: a null filter does not filter. {@code from} is
 * inclusive and {@code to} exclusive. {@code cursor} is the {@link AuditPage#nextCursor()} of the
 * previous page, null for the first page.
 *
 * <pre>{@code
 * AuditQuery.newest(50).withActor("tok_3kq9z0d1mx").withAction("runs.cancel")
 * }</pre>
 */
public record AuditQuery(
        String actor,
        String action,
        String objectType,
        String objectId,
        String tenant,
        Instant from,
        Instant to,
        String cursor,
        int limit) {
    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("audit query: limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (objectId != null && objectType == null) {
            throw new IllegalArgumentException("audit query: an object id (" + objectId + ") needs its object type");
        }
    }

    /** The newest {@code limit} entries, unfiltered. */
    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, null, null, null, null, null, limit);
    }

    public AuditQuery withActor(String newActor) {
        return new AuditQuery(newActor, action, objectType, objectId, tenant, from, to, cursor, limit);
    }

    public AuditQuery withAction(String newAction) {
        return new AuditQuery(actor, newAction, objectType, objectId, tenant, from, to, cursor, limit);
    }

    /** Entries about objects of that type, and with that id when {@code id} is not null. */
    public AuditQuery withObject(String type, String id) {
        return new AuditQuery(actor, action, type, id, tenant, from, to, cursor, limit);
    }

    public AuditQuery withTenant(String newTenant) {
        return new AuditQuery(actor, action, objectType, objectId, newTenant, from, to, cursor, limit);
    }

    /** Entries at or after {@code newFrom} and before {@code newTo}; either may be null. */
    public AuditQuery between(Instant newFrom, Instant newTo) {
        return new AuditQuery(actor, action, objectType, objectId, tenant, newFrom, newTo, cursor, limit);
    }

    /** The page after the one that answered {@code nextCursor}. */
    public AuditQuery after(String nextCursor) {
        return new AuditQuery(actor, action, objectType, objectId, tenant, from, to, nextCursor, limit);
    }
}
