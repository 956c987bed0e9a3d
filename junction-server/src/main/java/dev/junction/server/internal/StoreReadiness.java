package dev.junction.server.internal;

import dev.junction.server.Readiness;
import dev.junction.server.ReadinessCheck;
import dev.junction.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store is reachable when it answers a one-row read of the runs table. */
public final class StoreReadiness implements ReadinessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StoreReadiness.class);
    private final Store store;

    public StoreReadiness(Store store) {
        this.store = store;
    }

    @Override
    public Readiness check() {
        try {
            store.runs().list(null, 1);
            return Readiness.up("store");
        } catch (RuntimeException e) {
            LOG.warn("readiness: the store cannot be read: {}", e.getMessage());
            return Readiness.down("store", "The store cannot be reached; the server retries on every check.");
        }
    }
}
