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
        SourceLocation location) implements Spec {

    public static final String KIND = "Flow";

    @Override
    public String kind() {
        return KIND;
    }

    /** How the flow is started: {@code api} (POST /api/v1/flows/NAME) and/or {@code manual} (CLI, console). */
    public record Trigger(boolean api, boolean manual) {
        public static final Trigger MANUAL = new Trigger(false, true);
    }

    /**
     * Per-flow limits: at most {@code steps} steps executed per execution (a branch's steps count
     * when they run), and each JSONata evaluation bounded by {@code expressionTimeout} and
     * {@code maxDepth}.
     */
    public record Limits(int steps, Duration expressionTimeout, int maxDepth) {
        public static final Limits DEFAULT = new Limits(100, FieldMapping.Expression.DEFAULT_TIMEOUT, FieldMapping.Expression.DEFAULT_MAX_DEPTH);
    }

    /**
     * A value built per execution: JSON as written in YAML, where every string that starts with
     * {@code =} is a JSONata expression replaced by its result (a whole-value {@code "= expr"}
     * yields any JSON). {@code node} is the JSON as written.
     */
    public record Template(JsonNode node) {}

    /** One step. Names are unique within the flow (branches included) and are how later steps read its output. */
    public sealed interface Step permits Call, MapStep, Branch, Respond, Fail, Wait {
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
     * Parks the execution, durably (no thread waits): for {@code duration}, or until the instant the
     * JSONata expression {@code until} gives (an ISO-8601 time such as {@code 2026-05-04T09:00:00Z}).
     * Exactly one of the two is set. The output is {@code {"until": TIME}}.
     */
    public record Wait(String name, Duration duration, String until, SourceLocation location) implements Step {}
}
