package dev.junction.store;

import java.time.Instant;

/**
 * A record that failed permanently: which run and sync, its destination key, why, the mapped payload
 * (JSON) that could not be written (null when mapping itself failed), and the source record (JSON)
 * it came from, so a replay maps it again with the current mapping. {@code state} is
 * {@link State#OPEN} until the record is replayed or discarded; {@code resolvedRun} names the replay
 * run, {@code resolvedAt} when it was resolved (both null while open). {@code tenant} is the tenant
 * of the run of a per-tenant sync (null: a classic sync); a replay runs in that tenant.
 * {@code errorClass} is how its failure was classified (category and code; null for dead letters
 * stored before it was kept).
 */
public record DeadLetter(
        long id,
        Instant at,
        String runId,
        String sync,
        String recordKey,
        String reason,
        String payload,
        String source,
        State state,
        String resolvedRun,
        Instant resolvedAt,
        Kind kind,
        String tenant,
        ErrorClass errorClass) {
    public DeadLetter {
        state = state == null ? State.OPEN : state;
        kind = kind == null ? Kind.WRITE : kind;
    }

    /** A dead letter without a classified error. */
    public DeadLetter(long id, Instant at, String runId, String sync, String recordKey, String reason, String payload, String source, State state,
            String resolvedRun, Instant resolvedAt, Kind kind, String tenant) {
        this(id, at, runId, sync, recordKey, reason, payload, source, state, resolvedRun, resolvedAt, kind, tenant, null);
    }

    /** A dead letter of a classic (not per-tenant) sync. */
    public DeadLetter(long id, Instant at, String runId, String sync, String recordKey, String reason, String payload, String source, State state,
            String resolvedRun, Instant resolvedAt, Kind kind) {
        this(id, at, runId, sync, recordKey, reason, payload, source, state, resolvedRun, resolvedAt, kind, null);
    }

    /** The same dead letter of tenant {@code newTenant}'s run. */
    public DeadLetter withTenant(String newTenant) {
        return new DeadLetter(id, at, runId, sync, recordKey, reason, payload, source, state, resolvedRun, resolvedAt, kind, newTenant, errorClass);
    }

    /** A dead letter of a record that failed to be written. */
    public DeadLetter(long id, Instant at, String runId, String sync, String recordKey, String reason, String payload, String source, State state,
            String resolvedRun, Instant resolvedAt) {
        this(id, at, runId, sync, recordKey, reason, payload, source, state, resolvedRun, resolvedAt, Kind.WRITE);
    }

    /** An open dead letter of a delete (mode mirror) that failed: {@code payload} is what the delete sent; there is no source record. */
    public static DeadLetter delete(Instant at, String runId, String sync, String recordKey, String reason, String payload) {
        return new DeadLetter(0, at, runId, sync, recordKey, reason, payload, null, State.OPEN, null, null, Kind.DELETE);
    }

    /** An open dead letter without a stored source record. */
    public DeadLetter(long id, Instant at, String runId, String sync, String recordKey, String reason, String payload) {
        this(id, at, runId, sync, recordKey, reason, payload, null, State.OPEN, null, null);
    }

    /** An open dead letter. */
    public DeadLetter(long id, Instant at, String runId, String sync, String recordKey, String reason, String payload, String source) {
        this(id, at, runId, sync, recordKey, reason, payload, source, State.OPEN, null, null);
    }

    /** What failed: writing a record read from the source, or deleting one gone from it (mode mirror). */
    public enum Kind {
        WRITE,
        /** A replay deletes the record again. */
        DELETE
    }

    public enum State {
        /** Still needs attention. */
        OPEN,
        /**
         * Handed to a replay run ({@code resolvedRun}) that accounted for it: written, unchanged, or
         * failed again, in which case that run holds a new open dead letter with the new reason.
         */
        REPLAYED,
        /** Dropped on purpose with {@code junction deadletters discard}. */
        DISCARDED
    }
}
