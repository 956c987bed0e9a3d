package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.PipelineListener;
import dev.junction.http.RequestRateLimiter;
import dev.junction.http.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;

/**
 * Holds each attempt back until the connection's budget has a permit for it (and a place among
 * the requests in flight), then lets the budget learn from the response's rate-limit headers. A call
 * of an operation with a limit of its own ({@code stream:search}) first takes a permit from that.
 */
public final class RateLimitInterceptor implements Interceptor {
    private final RequestRateLimiter limiter;
    private final Map<String, RequestRateLimiter> byOperation;
    private final Sleeper sleeper;
    private final PipelineListener listener;

    public RateLimitInterceptor(RequestRateLimiter limiter, Sleeper sleeper, PipelineListener listener) {
        this(limiter, Map.of(), sleeper, listener);
    }

    /** @param byOperation limiters of single operations, by {@link dev.junction.http.CallContext#operation()} */
    public RateLimitInterceptor(RequestRateLimiter limiter, Map<String, RequestRateLimiter> byOperation, Sleeper sleeper, PipelineListener listener) {
        this.limiter = limiter;
        this.byOperation = Map.copyOf(byOperation);
        this.sleeper = sleeper;
        this.listener = listener;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        String operation = chain.context().operation();
        RequestRateLimiter own = operation == null ? null : byOperation.get(operation);
        if (own == null) {
            return within(limiter, chain, () -> chain.proceed(chain.request()));
        }
        return within(own, chain, () -> within(limiter, chain, () -> chain.proceed(chain.request())));
    }

    private interface Call {
        HttpResponse proceed() throws IOException;
    }

    /** Runs {@code call} with a permit and a place in flight of {@code budget}, and lets it learn from the answer. */
    private HttpResponse within(RequestRateLimiter budget, Chain chain, Call call) throws IOException {
        RequestRateLimiter.Permit permit;
        try {
            permit = budget.take(sleeper, chain.context().operation());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a rate-limit permit (" + budget + ")");
        }
        if (permit.waited().isPositive()) {
            listener.onRateLimitWait(permit.waited(), chain.context());
        }
        try {
            budget.enter();
        } catch (InterruptedException e) {
            budget.abandon(permit);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a place among the requests in flight (" + budget + ")");
        }
        HttpResponse response = null;
        try {
            response = call.proceed();
            budget.observe(response, permit);
            return response;
        } finally {
            if (response == null) {
                budget.abandon(permit);
            }
            budget.exit();
        }
    }

    @Override
    public String toString() {
        return "rateLimit(" + limiter + (byOperation.isEmpty() ? "" : ", operations " + byOperation.keySet()) + ")";
    }
}
