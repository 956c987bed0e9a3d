package dev.junction.store;

import java.time.Instant;

/** The audit log: one entry per mutating API or CLI call, append-only but for retention. */
public interface AuditLogRepository {
    /**
     * Appends an entry ({@link AuditEntry#id()} is ignored).
     *
     * @return the entry with the id the store gave it
     */
    AuditEntry append(AuditEntry entry);

    /**
     * A page of the entries matching the query, newest first (by time, then id).
     *
     * @throws IllegalArgumentException when the query's cursor is not one a page gave out
     */
    AuditPage find(AuditQuery query);

    /** Deletes the entries made before {@code instant} (retention). @return how many */
    long deleteOlderThan(Instant instant);
}
