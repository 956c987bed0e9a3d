package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.http.Sleeper;
import dev.junction.spec.FlowSpec;
import dev.junction.store.FlowExecutionStatus;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A step's policy around its run: {@code retry} (try again after a growing wait), {@code timeout}
 * (a step still running then fails with 504; it is interrupted) and, once it failed for good,
 * {@code onError} (its own, else the flow's): fail the execution, catch the error as the step's
 * output, continue with a null output, or run compensation steps and then fail.
 */
final class FlowGuard {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a failed step leaves: its output when the flow goes on, or the execution's ending when a compensation chose one. */
    record Recovery(JsonNode output, FlowExecutor.Ending ending) {}

    private final FlowExecutor executor;
    private final Sleeper sleeper;

    FlowGuard(FlowExecutor executor, Sleeper sleeper) {
        this.executor = executor;
        this.sleeper = sleeper;
    }

    /** Runs the step, tried again up to its {@code retry.attempts}, each try bounded by its {@code timeout}. */
    JsonNode run(FlowExecutor.Execution state, FlowSpec.Step step, String at) {
        if (step instanceof FlowSpec.Respond || step instanceof FlowSpec.Fail || step instanceof FlowSpec.Branch || step instanceof FlowSpec.Wait) {
            return executor.run(state, step, at); // they take no policy; a branch's own steps have theirs
        }
        FlowSpec.StepPolicy policy = state.flow.spec().policy(step.name());
        int attempts = policy.retry() == null ? 1 : policy.retry().attempts();
        Duration wait = policy.retry() == null ? Duration.ZERO : policy.retry().backoff();
        int outer = state.attempt; // a forEach item's: the try of the forEach it runs in
        for (int attempt = 1;; attempt++) {
            state.attempt = attempt == 1 ? outer : outer * 16 + attempt; // one number per (forEach try, own try); attempts <= 10
            try {
                return policy.timeout() == null ? executor.run(state, step, at) : timed(state, step, at, policy.timeout());
            } catch (FlowExecutor.StepFailed failed) {
                if (attempt >= attempts) {
                    throw attempts == 1 ? failed : new FlowExecutor.StepFailed(failed.status, failed.getMessage() + " (after " + attempts
                            + " attempts)", failed.details);
                }
            } finally {
                state.attempt = outer;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FlowExecutor.StepFailed(500, "step '" + step.name() + "': interrupted while waiting to try again");
            }
            wait = wait.multipliedBy(2);
        }
    }

    private JsonNode timed(FlowExecutor.Execution state, FlowSpec.Step step, String at, Duration timeout) {
        FutureTask<JsonNode> task = new FutureTask<>(() -> executor.run(state, step, at));
        Thread.ofVirtual().name("flow-step-" + step.name()).start(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new FlowExecutor.StepFailed(504, "step '" + step.name() + "' did not end within its timeout of " + timeout.toString()
                    .substring(2).toLowerCase(java.util.Locale.ROOT));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            cancel(task);
            Thread.currentThread().interrupt();
            throw new FlowExecutor.StepFailed(500, "step '" + step.name() + "': interrupted");
        }
    }

    private static void cancel(Future<?> task) {
        task.cancel(true);
    }

    /**
     * What the step's {@code onError} makes of its failure: an output to go on with ({@code catch}:
     * {@code {"error": {"message", "status", ...}}}; {@code continue}: null), or the ending a
     * compensation's {@code fail} step chose.
     *
     * @throws FlowExecutor.StepFailed the failure itself when the execution fails (after the compensation)
     */
    Recovery recover(FlowExecutor.Execution state, FlowSpec.Step step, FlowExecutor.StepFailed failed, String at) {
        FlowSpec.OnError onError = onError(state, step);
        switch (onError.mode()) {
            case CATCH, CONTINUE -> {
                return new Recovery(caught(state, step, failed), null);
            }
            case COMPENSATE -> {
                ObjectNode context = state.context;
                context.set("error", error(step, failed));
                state.compensating = true;
                FlowExecutor.Ending ending;
                try {
                    ending = executor.steps(state, onError.compensate(), at + ".onError.compensate");
                } finally {
                    state.compensating = false;
                    context.remove("error");
                }
                if (ending != null && ending.status() == FlowExecutionStatus.FAILED) {
                    return new Recovery(null, ending);
                }
                throw failed;
            }
            default -> throw failed;
        }
    }

    /** The output a failed step goes on with ({@code catch}: its error; {@code continue}: null), or null when its failure ends the execution. */
    JsonNode caught(FlowExecutor.Execution state, FlowSpec.Step step, FlowExecutor.StepFailed failed) {
        return switch (onError(state, step).mode()) {
            case CATCH -> NODES.objectNode().set("error", error(step, failed));
            case CONTINUE -> NullNode.getInstance();
            default -> null;
        };
    }

    private static FlowSpec.OnError onError(FlowExecutor.Execution state, FlowSpec.Step step) {
        return state.compensating || step instanceof FlowSpec.Fail || step instanceof FlowSpec.Respond ? FlowSpec.OnError.FAIL
                : state.flow.spec().policy(step.name()).onError();
    }

    /** The error a step's failure becomes: {@code {"step", "message", "status"}} and its details (a forEach's items). */
    private static ObjectNode error(FlowSpec.Step step, FlowExecutor.StepFailed failed) {
        ObjectNode error = NODES.objectNode().put("step", step.name()).put("message", failed.getMessage()).put("status", failed.status);
        if (failed.details != null) {
            error.setAll(failed.details);
        }
        return error;
    }
}
