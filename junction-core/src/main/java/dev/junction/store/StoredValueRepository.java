package dev.junction.store;

import java.time.Instant;
import java.util.Map;

/**
 * The secret values of connections made through the API or the connect page, by tenant and
 * connection (the definitions say {@code ${stored:FIELD}}). Write-only for callers of the API: the
 * engine reads them only to resolve a connection when it is used. Implementations that persist
 * encrypt the values at rest with the tenant's data key. Thread-safe.
 */
public interface StoredValueRepository {
    /** The values by field name; empty when none are stored. */
    Map<String, String> find(String tenant, String connection);

    /** Replaces every stored value of the connection; returns only when it is durable. */
    void save(String tenant, String connection, Map<String, String> values, Instant at);

    /** Removes the connection's values, if any. */
    void delete(String tenant, String connection);
}
