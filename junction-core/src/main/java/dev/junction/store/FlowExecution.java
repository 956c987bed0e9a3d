package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One execution of a flow: the definition {@code version} it runs on (fixed when it is created),
 * its {@code tenant} (null: an operator's), {@code status}, the validated {@code input} and, once it
 * ended, the answer ({@code responseStatus}, {@code output}) or {@code error}. JSON values are JSON
 * text. {@code idempotency} is the caller's key scoped by tenant and flow (null without one), with
 * {@code bodyHash} of the body it came with.
 */
public record FlowExecution(String id, String flow, int version, String tenant, FlowExecutionStatus status, String input, String output,
        Integer responseStatus, String error, String idempotency, String bodyHash, Instant createdAt, Instant updatedAt) {
    public FlowExecution {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new execution, {@code queued}. */
    public static FlowExecution queued(String id, String flow, int version, String tenant, String input, String idempotency, String bodyHash,
            Instant at) {
        return new FlowExecution(id, flow, version, tenant, FlowExecutionStatus.QUEUED, input, null, null, null, idempotency, bodyHash, at, at);
    }

    public boolean finished() {
        return status.finished();
    }
}
