package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.connector.ConnectionClient;
import dev.junction.engine.Connections;
import dev.junction.http.CallContext;
import dev.junction.mapping.MappingException;
import dev.junction.spec.FlowSpec;
import dev.junction.spec.LoadResult;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one flow execution on its own definition version, step after step, storing each step's
 * result before the next starts, then the execution's answer. A step's failure ends the execution
 * as failed with a status that says whose fault it was (a call: 502; an expression or mapping:
 * 500; a {@code fail} step: its own). Stateless between executions; thread-safe.
 *
 * <p>Later kinds of step ({@code forEach}, sub-flows) and {@code onError} join {@link #steps}. A
 * resumed execution ({@link FlowResume}: its process died, a {@code wait} woke it, or it is retried)
 * reuses the stored output of every step that succeeded before instead of running it again.
 *
 * <p>Around the loop: {@link FlowGuard} (a step's retry, timeout and onError), {@link FlowSpans} (the
 * traces), {@link FlowClients} (the connections' clients) and {@link FlowStepRows} (the steps' rows);
 * the kinds of step that take more than a few lines have a class each ({@link FlowCall}, {@link FlowLookup}, ...).
 */
public final class FlowExecutor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FlowExecutionRepository executions;
    private final ObjectMapper json;
    private final Clock clock;
    private final FlowSubFlows subFlows;
    private final FlowGuard guard;
    private final FlowSpans spans;
    private final FlowClients clients;
    private final FlowStepRows rows;

    public FlowExecutor(FlowExecutionRepository executions, Connections connections, Supplier<LoadResult> applied, ObjectMapper json, Clock clock) {
        this(executions, connections, has -> applied.get(), json, clock, null, dev.junction.http.Sleeper.system());
    }

    /**
     * @param applied what is applied as recently checked, when it has what the predicate looks for; else as stored now (a
     *     connection applied a moment ago on another node); {@code Definitions::recent} fits
     * @param subFlows runs {@code flow} steps (null: they fail); @param sleeper waits between a step's retries
     */
    public FlowExecutor(FlowExecutionRepository executions, Connections connections,
            java.util.function.Function<java.util.function.Predicate<LoadResult>, LoadResult> applied, ObjectMapper json, Clock clock,
            FlowSubFlows subFlows, dev.junction.http.Sleeper sleeper) {
        this.executions = executions;
        this.json = json;
        this.clock = clock;
        this.subFlows = subFlows;
        this.guard = new FlowGuard(this, sleeper);
        this.spans = new FlowSpans(connections);
        this.clients = new FlowClients(connections, applied, clock);
        this.rows = new FlowStepRows(executions, clock);
    }

    /** Runs a started execution of {@code flow} to its end and stores the end; returns the execution as stored at the end. */
    public FlowExecution run(FlowExecution execution, CompiledFlow flow) {
        return run(execution, flow, FlowResume.NONE, null, () -> false, 0);
    }

    /** As {@link #run(FlowExecution, CompiledFlow)} for a sub-flow {@code depth} flows deep. */
    public FlowExecution run(FlowExecution execution, CompiledFlow flow, int depth) {
        return run(execution, flow, FlowResume.NONE, null, () -> false, depth);
    }

    /**
     * Runs (or resumes after {@code resume}'s steps) an execution {@code owner} claimed, to its end or
     * until a {@code wait} step parks it, stopping before a step when {@code cancelled} says so.
     * Returns the execution as stored afterwards (ended, or {@code waiting}).
     */
    public FlowExecution run(FlowExecution execution, CompiledFlow flow, FlowResume resume, String owner, java.util.function.BooleanSupplier cancelled) {
        return run(execution, flow, resume, owner, cancelled, 0);
    }

    private FlowExecution run(FlowExecution execution, CompiledFlow flow, FlowResume resume, String owner, java.util.function.BooleanSupplier cancelled,
            int depth) {
        return spans.execution(execution, () -> runTraced(execution, flow, resume, owner, cancelled, depth));
    }

    private FlowExecution runTraced(FlowExecution execution, CompiledFlow flow, FlowResume resume, String owner,
            java.util.function.BooleanSupplier cancelled, int depth) {
        Execution state = new Execution(execution, flow);
        state.depth = depth;
        state.resume = resume;
        state.seq = resume.lastSeq();
        state.cancelled = cancelled;
        Ending ending;
        try {
            ObjectNode context = NODES.objectNode();
            context.set("input", json.readTree(execution.input()));
            context.set("steps", NODES.objectNode());
            state.context = context;
            ending = steps(state, flow.spec().steps(), "steps");
            if (ending == null) {
                ending = new Ending(FlowExecutionStatus.SUCCEEDED, 204, null, null);
            }
        } catch (StepFailed failed) {
            ending = new Ending(FlowExecutionStatus.FAILED, failed.status, problem(failed.getMessage()), failed.getMessage());
        } catch (FlowWait.Parked parked) {
            executions.park(execution.id(), owner, parked.until, clock.instant());
            return executions.find(execution.id()).orElseThrow();
        } catch (Cancelled cancelledNow) {
            ending = new Ending(FlowExecutionStatus.CANCELLED, 409, NODES.objectNode().put("title", "The flow was cancelled")
                    .put("detail", cancelledNow.getMessage()), cancelledNow.getMessage());
        } catch (JsonProcessingException e) {
            ending = new Ending(FlowExecutionStatus.FAILED, 500, problem("the stored input is not JSON"), "the stored input is not JSON");
        }
        if (ending.status() == FlowExecutionStatus.SUCCEEDED && ending.body() != null && flow.output() != null) {
            List<String> wrong = flow.output().problems(ending.body());
            if (!wrong.isEmpty()) {
                String message = "the respond body does not match the flow's output schema: " + String.join("; ", wrong);
                ending = new Ending(FlowExecutionStatus.FAILED, 500, problem(message), message);
            }
        }
        String output = ending.body() == null ? null : ending.body().toString();
        executions.finish(execution.id(), ending.status(), ending.responseStatus(), output, ending.error(), clock.instant());
        return executions.find(execution.id()).orElseThrow();
    }

    /** Runs a list of steps; the ending when a respond or fail step ended the execution, else null (go on). */
    Ending steps(Execution state, List<FlowSpec.Step> steps, String path) {
        for (int i = 0; i < steps.size(); i++) {
            FlowSpec.Step step = steps.get(i);
            String at = path + "[" + i + "]";
            if (++state.executed > state.flow.spec().limits().steps()) {
                throw new StepFailed(500, "the execution passed the flow's limit of " + state.flow.spec().limits().steps()
                        + " steps (limits.steps) at step '" + step.name() + "'");
            }
            FlowResume.Done done = state.resume.reusable(step.name());
            if (done == null && state.cancelled.getAsBoolean()) {
                throw new Cancelled("cancelled on request before step '" + step.name() + "'");
            }
            state.reused = done != null && done.succeeded();
            int seq = done != null ? done.seq() : ++state.seq;
            Instant started = clock.instant();
            JsonNode output;
            try {
                state.done = done;
                state.stepInput = null;
                output = state.reused ? done.output() : guard.run(state, step, at);
            } catch (StepFailed failed) {
                rows.save(state, seq, step, "failed", guard.caught(state, step, failed), failed.getMessage(), started);
                FlowGuard.Recovery recovery = guard.recover(state, step, failed, at);
                if (recovery.ending() != null) {
                    return recovery.ending();
                }
                remember(state, step, recovery.output());
                continue;
            } catch (FlowWait.Parked parked) {
                rows.save(state, seq, step, "waiting", parked.output, null, started);
                throw parked;
            }
            if (step instanceof FlowSpec.Branch branch) {
                rows.save(state, seq, step, "succeeded", output, null, started);
                remember(state, step, output);
                Ending ending = steps(state, output.path("took").asText().equals("then") ? branch.then() : branch.otherwise(),
                        at + ".branch." + output.path("took").asText());
                if (ending != null) {
                    return ending;
                }
                continue;
            }
            rows.save(state, seq, step, step instanceof FlowSpec.Fail ? "failed" : "succeeded", output, null, started);
            remember(state, step, output);
            if (step instanceof FlowSpec.Respond respond) {
                return new Ending(FlowExecutionStatus.SUCCEEDED, respond.status(), output, null);
            }
            if (step instanceof FlowSpec.Fail fail) {
                String message = output.isTextual() ? output.asText() : output.toString();
                return new Ending(FlowExecutionStatus.FAILED, fail.status(), problem(message), message);
            }
        }
        return null;
    }

    JsonNode run(Execution state, FlowSpec.Step step, String at) {
        return spans.step(step, () -> runStep(state, step, at));
    }

    private JsonNode runStep(Execution state, FlowSpec.Step step, String at) {
        try {
            return switch (step) {
                case FlowSpec.Call call -> FlowCall.run(this, state, call, at + ".call");
                case FlowSpec.MapStep map -> {
                    JsonNode from = state.flow.expressions().render(map.from(), state.context, at + ".map.from");
                    given(state, from);
                    yield state.flow.mapper(map.name()).map(from);
                }
                case FlowSpec.Branch branch -> NODES.objectNode().put("took",
                        state.flow.expressions().test(branch.condition(), state.context, at + ".branch.if") ? "then" : "else");
                case FlowSpec.Respond respond -> orNull(state.flow.expressions().render(respond.body(), state.context, at + ".respond.body"));
                case FlowSpec.Fail fail -> orNull(state.flow.expressions().render(fail.message(), state.context, at + ".fail.message"));
                case FlowSpec.Lookup lookup -> FlowLookup.run(this, state, lookup, at + ".lookup");
                case FlowSpec.ForEach forEach -> FlowForEach.run(this, state, forEach, at + ".forEach");
                case FlowSpec.SubFlow sub -> subFlow(state, sub, at + ".flow");
                case FlowSpec.RawCall raw -> FlowRawCall.run(this, state, raw, at + ".call");
                case FlowSpec.Wait wait -> FlowWait.run(wait, state.done, state.flow.expressions(), state.context, at, clock.instant());
            };
        } catch (IllegalArgumentException e) {
            throw new StepFailed(500, "step '" + step.name() + "': " + e.getMessage());
        } catch (MappingException e) {
            throw new StepFailed(500, "step '" + step.name() + "': " + e.getMessage());
        }
    }

    /** A client of connection {@code name} for {@code step} of {@code state}'s execution: see {@link FlowClients#client}. */
    ConnectionClient client(Execution state, String step, String name) {
        return clients.client(state, step, name);
    }

    /** Who a step's requests are for: the execution (the exchange log's {@code flow:ID}), its tenant and the connection. */
    static CallContext context(Execution state, String connection) {
        return new CallContext("flow:" + state.execution.id(), state.execution.tenant(), connection, List.of(), false);
    }

    private JsonNode subFlow(Execution state, FlowSpec.SubFlow sub, String at) {
        if (subFlows == null) {
            throw new StepFailed(500, "step '" + sub.name() + "': sub-flows are not available here");
        }
        return subFlows.run(this, state, sub, at);
    }

    ObjectMapper json() {
        return json;
    }

    Clock clock() {
        return clock;
    }

    void remember(Execution state, FlowSpec.Step step, JsonNode output) {
        ((ObjectNode) state.context.get("steps")).set(step.name(), NODES.objectNode().set("output", output == null ? NullNode.getInstance() : output));
    }

    /** Keeps what the step at hand was given (a call's record, a map's value, ...) for its row; see {@link FlowStepRecord#input}. */
    static void given(Execution state, JsonNode input) {
        state.stepInput = input;
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }

    /** The answer of a failed execution: problem+json members. */
    static JsonNode problem(String detail) {
        return NODES.objectNode().put("title", "The flow failed").put("detail", detail);
    }

    record Ending(FlowExecutionStatus status, Integer responseStatus, JsonNode body, String error) {}

    /** One execution in progress: its context ({@code input}, {@code steps}) and counters. */
    static final class Execution {
        final FlowExecution execution;
        final CompiledFlow flow;
        ObjectNode context;
        int seq;
        int executed;
        /** Whether its steps get rows (a forEach item's steps do not). */
        boolean store = true;
        /** Appended to the idempotency keys of its calls: {@code :INDEX} per forEach item. */
        String keySuffix = "";
        /** How many flows deep (a sub-flow's execution is one deeper than its parent's). */
        int depth;
        /** While a compensation runs: its steps' failures fail the execution, whatever onError says. */
        boolean compensating;
        /** Which try of its step's {@code retry} runs now (1: the first). */
        volatile int attempt = 1;
        FlowResume resume = FlowResume.NONE;
        java.util.function.BooleanSupplier cancelled = () -> false;
        /** Whether the step at hand succeeded before (a resumed execution) and is not run again. */
        boolean reused;
        /** What a resumed execution stored for the step at hand (a parked wait's time); null when it has none. */
        FlowResume.Done done;
        /** What the step at hand was given, for its row (null: nothing, or not known yet). */
        JsonNode stepInput;

        Execution(FlowExecution execution, CompiledFlow flow) {
            this.execution = execution;
            this.flow = flow;
        }

        /** The state of one forEach item: the same execution, its own context, no rows, its own key suffix. */
        Execution item(ObjectNode context, String suffix) {
            Execution item = new Execution(execution, flow);
            item.context = context;
            item.store = false;
            item.keySuffix = keySuffix + suffix;
            item.depth = depth;
            item.compensating = compensating;
            item.attempt = attempt; // a retried forEach's sub-flows run again too
            return item;
        }
    }

    /** Asked to cancel: the execution ends {@code cancelled} before its next step. */
    private static final class Cancelled extends RuntimeException {
        Cancelled(String message) {
            super(message, null, false, false);
        }
    }

    /** A step failed: the execution ends failed with {@code status}; {@code details} go into a caught error's object. */
    static final class StepFailed extends RuntimeException {
        final int status;
        final ObjectNode details;

        StepFailed(int status, String message) {
            this(status, message, null);
        }

        StepFailed(int status, String message, ObjectNode details) {
            super(message, null, false, false);
            this.status = status;
            this.details = details;
        }
    }
}
