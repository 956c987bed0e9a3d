package dev.junction.http;

import dev.junction.store.ExchangeRecord;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link PipelineListener} that counts; read it at any time from any thread. */
public final class PipelineCounters implements PipelineListener {
    private final AtomicLong exchanges = new AtomicLong();
    private final AtomicLong failedExchanges = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong rateLimitWaits = new AtomicLong();

    @Override
    public void onRateLimitWait(Duration waited) {
        rateLimitWaits.incrementAndGet();
    }

    @Override
    public void onExchange(ExchangeRecord exchange) {
        exchanges.incrementAndGet();
        if (exchange.status() == 0 || exchange.status() >= 400) {
            failedExchanges.incrementAndGet();
        }
    }

    @Override
    public void onThrottled(Duration delay) {
        throttled.incrementAndGet();
    }

    @Override
    public void onRetry(int attempt, String reason, Duration delay) {
        retries.incrementAndGet();
    }

    /** Attempts sent (one per logged exchange). */
    public long exchanges() {
        return exchanges.get();
    }

    /** Attempts that got no response or a status of 400 or more. */
    public long failedExchanges() {
        return failedExchanges.get();
    }

    public long retries() {
        return retries.get();
    }

    /** 429 answers that were absorbed by a retry. */
    public long throttled() {
        return throttled.get();
    }

    /** Attempts the client-side rate limit held back. */
    public long rateLimitWaits() {
        return rateLimitWaits.get();
    }

    @Override
    public String toString() {
        return "PipelineCounters[exchanges=" + exchanges() + ", failed=" + failedExchanges() + ", retries=" + retries()
                + ", throttled=" + throttled() + ", rateLimitWaits=" + rateLimitWaits() + "]";
    }
}
