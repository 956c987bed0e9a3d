package dev.junction.engine.internal;

import dev.junction.http.CallContext;
import dev.junction.http.PipelineListener;
import dev.junction.store.ExchangeRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Turns the pipeline's callbacks into meters: one timer per connection, endpoint and status class
 * for every attempt on the wire (a histogram with fixed buckets), 429s, retries (attempts after the
 * first), the client-side rate budget's waits, and token requests (OAuth 2.0 tokens, session logins)
 * with their outcome. The endpoint is the call's {@link CallContext#operation()} ({@code stream:NAME},
 * {@code action:NAME}, {@code auth:token}), never its URL; {@code other} when unknown.
 */
public final class PipelineMeters implements PipelineListener {
    static final String OTHER = "other";
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;

    public PipelineMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRateLimitWait(Duration waited, CallContext context) {
        Timer.builder("junction.rate.limit.wait")
                .description("Time attempts waited for the connection's client-side rate budget")
                .tag("connection", connection(context))
                .register(registry)
                .record(waited);
    }

    @Override
    public void onExchange(ExchangeRecord exchange, CallContext context) {
        String connection = connection(context);
        String endpoint = context == null || context.operation() == null ? OTHER : context.operation();
        Timer.builder("junction.http.request.duration")
                .description("Attempts on the wire, by connection, endpoint (stream or action) and status class (error: no answer)")
                .tags("connection", connection, "endpoint", endpoint, "status", statusClass(exchange.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(Duration.ofMillis(exchange.durationMillis()));
        if (exchange.status() == 429) {
            counter("junction.http.throttled", "Attempts answered 429 Too Many Requests", connection, endpoint).increment();
        }
        if (exchange.attempt() > 1) {
            counter("junction.http.retries", "Attempts after the first of a call (retries)", connection, endpoint).increment();
        }
        if (CallContext.TOKEN_OPERATION.equals(endpoint) || CallContext.LOGIN_OPERATION.equals(endpoint)) {
            boolean ok = exchange.error() == null && exchange.status() >= 200 && exchange.status() < 300;
            Counter.builder("junction.token.refreshes")
                    .description("Token requests (OAuth 2.0 token endpoint, session login) by outcome")
                    .tags("connection", connection, "kind", endpoint.substring("auth:".length()), "outcome", ok ? "success" : "failure")
                    .register(registry)
                    .increment();
        }
    }

    private Counter counter(String name, String description, String connection, String endpoint) {
        return Counter.builder(name).description(description).tags("connection", connection, "endpoint", endpoint).register(registry);
    }

    private static String connection(CallContext context) {
        return context == null || context.connection() == null ? OTHER : context.connection();
    }

    static String statusClass(int status) {
        return status <= 0 ? "error" : status / 100 + "xx";
    }
}
