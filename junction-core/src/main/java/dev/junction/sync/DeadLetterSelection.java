package dev.junction.sync;

import java.util.List;
import java.util.Objects;

/**
 * Which open dead letters of one sync a replay or discard takes: the given ids, those of one run,
 * or all of the sync's. {@code tenant} (null: a classic sync) is the tenant of a per-tenant sync whose
 * dead letters are taken, and in which the replay runs.
 */
public record DeadLetterSelection(String sync, List<Long> ids, String runId, String tenant) {
    public DeadLetterSelection {
        Objects.requireNonNull(sync, "sync");
        ids = ids == null ? null : List.copyOf(ids);
    }

    public DeadLetterSelection(String sync, List<Long> ids, String runId) {
        this(sync, ids, runId, null);
    }

    /** The same selection, of tenant {@code newTenant}'s dead letters. */
    public DeadLetterSelection inTenant(String newTenant) {
        return new DeadLetterSelection(sync, ids, runId, newTenant);
    }

    public static DeadLetterSelection all(String sync) {
        return new DeadLetterSelection(sync, null, null);
    }

    public static DeadLetterSelection ofRun(String sync, String runId) {
        return new DeadLetterSelection(sync, null, Objects.requireNonNull(runId, "runId"));
    }

    public static DeadLetterSelection ofIds(String sync, List<Long> ids) {
        return new DeadLetterSelection(sync, Objects.requireNonNull(ids, "ids"), null);
    }
}
