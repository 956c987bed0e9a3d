package dev.junction.http.internal;

import dev.junction.http.CallContext;
import dev.junction.http.ExchangeSink;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.PipelineListener;
import dev.junction.store.ExchangeRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Turns every attempt into one {@link ExchangeRecord} (redacted, bodies truncated) for the
 * {@link ExchangeSink}, then tells the listener. Sits right before the transport, so it sees the
 * request exactly as sent, credentials included, and hides them.
 */
public final class ExchangeLogInterceptor implements Interceptor {
    private final ExchangeSink sink;
    private final PipelineListener listener;
    private final Redactor redactor;
    private final Clock clock;

    public ExchangeLogInterceptor(ExchangeSink sink, PipelineListener listener, Redactor redactor, Clock clock) {
        this.sink = sink;
        this.listener = listener;
        this.redactor = redactor;
        this.clock = clock;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        HttpRequest request = chain.request();
        Instant start = clock.instant();
        HttpResponse response;
        try {
            response = chain.proceed(request);
        } catch (IOException | RuntimeException e) {
            log(request, chain.context(), start, null, e);
            throw e;
        }
        log(request, chain.context(), start, response, null);
        return response;
    }

    private void log(HttpRequest request, CallContext context, Instant start, HttpResponse response, Exception failure) {
        String error = null;
        if (failure instanceof IOException io) {
            NetworkFailure network = NetworkFailure.of(io);
            error = redactor.text(network.description() + (io.getMessage() == null ? "" : " (" + io.getClass().getSimpleName() + ": " + io.getMessage() + ")"));
        } else if (failure != null) {
            error = redactor.text(failure.toString());
        }
        ExchangeRecord exchange = new ExchangeRecord(
                0,
                start,
                context.runId(),
                context.tenant(),
                context.connection(),
                request.method(),
                redactor.url(request.uri()),
                response == null ? 0 : response.status(),
                Math.max(0, Duration.between(start, clock.instant()).toMillis()),
                context.attempt(),
                redactor.headers(request.headers()),
                redactor.body(request.body()),
                response == null ? Map.of() : redactor.headers(response.headers()),
                response == null ? null : redactor.body(response.body()),
                error,
                context.recordKeys());
        sink.accept(exchange);
        listener.onExchange(exchange, context);
    }

    @Override
    public String toString() {
        return "exchangeLog";
    }
}
