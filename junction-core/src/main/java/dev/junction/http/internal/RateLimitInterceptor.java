package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.PipelineListener;
import dev.junction.http.RequestRateLimiter;
import dev.junction.http.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Holds each attempt back until the connection's budget has a permit for it (and a place among
 * the requests in flight), then lets the budget learn from the response's rate-limit headers.
 */
public final class RateLimitInterceptor implements Interceptor {
    private final RequestRateLimiter limiter;
    private final Sleeper sleeper;
    private final PipelineListener listener;

    public RateLimitInterceptor(RequestRateLimiter limiter, Sleeper sleeper, PipelineListener listener) {
        this.limiter = limiter;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        RequestRateLimiter.Permit permit;
        try {
            permit = limiter.take(sleeper);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a rate-limit permit (" + limiter + ")");
        }
        if (permit.waited().isPositive()) {
            listener.onRateLimitWait(permit.waited(), chain.context());
        }
        try {
            limiter.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a place among the requests in flight (" + limiter + ")");
        }
        try {
            HttpResponse response = chain.proceed(chain.request());
            limiter.observe(response, permit);
            return response;
        } finally {
            limiter.exit();
        }
    }

    @Override
    public String toString() {
        return "rateLimit(" + limiter + ")";
    }
}
