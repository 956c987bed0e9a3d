package dev.junction.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * A flow: a named list of steps run one after the other, each one's result kept (durably, by the
 * engine) before the next starts, exposed as its own API endpoint. See docs/flows.md and the Flow
 * section of {@link SpecLoader}.
 *
 * <p>Expressions ({@link Template}) see {@code input} (the validated input) and
 * {@code steps.NAME.output} (an earlier step's result). Steps are a sealed family so later kinds
 * ({@code forEach}, {@code wait}, {@code flow}, {@code lookup}) join it without changing the
 * executor's shape.
 *
 * @param input JSON Schema (2020-12) of the input; null accepts any JSON
 * @param output JSON Schema of the respond step's body; null: not checked
 */
public record FlowSpec(String name, String description, Trigger trigger, JsonNode input, JsonNode output, List<Step> steps, Limits limits,
        SourceLocation location, java.util.Map<String, StepPolicy> policies, OnError onError) implements Spec {

    public static final String KIND = "Flow";

    public FlowSpec {
        policies = policies == null ? java.util.Map.of() : java.util.Map.copyOf(policies);
        onError = onError == null ? OnError.FAIL : onError;
    }

    /** Without per-step policies, failing on any step's error. */
    public FlowSpec(String name, String description, Trigger trigger, JsonNode input, JsonNode output, List<Step> steps, Limits limits,
            SourceLocation location) {
        this(name, description, trigger, input, output, steps, limits, location, null, null);
    }

    /** The step's {@code onError}, {@code retry} and {@code timeout} (its {@code onError} falls back to the flow's). */
    public StepPolicy policy(String step) {
        StepPolicy own = policies.get(step);
        if (own == null) {
            return new StepPolicy(onError, null, null);
        }
        return own.onError() == null ? new StepPolicy(onError, own.retry(), own.timeout()) : own;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /**
     * How the flow is started: {@code api} (POST /api/v1/flows/NAME), {@code manual} (CLI, console),
     * {@code schedule} (null: none; a fire's time is the input), {@code webhook} (null: none; each
     * inbox event of the named connection and event types starts one execution, the event as input)
     * and {@code poll} (null: none; each changed record a poll of the stream finds starts one).
     */
    public record Trigger(boolean api, boolean manual, ScheduleSpec schedule, SyncSpec.Webhook webhook, Poll poll) {
        public static final Trigger MANUAL = new Trigger(false, true);

        /** Started through the API and/or by hand only. */
        public Trigger(boolean api, boolean manual) {
            this(api, manual, null, null, null);
        }
    }

    /** {@code poll: { connection, stream, every }}: the stream read for changes every period, as a sync's {@code on: { poll }} reads its source. */
    public record Poll(String connection, String stream, Duration every) {}

    /**
     * Per-flow limits: at most {@code steps} steps executed per execution (a branch's steps count
     * when they run), and each JSONata evaluation bounded by {@code expressionTimeout} and
     * {@code maxDepth}; at most {@code items} items per {@code forEach}; at most {@code concurrency}
     * executions of this flow running at once in a process (0: no limit of its own).
     */
    public record Limits(int steps, Duration expressionTimeout, int maxDepth, int items, int concurrency) {
        public static final int DEFAULT_ITEMS = 1000;
        public static final Limits DEFAULT = new Limits(100, FieldMapping.Expression.DEFAULT_TIMEOUT, FieldMapping.Expression.DEFAULT_MAX_DEPTH,
                DEFAULT_ITEMS, 0);

        /** The default {@code items} and no concurrency limit. */
        public Limits(int steps, Duration expressionTimeout, int maxDepth) {
            this(steps, expressionTimeout, maxDepth, DEFAULT_ITEMS, 0);
        }
    }

    /**
     * What a step's failure does: {@code FAIL} the execution (the default); {@code CATCH} it (the
     * step's output becomes {@code {"error": {...}}} and the flow goes on); {@code CONTINUE} (the
     * output is null and the flow goes on); {@code COMPENSATE}: run {@code compensate}, then fail.
     */
    public record OnError(Mode mode, List<Step> compensate) {
        public static final OnError FAIL = new OnError(Mode.FAIL, List.of());

        public OnError {
            compensate = compensate == null ? List.of() : List.copyOf(compensate);
        }

        public enum Mode {
            FAIL,
            CATCH,
            CONTINUE,
            COMPENSATE
        }
    }

    /** A step retried up to {@code attempts} times in all, waiting {@code backoff}, then twice that, ... between tries. */
    public record Retry(int attempts, Duration backoff) {}

    /**
     * How one step meets failure and time: {@code onError} (null: the flow's), {@code retry} (null:
     * one try) and {@code timeout} (null: none; a step past it fails with 504).
     */
    public record StepPolicy(OnError onError, Retry retry, Duration timeout) {}

    /**
     * A value built per execution: JSON as written in YAML, where every string that starts with
     * {@code =} is a JSONata expression replaced by its result (a whole-value {@code "= expr"}
     * yields any JSON). {@code node} is the JSON as written.
     */
    public record Template(JsonNode node) {}

    /** One step. Names are unique within the flow (branches included) and are how later steps read its output. */
    public sealed interface Step permits Call, MapStep, Branch, Respond, Fail, Lookup, ForEach, SubFlow, RawCall, Wait {
        String name();

        SourceLocation location();
    }

    /**
     * A call through a connection: an {@code action} with one {@code record} (its answer's body is
     * the output), or a {@code stream}: with {@code key}, that record through the stream's
     * {@code get:}; without, the records of its first page.
     */
    public record Call(String name, String connection, String action, String stream, Template record, Template key, SourceLocation location)
            implements Step {}

    /** The mapping language of syncs applied to {@code from} (default: the flow's input). */
    public record MapStep(String name, Template from, List<FieldMapping> mapping, SourceLocation location) implements Step {}

    /** {@code if} (JSONata, truthy) runs {@code then}, else {@code otherwise} ({@code else:} in YAML); the output is which ran. */
    public record Branch(String name, String condition, List<Step> then, List<Step> otherwise, SourceLocation location) implements Step {}

    /** Ends the execution as succeeded, answering {@code status} with {@code body}. */
    public record Respond(String name, int status, Template body, SourceLocation location) implements Step {}

    /** Ends the execution as failed, answering {@code status} with {@code message}. */
    public record Fail(String name, int status, Template message, SourceLocation location) implements Step {}

    /**
     * Finds the one record of {@code stream} whose {@code match} (a path in its records) equals
     * {@code value}; the output is that record, or null when none matches.
     */
    public record Lookup(String name, String connection, String stream, String match, Template value, SourceLocation location) implements Step {}

    /**
     * Runs {@code steps} once per item of {@code over} (a list), the item as {@code as}, at most
     * {@code concurrency} items at once; the output is {@code {"items": [{index, status, output|error}]}}.
     */
    public record ForEach(String name, Template over, String as, int concurrency, List<Step> steps, SourceLocation location) implements Step {}

    /** Runs the applied flow {@code flow} with {@code input}; the output is its respond body. */
    public record SubFlow(String name, String flow, Template input, SourceLocation location) implements Step {}

    /**
     * A request of the flow's own through a connection's pipeline ({@code call: { connection, request }}):
     * {@code path} is relative to the connector's base URL; {@code query} and {@code headers} render
     * to objects of strings. The output is {@code {"status", "headers", "body"}}.
     */
    public record RawCall(String name, String connection, String method, Template path, Template query, Template headers, Template body,
            SourceLocation location) implements Step {}

    /**
     * Parks the execution, durably (no thread waits): for {@code duration}, or until the instant the
     * JSONata expression {@code until} gives (an ISO-8601 time such as {@code 2026-05-04T09:00:00Z}).
     * Exactly one of the two is set. The output is {@code {"until": TIME}}.
     */
    public record Wait(String name, Duration duration, String until, SourceLocation location) implements Step {}
}
