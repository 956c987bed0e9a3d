package dev.junction.http.internal;

import dev.junction.http.CallContext;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.Map;

/**
 * One CLIENT span per attempt on the wire (each retry and each redirect hop), named after the
 * method as OpenTelemetry's HTTP conventions say, a child of whatever span is current (a run's
 * page or batch, a flow step). Sits right before the exchange log, so spans and log rows match.
 *
 * <p>Attributes: {@code http.request.method}, {@code server.address}, {@code server.port},
 * {@code url.full} (redacted like the exchange log: no credentials in the query),
 * {@code http.response.status_code}, {@code http.request.resend_count} (attempts after the first),
 * {@code error.type} (the status or the network failure's code), and Junction's
 * {@code junction.connection}, {@code junction.tenant}, {@code junction.operation} and
 * {@code junction.run.id}. Headers and bodies are never recorded.
 *
 * <p>With {@code propagate} (the connector's {@code tracing.propagate: true}) the request carries
 * the span's W3C {@code traceparent} (and {@code tracestate}), so the API's own traces join ours;
 * otherwise nothing of the trace leaves the process. When tracing is off it passes the call on.
 */
public final class TracingInterceptor implements Interceptor {
    private final Tracing tracing;
    private final boolean propagate;
    private final Redactor redactor;

    public TracingInterceptor(Tracing tracing, boolean propagate, Redactor redactor) {
        this.tracing = tracing;
        this.propagate = propagate;
        this.redactor = redactor;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        if (!tracing.on()) {
            return chain.proceed(chain.request());
        }
        HttpRequest request = chain.request();
        CallContext context = chain.context();
        Span span = tracing.tracer().spanBuilder(request.method()).setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", request.method())
                .setAttribute("server.address", request.uri().getHost())
                .setAttribute("server.port", (long) port(request))
                .setAttribute("url.full", redactor.url(request.uri()))
                .startSpan();
        setIfPresent(span, "junction.connection", context.connection());
        setIfPresent(span, "junction.tenant", context.tenant());
        setIfPresent(span, "junction.operation", context.operation());
        setIfPresent(span, "junction.run.id", context.runId());
        if (context.attempt() > 1) {
            span.setAttribute("http.request.resend_count", (long) context.attempt() - 1);
        }
        try (Scope scope = span.makeCurrent()) {
            HttpRequest sent = request;
            if (propagate) {
                for (Map.Entry<String, String> header : Tracing.traceHeaders(Context.current()).entrySet()) {
                    sent = sent.withHeader(header.getKey(), header.getValue());
                }
            }
            HttpResponse response = chain.proceed(sent);
            span.setAttribute("http.response.status_code", (long) response.status());
            if (response.status() >= 400) {
                span.setAttribute("error.type", Integer.toString(response.status()));
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (IOException e) {
            span.setAttribute("error.type", NetworkFailure.of(e).code());
            span.setStatus(StatusCode.ERROR, redactor.excerpt(NetworkFailure.of(e).description(), 300));
            throw e;
        } catch (RuntimeException e) {
            span.setAttribute("error.type", e.getClass().getSimpleName());
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    private static int port(HttpRequest request) {
        int port = request.uri().getPort();
        return port >= 0 ? port : "https".equalsIgnoreCase(request.uri().getScheme()) ? 443 : 80;
    }

    private static void setIfPresent(Span span, String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    @Override
    public String toString() {
        return "tracing";
    }
}
