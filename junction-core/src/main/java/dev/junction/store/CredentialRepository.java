package dev.junction.store;

import dev.junction.store.internal.InMemoryCredentialRepository;
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

    /** Keeps credentials in this object only, for one process; nothing is written anywhere. */
    static CredentialRepository inMemory() {
        return new InMemoryCredentialRepository();
    }
}
