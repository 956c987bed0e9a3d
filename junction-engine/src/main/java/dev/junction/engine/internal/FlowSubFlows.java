package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.junction.JunctionException;
import dev.junction.spec.FlowSpec;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@code flow} step: runs another applied flow (its current version) in the calling thread as
 * an execution of its own, stored like any other, with the parent's tenant and the input the step
 * renders; the step's output is the sub-flow's respond body, its failure the step's failure. The
 * sub-execution's idempotency key is derived from the parent execution and step (and forEach item,
 * and try of the step's {@code retry}), so a rerun parent step finds the sub-execution it started
 * instead of running the flow again, while a retry runs it again.
 * Flows run flows at most {@link #MAX_DEPTH} deep, which stops a flow that calls itself.
 */
public final class FlowSubFlows {
    /** The deepest a flow step may nest: the top execution is depth 0. */
    public static final int MAX_DEPTH = 8;

    private final FlowExecutionRepository executions;
    private final Function<String, CompiledFlow> current;
    private final BiFunction<String, Integer, CompiledFlow> version;
    private final Clock clock;
    private final FlowLeases leases;

    /**
     * @param current a flow's applied version, compiled (throws when none is applied)
     * @param version a flow at a given version, compiled
     * @param leases this process's flow leases: a sub-execution runs under them, renewed with its parent's, so that
     *     no flow worker takes it for one whose process died and runs it a second time
     */
    public FlowSubFlows(FlowExecutionRepository executions, Function<String, CompiledFlow> current, BiFunction<String, Integer, CompiledFlow> version,
            Clock clock, FlowLeases leases) {
        this.executions = executions;
        this.current = current;
        this.version = version;
        this.clock = clock;
        this.leases = leases;
    }

    JsonNode run(FlowExecutor executor, FlowExecutor.Execution state, FlowSpec.SubFlow sub, String at) {
        if (state.depth + 1 > MAX_DEPTH) {
            throw new FlowExecutor.StepFailed(500, "step '" + sub.name() + "': flow '" + sub.flow() + "' would run " + (state.depth + 1)
                    + " flows deep; flows run flows at most " + MAX_DEPTH + " deep (does a flow call itself without end?)");
        }
        JsonNode input = sub.input() == null ? NullNode.getInstance() : state.flow.expressions().render(sub.input(), state.context, at + ".input");
        FlowExecutor.given(state, input);
        // a retry of the step (its second try on) is a new sub-execution; a rerun of the same try finds the one it started
        String key = (state.execution.tenant() == null ? "" : state.execution.tenant()) + "/" + sub.flow() + "/flow:" + state.execution.id() + ":"
                + sub.name() + state.keySuffix + (state.attempt > 1 ? "#" + state.attempt : "");
        FlowExecution existing = executions.findByIdempotency(key).orElse(null);
        FlowExecution child;
        if (existing != null && existing.finished()) {
            child = existing;
        } else {
            CompiledFlow flow;
            try {
                flow = existing == null ? current.apply(sub.flow()) : version.apply(sub.flow(), existing.version());
            } catch (JunctionException e) {
                throw new FlowExecutor.StepFailed(500, "step '" + sub.name() + "': " + e.getMessage());
            }
            if (existing == null && flow.input() != null) {
                List<String> problems = flow.input().problems(input);
                if (!problems.isEmpty()) {
                    throw new FlowExecutor.StepFailed(500, "step '" + sub.name() + "': the input does not match the input schema of flow '"
                            + sub.flow() + "': " + String.join("; ", problems));
                }
            }
            FlowExecution stored = existing != null ? existing : executions.createOrFind(FlowExecution.queued(UUID.randomUUID().toString(),
                    sub.flow(), flow.version(), state.execution.tenant(), input.toString(), key, null, clock.instant()));
            java.time.Instant now = clock.instant();
            if (executions.start(stored.id(), now, leases.owner(), leases.leaseUntil(now))) {
                child = executor.run(executions.find(stored.id()).orElseThrow(), flow, state.depth + 1);
            } else {
                child = executions.find(stored.id()).orElseThrow();
            }
        }
        JsonNode output = output(executor, child.output());
        if (child.status() != FlowExecutionStatus.SUCCEEDED) {
            String detail = output != null && output.has("detail") ? output.path("detail").asText() : child.error();
            throw new FlowExecutor.StepFailed(child.responseStatus() == null ? 500 : child.responseStatus(), "step '" + sub.name() + "': flow '"
                    + sub.flow() + "' (execution " + child.id() + ") " + (child.finished() ? "failed: " + detail : "has not ended"));
        }
        return output == null ? NullNode.getInstance() : output;
    }

    private static JsonNode output(FlowExecutor executor, String text) {
        if (text == null) {
            return null;
        }
        try {
            return executor.json().readTree(text);
        } catch (JsonProcessingException e) {
            return executor.json().getNodeFactory().textNode(text);
        }
    }
}
