package dev.junction.sync;

import java.util.List;
import java.util.Objects;

/**
 * Which open dead letters of one sync a replay or discard takes: the given ids, those of one run,
 * or all of the sync's.
 */
public record DeadLetterSelection(String sync, List<Long> ids, String runId) {
    public DeadLetterSelection {
        Objects.requireNonNull(sync, "sync");
        ids = ids == null ? null : List.copyOf(ids);
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
