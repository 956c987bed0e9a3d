package dev.junction.bench;

import dev.junction.http.HttpResponse;
import dev.junction.http.Interceptor;
import dev.junction.http.RetriesExhaustedException;
import dev.junction.http.internal.RetryAfter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;

/**
 * The baseline of S1: a plain client-side throttle, configured once with the API's published limit
 * and never told anything else. A token bucket holding {@code limit} permits, refilled at
 * {@code limit} per {@code window} (what "190 per 10 s" becomes in Bucket4j, or Resilience4j's
 * limiter), in front of every attempt; a 429 is retried after its {@code Retry-After}, and the retry
 * takes a permit like any request. Installed as a pipeline interceptor with the connector's own
 * retries and budget off.
 */
final class PlainThrottle implements Interceptor {
    private static final int MAX_ATTEMPTS = 10;
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long refilledAt = System.nanoTime();

    PlainThrottle(int limit, Duration window) {
        this.capacity = limit;
        this.perNano = limit / (double) window.toNanos();
        this.tokens = limit;
    }

    @Override
    public HttpResponse intercept(Chain chain) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Thread.sleep(Duration.ofNanos(reserve()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a permit");
            }
            HttpResponse response;
            try {
                response = chain.proceed(chain.request());
            } catch (RetriesExhaustedException e) {
                // the connector's own retry step is set to one attempt: it reports a 429 this way
                if (e.lastResponse() == null || e.lastResponse().status() != 429 || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                response = e.lastResponse();
            }
            if (response.status() != 429) {
                return response;
            }
            Duration wait = RetryAfter.parse(response.header("Retry-After"), Clock.systemUTC());
            try {
                Thread.sleep(wait == null ? Duration.ofSeconds(1) : wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to retry");
            }
        }
    }

    /** Takes a permit now (tokens may go negative: a queue); returns how long to wait for it. */
    private synchronized long reserve() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) (-tokens / perNano);
    }
}
