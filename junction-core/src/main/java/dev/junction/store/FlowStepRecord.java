package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One step an execution ran, in the order it ran ({@code seq} from 1): its {@code status}
 * ({@code succeeded} or {@code failed}), its output as JSON text (redacted, capped in size) or
 * {@code error}, when it started and finished, and its {@code input}: what it was given (the record of a
 * call, the value a map read, the items of a forEach, ...) as JSON text, redacted and capped like the
 * output; null for a step that takes none.
 */
public record FlowStepRecord(String executionId, int seq, String step, String status, String output, String error, Instant startedAt,
        Instant finishedAt, String input) {
    public FlowStepRecord {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** Without an input. */
    public FlowStepRecord(String executionId, int seq, String step, String status, String output, String error, Instant startedAt,
            Instant finishedAt) {
        this(executionId, seq, step, status, output, error, startedAt, finishedAt, null);
    }
}
