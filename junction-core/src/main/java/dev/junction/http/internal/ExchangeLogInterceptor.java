package dev.junction.http.internal;

import dev.junction.http.ApiError;
import dev.junction.http.CallContext;
import dev.junction.http.ErrorRules;
import dev.junction.http.ExchangeSink;
import dev.junction.http.HttpRequest;
import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.PipelineListener;
import dev.junction.spec.ExchangeLogSpec;
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
 *
 * <p>The record's {@code error} says why an attempt failed: the network failure when nothing came
 * back, or the error an {@code errors:} rule (the call's, then the connector's; a SOAP fault is one)
 * finds in the answer, a 200 included: {@code permanent error_in_body: the provider's message}; the
 * message quotes the provider's own code when it gave one ({@code JSON-RPC error -32602: ...}). A
 * failed answer no rule matches carries its status alone, unless the provider's error names a code:
 * {@code permanent http_422: problem https://.../validation: Validation failed; email: ...}.
 *
 * <p>How much of an attempt's headers and bodies is kept follows the connection's
 * {@link ExchangeLogSpec}, for successful attempts only: a failed one (no answer, a non-2xx answer,
 * a classified error) is kept in full up to the redactor's cap.
 */
public final class ExchangeLogInterceptor implements Interceptor {
    private static final int MESSAGE_CHARS = 300;

    private final ExchangeSink sink;
    private final PipelineListener listener;
    private final Redactor redactor;
    private final Clock clock;
    private final ErrorRules rules;
    private final ProviderErrors providerErrors = new ProviderErrors(new com.fasterxml.jackson.databind.ObjectMapper());
    private final ExchangeLogSpec keep;
    private final CredentialRefusal refusal;

    public ExchangeLogInterceptor(ExchangeSink sink, PipelineListener listener, Redactor redactor, Clock clock) {
        this(sink, listener, redactor, clock, ErrorRules.none(), ExchangeLogSpec.DEFAULT);
    }

    /** Keeping {@link ExchangeLogSpec#DEFAULT} of successful attempts. */
    public ExchangeLogInterceptor(ExchangeSink sink, PipelineListener listener, Redactor redactor, Clock clock, ErrorRules rules) {
        this(sink, listener, redactor, clock, rules, ExchangeLogSpec.DEFAULT);
    }

    /**
     * @param rules the connector's {@code errors:} rules (a call's own come with its context)
     * @param keep what is kept of successful attempts; null keeps {@link ExchangeLogSpec#DEFAULT}
     */
    public ExchangeLogInterceptor(ExchangeSink sink, PipelineListener listener, Redactor redactor, Clock clock, ErrorRules rules,
            ExchangeLogSpec keep) {
        this(sink, listener, redactor, clock, rules, keep, CredentialRefusal.NEVER);
    }

    /**
     * @param rules the connector's {@code errors:} rules (a call's own come with its context)
     * @param keep what is kept of successful attempts; null keeps {@link ExchangeLogSpec#DEFAULT}
     * @param refusal the auth's rules on refused credentials, so that an answer they call AUTH (AWS's
     *     400 {@code UnrecognizedClientException}) is logged as the classifier has it
     */
    public ExchangeLogInterceptor(ExchangeSink sink, PipelineListener listener, Redactor redactor, Clock clock, ErrorRules rules,
            ExchangeLogSpec keep, CredentialRefusal refusal) {
        this.refusal = refusal == null ? CredentialRefusal.NEVER : refusal;
        this.sink = sink;
        this.listener = listener;
        this.redactor = redactor;
        this.clock = clock;
        this.rules = rules == null ? ErrorRules.none() : rules;
        this.keep = keep == null ? ExchangeLogSpec.DEFAULT : keep;
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
        } else {
            error = classified(response, context);
        }
        // a failure, a non-2xx answer or a classified error is kept in full (up to the redactor's cap)
        ExchangeLogSpec.Bodies bodies = failure != null || error != null || !response.isSuccessful() ? ExchangeLogSpec.Bodies.FULL : keep.bodies();
        int limit = bodies == ExchangeLogSpec.Bodies.FULL ? Integer.MAX_VALUE : bodies == ExchangeLogSpec.Bodies.HEAD ? keep.headBytes() : -1;
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
                body(request.body(), limit),
                response == null ? Map.of() : redactor.headers(response.headers()),
                response == null ? null : body(response.body(), limit),
                error,
                context.recordKeys());
        // with bodies: none the stored row drops the headers too; listeners still see them (Deprecation and Sunset signals)
        sink.accept(bodies != ExchangeLogSpec.Bodies.NONE ? exchange : new ExchangeRecord(exchange.id(), exchange.at(), exchange.runId(),
                exchange.tenant(), exchange.connection(), exchange.method(), exchange.url(), exchange.status(), exchange.durationMillis(),
                exchange.attempt(), Map.of(), null, Map.of(), null, exchange.error(), exchange.recordKeys()));
        listener.onExchange(exchange, context);
    }

    /** The body cut at {@code limit} bytes; none (null) when the limit is negative (headers only, or nothing). */
    private String body(byte[] body, int limit) {
        return limit < 0 ? null : redactor.body(body, limit);
    }

    /** What an {@code errors:} rule finds in the answer ({@code category code: message}), or null. */
    private String classified(HttpResponse response, CallContext context) {
        ErrorRules callRules = rules.after(context.errorRules());
        ErrorRules.Match match = callRules.isEmpty() ? null : callRules.match(response);
        if (match == null) {
            return response.isSuccessful() ? null : coded(response);
        }
        String code = match.code() != null ? match.code() : response.isSuccessful() ? "error_in_body" : "http_" + response.status();
        String message = match.message() == null || match.message().isBlank() ? null : match.message();
        ProviderErrors.ProviderError provider = match.providerCode() != null ? null : providerErrors.read(response, message);
        message = provider != null ? provider.text() : message;
        String said = message == null ? "" : ": " + redactor.excerpt(message, MESSAGE_CHARS);
        return match.category().name().toLowerCase(java.util.Locale.ROOT) + " " + code + said;
    }

    /** A failed answer no rule matched: its category and status with the provider's coded error, or null when it names no code. */
    private String coded(HttpResponse response) {
        ProviderErrors.ProviderError provider = providerErrors.read(response, null);
        if (provider == null) {
            return null;
        }
        ApiError.Category category = refusal.refused(response.status(), provider.code(), provider.text()) ? ApiError.Category.AUTH
                : ErrorClassifier.category(response.status());
        return category.name().toLowerCase(java.util.Locale.ROOT) + " http_" + response.status() + ": "
                + redactor.excerpt(provider.text(), MESSAGE_CHARS);
    }

    @Override
    public String toString() {
        return "exchangeLog";
    }
}
