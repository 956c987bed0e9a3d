package dev.junction.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionException;
import dev.junction.connector.ActionResult;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.engine.Connections;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineListener;
import dev.junction.http.internal.Redactor;
import dev.junction.mapping.MappingException;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FlowSpec;
import dev.junction.spec.LoadResult;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 */
public final class FlowExecutor {
    /** The most of a step's output kept in its row (the full value stays in memory for later steps). */
    public static final int MAX_STORED_OUTPUT = 64 * 1024;
    /** The most of one string value kept in a step's row; longer ones are cut. */
    public static final int MAX_STORED_STRING = 2048;
    /**
     * Strings up to this long get the name-based redaction of free text ({@code token=...}); its cost
     * grows with the square of the length, so longer ones get only the credential-scheme pass.
     */
    private static final int NAME_REDACTION_UP_TO = 512;
    private static final java.util.regex.Pattern SCHEME_CREDENTIALS = java.util.regex.Pattern.compile("(?i)\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]{4,}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FlowExecutionRepository executions;
    private final Connections connections;
    private final Supplier<LoadResult> applied;
    private final ObjectMapper json;
    private final Clock clock;
    private final FlowSubFlows subFlows;
    private final FlowGuard guard;

    public FlowExecutor(FlowExecutionRepository executions, Connections connections, Supplier<LoadResult> applied, ObjectMapper json, Clock clock) {
        this(executions, connections, applied, json, clock, null, dev.junction.http.Sleeper.system());
    }

    /** @param subFlows runs {@code flow} steps (null: they fail); @param sleeper waits between a step's retries */
    public FlowExecutor(FlowExecutionRepository executions, Connections connections, Supplier<LoadResult> applied, ObjectMapper json, Clock clock,
            FlowSubFlows subFlows, dev.junction.http.Sleeper sleeper) {
        this.executions = executions;
        this.connections = connections;
        this.applied = applied;
        this.json = json;
        this.clock = clock;
        this.subFlows = subFlows;
        this.guard = new FlowGuard(this, sleeper);
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
        // one span per execution (junction.flow), one per step below it; the steps' calls are children of their step
        Span span = connections.tracing().tracer().spanBuilder("junction.flow").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("junction.flow", execution.flow())
                .setAttribute("junction.flow.execution.id", execution.id())
                .startSpan();
        if (execution.tenant() != null) {
            span.setAttribute("junction.tenant", execution.tenant());
        }
        try (Scope scope = span.makeCurrent()) {
            FlowExecution ended = runTraced(execution, flow, resume, owner, cancelled, depth);
            span.setAttribute("junction.flow.status", ended.status().name().toLowerCase(java.util.Locale.ROOT));
            if (ended.status() == FlowExecutionStatus.FAILED) {
                span.setStatus(StatusCode.ERROR, ended.error() == null ? "failed" : ended.error());
            }
            return ended;
        } finally {
            span.end();
        }
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
                output = state.reused ? done.output() : guard.run(state, step, at);
            } catch (StepFailed failed) {
                save(state, seq, step, "failed", guard.caught(state, step, failed), failed.getMessage(), started);
                FlowGuard.Recovery recovery = guard.recover(state, step, failed, at);
                if (recovery.ending() != null) {
                    return recovery.ending();
                }
                remember(state, step, recovery.output());
                continue;
            } catch (FlowWait.Parked parked) {
                save(state, seq, step, "waiting", parked.output, null, started);
                throw parked;
            }
            if (step instanceof FlowSpec.Branch branch) {
                save(state, seq, step, "succeeded", output, null, started);
                remember(state, step, output);
                Ending ending = steps(state, output.path("took").asText().equals("then") ? branch.then() : branch.otherwise(),
                        at + ".branch." + output.path("took").asText());
                if (ending != null) {
                    return ending;
                }
                continue;
            }
            save(state, seq, step, step instanceof FlowSpec.Fail ? "failed" : "succeeded", output, null, started);
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
        Span span = connections.tracing().tracer().spanBuilder("junction.flow.step").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("junction.flow.step", step.name())
                .setAttribute("junction.flow.step.kind", switch (step) {
                    case FlowSpec.Call call -> "call";
                    case FlowSpec.MapStep map -> "map";
                    case FlowSpec.Branch branch -> "branch";
                    case FlowSpec.Respond respond -> "respond";
                    case FlowSpec.Fail fail -> "fail";
                    case FlowSpec.Lookup lookup -> "lookup";
                    case FlowSpec.ForEach forEach -> "forEach";
                    case FlowSpec.SubFlow sub -> "flow";
                    case FlowSpec.RawCall raw -> "call";
                    case FlowSpec.Wait wait -> "wait";
                })
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            return runStep(state, step, at);
        } catch (StepFailed failed) {
            span.setStatus(StatusCode.ERROR, failed.getMessage());
            throw failed;
        } finally {
            span.end();
        }
    }

    private JsonNode runStep(Execution state, FlowSpec.Step step, String at) {
        try {
            return switch (step) {
                case FlowSpec.Call call -> call(state, call, at + ".call");
                case FlowSpec.MapStep map -> state.flow.mapper(map.name()).map(state.flow.expressions().render(map.from(), state.context, at + ".map.from"));
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

    private JsonNode call(Execution state, FlowSpec.Call call, String at) {
        String id = state.execution.id();
        CallContext context = context(state, call.connection());
        try (ConnectionClient client = client(state, call.name(), call.connection())) {
            if (call.action() != null) {
                JsonNode record = state.flow.expressions().render(call.record(), state.context, at + ".record");
                JsonNode[] answer = new JsonNode[1];
                // the same execution and step (and item of a forEach) always send the same key: a retried or resumed step does not write
                // twice where the API honours it
                ActionResult result = client.call(call.action(), List.of(record), context, id + ":" + call.name() + state.keySuffix,
                        body -> answer[0] = body);
                if (!result.allOk()) {
                    throw new StepFailed(502, "step '" + call.name() + "': action '" + call.action() + "' refused the record: "
                            + result.outcomes().getFirst().error());
                }
                return answer[0] == null ? NODES.objectNode().put("ok", true) : answer[0];
            }
            if (call.key() != null) {
                JsonNode key = state.flow.expressions().render(call.key(), state.context, at + ".key");
                if (key == null || key.isNull() || key.isContainerNode() || key.asText().isBlank()) {
                    throw new StepFailed(500, "step '" + call.name() + "': the key (" + at + ".key) is " + (key == null ? "nothing" : key)
                            + "; expected a string or number");
                }
                Optional<JsonNode> record = client.fetchRecord(call.stream(), key.asText(), context);
                return record.orElse(NullNode.getInstance());
            }
            PageReader pages = client.readStream(call.stream(), ReadOptions.full(context));
            return pages.hasNext() ? json.valueToTree(pages.next().records()) : NODES.arrayNode();
        } catch (StepFailed | MappingException e) {
            throw e;
        } catch (JunctionException | IllegalArgumentException e) {
            throw new StepFailed(502, "step '" + call.name() + "': " + e.getMessage());
        }
    }

    /**
     * A client of {@code connection} for a step of {@code state}'s execution, with the connection's
     * whole pipeline (reused across steps: see {@link CachedClient}); callers may close it, which
     * releases nothing shared.
     *
     * @throws StepFailed (502) when the connection is not applied, or is another tenant's
     */
    ConnectionClient client(Execution state, String step, String name) {
        LoadResult loaded = applied.get();
        ConnectionSpec connection = loaded.connections().get(name);
        ConnectorSpec connector = connection == null || connection.connector() == null ? null : loaded.connectors().get(connection.connector());
        if (connector == null) {
            throw new StepFailed(502, "step '" + step + "': connection '" + name + "' is not applied (any more)");
        }
        String tenant = state.execution.tenant();
        if (tenant != null && connection.tenant() != null && !ConnectionSpec.DEFAULT_TENANT.equals(connection.tenant())
                && !connection.tenant().equals(tenant)) {
            throw new StepFailed(502, "step '" + step + "': connection '" + name + "' is another tenant's; an execution of"
                    + " tenant '" + tenant + "' may call only its own connections and shared ones");
        }
        Instant now = clock.instant();
        CachedClient cached = clients.get(name);
        if (cached != null && cached.connection() == connection && cached.connector() == connector && now.isBefore(cached.until())) {
            return cached.client();
        }
        try {
            ConnectionClient client = ConnectionClient.create(connector, connection, connections.secrets(), connections.pipeline(PipelineListener.NONE, true));
            clients.put(name, new CachedClient(connection, connector, client, now.plus(CLIENT_REUSE)));
            return client;
        } catch (JunctionException | IllegalArgumentException e) {
            throw new StepFailed(502, "step '" + step + "': " + e.getMessage());
        }
    }

    /**
     * A connection's client, reused by the steps of every execution while its definition stays the same
     * object (a new version of it, or of its connector, is a new one) and for at most
     * {@link #CLIENT_REUSE}, so a secret read from a file that was rotated is read again soon. Building
     * one compiles the connector's requests and resolves the secrets: per call it cost more than the call.
     * Its pipeline uses the process's shared HTTP clients, budgets and token states, so closing one
     * (callers do) releases nothing another step still uses.
     */
    private record CachedClient(ConnectionSpec connection, ConnectorSpec connector, ConnectionClient client, Instant until) {}

    private static final java.time.Duration CLIENT_REUSE = java.time.Duration.ofSeconds(60);
    private final java.util.concurrent.ConcurrentHashMap<String, CachedClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

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

    private void save(Execution state, int seq, FlowSpec.Step step, String status, JsonNode output, String error, Instant started) {
        if (!state.store || state.reused) {
            return; // a forEach item's step (the forEach's own row holds the items' results), or a resumed execution's step that succeeded before
        }
        executions.saveStep(new FlowStepRecord(state.execution.id(), seq, step.name(), status, stored(output), error, started, clock.instant()),
                state.execution.tenant(), output == null ? null : output.toString());
    }

    /** A step's output as kept in its row: values under secret-like names redacted, and at most {@link #MAX_STORED_OUTPUT} characters. */
    static String stored(JsonNode output) {
        if (output == null) {
            return null;
        }
        String text = redacted(output).toString();
        if (text.length() <= MAX_STORED_OUTPUT) {
            return text;
        }
        return NODES.objectNode().put("truncated", true).put("size", text.length())
                .put("excerpt", text.substring(0, MAX_STORED_OUTPUT - 200)).toString();
    }

    /** A copy with the values under secret-looking names ({@code password}, {@code token}, ...) and credentials in text redacted. */
    static JsonNode redacted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(e -> out.set(e.getKey(), Redactor.isSecretName(e.getKey()) && !e.getValue().isNull()
                    ? NODES.textNode(Redactor.REDACTED) : redacted(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(redacted(item)));
            return out;
        }
        if (!node.isTextual()) {
            return node;
        }
        String text = node.asText();
        if (text.length() <= NAME_REDACTION_UP_TO) {
            return NODES.textNode(Redactor.secretsByName(text));
        }
        String cut = text.length() <= MAX_STORED_STRING ? text
                : text.substring(0, MAX_STORED_STRING) + "...[" + (text.length() - MAX_STORED_STRING) + " more characters]";
        return NODES.textNode(SCHEME_CREDENTIALS.matcher(cut).replaceAll("$1 " + java.util.regex.Matcher.quoteReplacement(Redactor.REDACTED)));
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
