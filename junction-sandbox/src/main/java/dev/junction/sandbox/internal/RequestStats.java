package dev.junction.sandbox.internal;

import dev.junction.sandbox.ServiceStats;

import java.util.concurrent.atomic.LongAdder;

/** Request counters of one service. Thread-safe. */
public final class RequestStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder tooManyRequests = new LongAdder();
    private final LongAdder injectedErrors = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();

    void request() {
        requests.increment();
    }

    void tooManyRequests() {
        tooManyRequests.increment();
    }

    void injectedError() {
        injectedErrors.increment();
    }

    void reset() {
        resets.increment();
    }

    void unauthorized() {
        unauthorized.increment();
    }

    public ServiceStats snapshot() {
        return new ServiceStats(requests.sum(), tooManyRequests.sum(), injectedErrors.sum(), resets.sum(),
                unauthorized.sum());
    }

    public void clear() {
        requests.reset();
        tooManyRequests.reset();
        injectedErrors.reset();
        resets.reset();
        unauthorized.reset();
    }
}
