package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Connections;
import dev.junction.spec.FlowSpec;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.function.Supplier;

/**
 * The trace spans of flow executions: one per execution ({@code junction.flow}) with its end's status,
 * one per step below it ({@code junction.flow.step}); the steps' calls are children of their step.
 */
final class FlowSpans {
    private final Connections connections;

    /** @param connections whose tracing the spans go to */
    FlowSpans(Connections connections) {
        this.connections = connections;
    }

    /** Runs {@code run}, which runs {@code execution} and returns it as stored afterwards, in the execution's span. */
    FlowExecution execution(FlowExecution execution, Supplier<FlowExecution> run) {
        // one span per execution (junction.flow), one per step below it; the steps' calls are children of their step
        Span span = connections.tracing().tracer().spanBuilder("junction.flow").setSpanKind(SpanKind.INTERNAL)
                .setAttribute("junction.flow", execution.flow())
                .setAttribute("junction.flow.execution.id", execution.id())
                .startSpan();
        if (execution.tenant() != null) {
            span.setAttribute("junction.tenant", execution.tenant());
        }
        try (Scope scope = span.makeCurrent()) {
            FlowExecution ended = run.get();
            span.setAttribute("junction.flow.status", ended.status().name().toLowerCase(java.util.Locale.ROOT));
            if (ended.status() == FlowExecutionStatus.FAILED) {
                span.setStatus(StatusCode.ERROR, ended.error() == null ? "failed" : ended.error());
            }
            return ended;
        } finally {
            span.end();
        }
    }

    /** Runs {@code run}, which runs {@code step} and returns its output, in the step's span; a failure of the step marks it. */
    JsonNode step(FlowSpec.Step step, Supplier<JsonNode> run) {
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
            return run.get();
        } catch (FlowExecutor.StepFailed failed) {
            span.setStatus(StatusCode.ERROR, failed.getMessage());
            throw failed;
        } finally {
            span.end();
        }
    }
}
