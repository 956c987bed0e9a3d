package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Flow executions and the steps each ran, each step stored before the next starts. */
public interface FlowExecutionRepository {
    /**
     * Stores a new execution, unless one with the same {@code idempotency} exists: then nothing is
     * stored and that one is returned (whoever stored it first, in any process).
     *
     * @return the execution stored, or the earlier one with the same idempotency
     */
    FlowExecution createOrFind(FlowExecution execution);

    Optional<FlowExecution> find(String id);

    /** The execution stored with this idempotency (tenant, flow and key), if any. */
    Optional<FlowExecution> findByIdempotency(String idempotency);

    /** Marks a queued execution running; false when it was not queued (another worker took it, or it ended). */
    boolean start(String id, Instant at);

    /** Ends an execution with its answer or error. */
    void finish(String id, FlowExecutionStatus status, Integer responseStatus, String output, String error, Instant at);

    /** Stores one step's result (by execution and {@code seq}; storing the same seq again replaces it). */
    void saveStep(FlowStepRecord step);

    /** The steps of an execution in the order they ran. */
    List<FlowStepRecord> steps(String executionId);

    /** Executions of a flow (any flow when null), newest first, at most {@code limit}. */
    List<FlowExecution> list(String flow, int limit);

    /** Executions in {@code status}, oldest update first, at most {@code limit}: what a worker resumes or picks up. */
    List<FlowExecution> inStatus(FlowExecutionStatus status, int limit);
}
