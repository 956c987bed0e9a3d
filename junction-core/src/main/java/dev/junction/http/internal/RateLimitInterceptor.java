package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.PipelineListener;
import dev.junction.http.RequestRateLimiter;
import dev.junction.http.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/** Holds each attempt back until the connection's budget has a permit for it. */
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
        Duration waited;
        try {
            waited = limiter.acquire(sleeper);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a rate-limit permit (" + limiter + ")");
        }
        if (waited.isPositive()) {
            listener.onRateLimitWait(waited);
        }
        return chain.proceed(chain.request());
    }

    @Override
    public String toString() {
        return "rateLimit(" + limiter + ")";
    }
}
