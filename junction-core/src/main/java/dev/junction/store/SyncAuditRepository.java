package dev.junction.store;

import java.util.List;
import java.util.Optional;

/** Reconciliation audits of syncs: stored when they start, updated once when they end, listed newest first. */
public interface SyncAuditRepository {
    /** Stores a new audit (status running). */
    void insert(SyncAudit audit);

    /** Stores the audit's end: its status, finish time, counts, report and error. */
    void finish(SyncAudit audit);

    Optional<SyncAudit> find(String id);

    /** Newest first; {@code sync} and {@code tenant} null for every one. */
    List<SyncAudit> list(String sync, String tenant, int limit);
}
