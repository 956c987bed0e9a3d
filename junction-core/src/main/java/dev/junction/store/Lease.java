package dev.junction.store;

import java.time.Instant;

/**
 * A sync's run lease: held by {@code owner} (a run id) until {@code expiresAt} unless renewed.
 * {@code holder} is the process that holds it; null for a lease taken without one (by a version
 * before leases named their holder, or a reset holding the sync for its transaction), which only
 * its expiry frees.
 */
public record Lease(String sync, String owner, Instant acquiredAt, Instant expiresAt, LeaseHolder holder) {
    /** A lease without a named holder. */
    public Lease(String sync, String owner, Instant acquiredAt, Instant expiresAt) {
        this(sync, owner, acquiredAt, expiresAt, null);
    }

    /** Whether it has expired at {@code now}: any run may take it over. */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
