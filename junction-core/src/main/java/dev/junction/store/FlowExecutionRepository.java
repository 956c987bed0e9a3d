package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Marks a queued execution running under {@code owner}'s lease until {@code leaseUntil}, renewed with the
     * owner's other executions: a sub-flow run inline by its parent, which no flow worker may then take and run
     * a second time. False when it was not queued.
     */
    default boolean start(String id, Instant at, String owner, Instant leaseUntil) {
        return start(id, at);
    }

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

    /**
     * A step's row with its full output: what a resumed execution reads instead of running the step again.
     *
     * @param output the step's whole output as JSON text, decrypted (null: it had none)
     */
    record ResumableStep(FlowStepRecord row, String output) {}

    /**
     * Stores one step's result like {@link #saveStep(FlowStepRecord)}, with its full output ({@code fullOutput},
     * JSON text; null: none) encrypted under the data key of {@code tenant} (null: an operator's execution).
     */
    void saveStep(FlowStepRecord step, String tenant, String fullOutput);

    /**
     * The steps of an execution of {@code tenant} in the order they ran, each with its full output
     * decrypted (null when there is none, or it no longer decrypts: sealed with a data key rotated away
     * while it was written).
     */
    List<ResumableStep> resumable(String executionId, String tenant);

    /**
     * Ids of executions a worker may claim at {@code now}, oldest first, at most {@code limit}: queued
     * ones last changed before {@code queuedBefore} that no process holds waiting for a slot, running
     * ones whose lease expired (their process died), waiting ones whose wake time came.
     */
    List<String> claimable(Instant now, Instant queuedBefore, int limit);

    /**
     * Marks an execution running under {@code owner}'s lease until {@code leaseUntil}, when it is
     * claimable at {@code now} ({@link #claimable}; any queued one no process holds when
     * {@code queuedBefore} is null).
     *
     * @return false when another worker has it, or it ended
     */
    boolean claim(String id, String owner, Instant now, Instant leaseUntil, Instant queuedBefore);

    /**
     * Admits executions under concurrency limits that every process on this store keeps together
     * ({@link FlowSlots}): locks {@code limits} (in their order, so that passes of several processes
     * never deadlock), reads their loads and runs {@code pass}, whose claims and holds (under
     * {@code owner}'s lease until {@code leaseUntil}) are committed together. No other process admits
     * under those limits meanwhile, so the loads stay true until the pass ends; when it throws,
     * nothing it did is kept.
     *
     * @return what {@code pass} returned
     */
    <T> T admit(java.util.Collection<FlowSlots.Limit> limits, String owner, Instant now, Instant leaseUntil,
            java.util.function.Function<FlowSlots, T> pass);

    /**
     * Extends the lease of every execution {@code owner} holds, running or held waiting for a slot,
     * to {@code leaseUntil}.
     *
     * @return the ids of the running ones asked to cancel
     */
    default Set<String> renew(String owner, Instant leaseUntil) {
        return renew(owner, leaseUntil, Set.of());
    }

    /**
     * As {@link #renew(String, Instant)}, but the leases of {@code except} are left to expire: the
     * executions {@code owner} no longer runs though it still holds them (a store failure left them
     * running, to be resumed once their leases expire).
     */
    Set<String> renew(String owner, Instant leaseUntil, Set<String> except);

    /** Gives up every lease {@code owner} holds on an execution waiting for a slot (its process stops): any process may take them at once. */
    void releaseWaiting(String owner);

    /** Gives up {@code owner}'s lease of a running execution (its process stops): any process may claim it at once. */
    void release(String id, String owner, Instant at);

    /** Parks a running execution of {@code owner} until {@code wakeAt} ({@code waiting}, no lease). */
    void park(String id, String owner, Instant wakeAt, Instant at);

    /**
     * Cancels an execution: a queued or waiting one ends {@code cancelled} at once; a running one is
     * asked to stop before its next step.
     *
     * @return its status after: {@code CANCELLED}, {@code RUNNING} (asked to stop) or an end it had before; empty when there is no such execution
     */
    Optional<FlowExecutionStatus> cancel(String id, Instant at);

    /**
     * Queues a failed execution again on definition {@code version}, its answer and error cleared and
     * its steps kept (a resumed execution reuses the succeeded ones).
     *
     * @return false when it was not failed (any more)
     */
    boolean retry(String id, int version, Instant at);

    /** Deletes at most {@code limit} ended executions (with their steps) last changed before {@code endedBefore}; returns how many. */
    int purge(Instant endedBefore, int limit);
}
