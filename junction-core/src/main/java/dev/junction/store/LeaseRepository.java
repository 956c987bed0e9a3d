package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run per sync (per tenant, for a per-tenant sync: the {@code sync} argument is the job's
 * {@linkplain dev.junction.sync.SyncJob#stateKey() state key}) at a time. A lease is a row per sync in the store's database, taken with a
 * conditional insert or update, so it holds across processes that share the database. A lease past
 * its expiry (its holder stopped renewing) may be taken over; so may one whose holder is known to be
 * dead ({@link #takeOver}), a judgement made outside the store ({@link dev.junction.sync.LeaseKeeper}).
 */
public interface LeaseRepository {
    /**
     * Takes the sync's lease for {@code owner}, held by {@code holder} (may be null: then only its
     * expiry frees it), until {@code expiresAt}, unless another owner (or the same owner in another
     * process) holds one that has not expired at {@code now}.
     *
     * @return empty when taken; otherwise the lease that holds it
     */
    Optional<Lease> acquire(String sync, String owner, LeaseHolder holder, Instant now, Instant expiresAt);

    /** {@link #acquire(String, String, LeaseHolder, Instant, Instant)} without a holder. */
    default Optional<Lease> acquire(String sync, String owner, Instant now, Instant expiresAt) {
        return acquire(sync, owner, null, now, expiresAt);
    }

    /**
     * Takes over {@code dead}'s lease (its holder's process is gone) for {@code owner}, only if the
     * row still names that owner and holder: of two processes taking it over at once, one wins.
     *
     * @return whether it was taken
     * @throws IllegalArgumentException when {@code dead} names no holder
     */
    boolean takeOver(Lease dead, String owner, LeaseHolder holder, Instant now, Instant expiresAt);

    /** Extends every lease held by {@code node}, in one statement. @return how many it extended */
    int renewAll(String node, Instant expiresAt);

    /** The leases held by {@code node}. */
    List<Lease> heldBy(String node);

    /** Extends the owner's lease. @return false when the owner no longer holds it */
    boolean renew(String sync, String owner, Instant expiresAt);

    /** Gives the lease up if the owner holds it. */
    void release(String sync, String owner);

    /**
     * Gives {@code lease} up only if the row still names its owner and holder (a lease taken over
     * meanwhile, or taken again by the same run elsewhere, stays). @return whether it was removed
     */
    boolean release(Lease lease);

    Optional<Lease> find(String sync);
}
