package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One step an execution ran, in the order it ran ({@code seq} from 1): its {@code status}
 * ({@code succeeded} or {@code failed}), its output as JSON text (redacted, capped in size) or
 * {@code error}, and when it started and finished.
 */
public record FlowStepRecord(String executionId, int seq, String step, String status, String output, String error, Instant startedAt,
        Instant finishedAt) {
    public FlowStepRecord {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
