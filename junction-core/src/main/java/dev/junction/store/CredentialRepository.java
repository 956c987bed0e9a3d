package dev.junction.store;

import dev.junction.store.internal.InMemoryCredentialRepository;
import java.time.Instant;
import java.util.Optional;

/**
 * The credentials Junction obtains for a connection at run time (OAuth access and refresh
 * tokens), one entry per tenant and connection; saving again replaces it. Implementations that
 * persist encrypt the values at rest. Thread-safe.
 */
public interface CredentialRepository {
    Optional<StoredCredential> find(String tenant, String connection);

    /** Saves (replaces) the entry; returns only when it is durable. */
    void save(StoredCredential credential);

    /** Removes the entry, if any. */
    void delete(String tenant, String connection);

    /**
     * Takes the right to refresh the connection's tokens for {@code holder} until {@code expiresAt},
     * unless another holder's claim has not expired at {@code now}: every process sharing the store
     * takes it before a token request and {@linkplain #releaseRefresh releases} it after saving what
     * it got, so a rotating refresh token is spent once, by one of them, and the others read the
     * tokens it saved. A claim the same holder has already is taken again (extended). Stores used by
     * one process only may take every claim: the in-process lock of the tokens is enough there.
     *
     * @return whether {@code holder} holds the claim now
     */
    default boolean claimRefresh(String tenant, String connection, String holder, Instant now, Instant expiresAt) {
        return true;
    }

    /** Gives up {@code holder}'s claim, if it still has it (one that expired and was taken over stays). */
    default void releaseRefresh(String tenant, String connection, String holder) {}

    /** Keeps credentials in this object only, for one process; nothing is written anywhere. */
    static CredentialRepository inMemory() {
        return new InMemoryCredentialRepository();
    }
}
