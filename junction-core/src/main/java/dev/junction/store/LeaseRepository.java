package dev.junction.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One run per sync (per tenant, for a per-tenant sync: the {@code sync} argument is the job's
 * {@linkplain dev.junction.sync.SyncJob#stateKey() state key}) at a time. A lease is a row per sync in the store's database, taken with a
 * conditional insert or update, so it holds across processes that share the database. A lease past
 * its expiry (its holder crashed and stopped renewing) may be taken over.
 */
public interface LeaseRepository {
    /**
     * Takes the sync's lease for {@code owner} until {@code expiresAt}, unless another owner holds
     * one that has not expired at {@code now}.
     *
     * @return empty when taken; otherwise the lease that holds it
     */
    Optional<Lease> acquire(String sync, String owner, Instant now, Instant expiresAt);

    /** Extends the owner's lease. @return false when the owner no longer holds it */
    boolean renew(String sync, String owner, Instant expiresAt);

    /** Gives the lease up if the owner holds it. */
    void release(String sync, String owner);

    Optional<Lease> find(String sync);
}
