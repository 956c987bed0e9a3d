package dev.junction.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The credentials of one connection as plain values by name ({@code access_token},
 * {@code refresh_token}, {@code expires_at}, ...). {@link #toString()} shows only the names.
 *
 * @param tenant the connection's tenant
 * @param connection the connection's name
 * @param values the secret values by name, never logged
 * @param updatedAt when they were obtained
 */
public record StoredCredential(String tenant, String connection, Map<String, String> values, Instant updatedAt) {
    public StoredCredential {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(connection, "connection");
        values = Map.copyOf(values);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A value, or null. */
    public String value(String name) {
        return values.get(name);
    }

    @Override
    public String toString() {
        return "StoredCredential[tenant=" + tenant + ", connection=" + connection + ", values=" + new java.util.TreeSet<>(values.keySet())
                + ", updatedAt=" + updatedAt + "]";
    }
}
