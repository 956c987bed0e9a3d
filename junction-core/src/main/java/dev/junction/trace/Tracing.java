package dev.junction.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;
import java.util.Objects;

/**
 * Where Junction's spans go: an OpenTelemetry {@link Tracer}, or nowhere ({@link #off()}, the
 * default: the API's no-op tracer, whose spans record nothing and cost an object or two).
 *
 * <p>Spans, all under the instrumentation scope {@value #SCOPE}:
 * <pre>
 *   junction.run            one run of a sync (INTERNAL)
 *   ├─ junction.page        one page read from the source, its calls below it
 *   │   └─ GET              one attempt on the wire (CLIENT), per retry and redirect hop
 *   └─ junction.batch       one batch written to the destination
 *       └─ POST             ...
 *   junction.flow           one flow execution, junction.flow.step below it per step
 * </pre>
 * A span's children are found through OpenTelemetry's {@link Context}: the run's threads (writers,
 * partition readers, read-ahead) are started with the run's context (see
 * {@link dev.junction.sync.RunLogContext}). No attribute carries a secret, a record's content or a
 * URL's query secrets: URLs are the exchange log's redacted form.
 *
 * <p>The engine makes one per process from its config; core never starts an SDK.
 */
public final class Tracing {
    /** The instrumentation scope of every span. */
    public static final String SCOPE = "dev.junction";

    private static final Tracing OFF = new Tracing(OpenTelemetry.noop().getTracer(SCOPE), false);
    private static final TextMapSetter<Map<String, String>> MAP_SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };

    private final Tracer tracer;
    private final boolean on;

    private Tracing(Tracer tracer, boolean on) {
        this.tracer = tracer;
        this.on = on;
    }

    /** No spans: the no-op tracer. */
    public static Tracing off() {
        return OFF;
    }

    /** Spans through {@code openTelemetry}'s tracer provider (the engine's SDK). */
    public static Tracing of(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return new Tracing(openTelemetry.getTracer(SCOPE), true);
    }

    /** Whether spans are recorded: false lets callers skip work done only for attributes. */
    public boolean on() {
        return on;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A span of {@code kind} named {@code name}, a child of the current context's span, started now. */
    public Span start(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind).startSpan();
    }

    /**
     * The W3C Trace Context headers ({@code traceparent}, {@code tracestate} when there is one) of
     * {@code context}'s span; empty when it has none (tracing off).
     */
    public static Map<String, String> traceHeaders(Context context) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3CTraceContextPropagator.getInstance().inject(context, headers, MAP_SETTER);
        }
        return headers;
    }

    @Override
    public String toString() {
        return on ? "tracing on" : "tracing off";
    }
}
