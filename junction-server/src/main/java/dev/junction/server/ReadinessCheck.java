package dev.junction.server;

import dev.junction.server.internal.StoreReadiness;
import dev.junction.store.Store;

/**
 * One check of {@code /health/ready}. Return (never throw) the state; the server answers 503 with
 * {@code Retry-After} while any check is down. The engine adds the migration check (schema version
 * at least what this build needs) when it owns the store.
 */
@FunctionalInterface
public interface ReadinessCheck {
    Readiness check();

    /** The store answers a trivial read. */
    static ReadinessCheck store(Store store) {
        return new StoreReadiness(store);
    }
}
