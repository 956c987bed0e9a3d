package dev.junction.http;

import dev.junction.store.ExchangeRecord;

/**
 * Receives one {@link ExchangeRecord} per attempt, secrets already redacted and bodies truncated.
 * Called on the calling thread, after the attempt and before any retry; must be thread-safe and
 * quick (queue the record if storing is slow). An exception thrown here fails the call.
 */
@FunctionalInterface
public interface ExchangeSink {
    void accept(ExchangeRecord exchange);

    /** Drops every record. */
    static ExchangeSink discarding() {
        return exchange -> {};
    }
}
