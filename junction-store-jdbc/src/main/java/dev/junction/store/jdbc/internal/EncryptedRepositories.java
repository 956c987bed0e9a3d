package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.secret.EnvelopeCipher;
import dev.junction.store.EventRepository;
import dev.junction.store.FlowExecutionRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The repositories that encrypt under tenant data keys (credentials, stored values, event secrets,
 * flow step outputs), the data keys in memory they share, and the key changes (rotations, a tenant's
 * erasure) that must keep those in-memory keys true to the store.
 */
public final class EncryptedRepositories {
    private final Jdbc jdbc;
    private final Dialect dialect;
    private final Clock clock;
    private final ObjectMapper json;
    private final JdbcTenants tenants;
    /** The data keys of each master key in use, shared by every repository that encrypts with them (see {@code DataKeys}). */
    private final Map<EnvelopeCipher, DataKeys> dataKeys = new IdentityHashMap<>();

    public EncryptedRepositories(Jdbc jdbc, Dialect dialect, Clock clock, ObjectMapper json, JdbcTenants tenants) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
        this.json = json;
        this.tenants = tenants;
    }

    private DataKeys dataKeys(EnvelopeCipher cipher) {
        synchronized (dataKeys) {
            return dataKeys.computeIfAbsent(cipher, c -> new DataKeys(jdbc, c, clock));
        }
    }

    /** Connection credentials encrypted under the data keys {@code cipher}'s master key wraps. */
    public JdbcCredentialRepository credentials(EnvelopeCipher cipher) {
        return new JdbcCredentialRepository(jdbc, dialect, dataKeys(cipher), clock, json);
    }

    /** Secret connection values, under the same data keys as the credentials of {@code cipher}. */
    public JdbcStoredValueRepository storedValues(EnvelopeCipher cipher) {
        return new JdbcStoredValueRepository(jdbc, dialect, dataKeys(cipher), json);
    }

    /** Event subscriptions and their outbox; {@code cipher} is asked for on the first secret written or read. */
    public EventRepository events(Supplier<EnvelopeCipher> cipher) {
        return new JdbcEventRepository(jdbc, clock, () -> dataKeys(cipher.get()));
    }

    /** Flow executions that keep their steps' full output, encrypted; {@code cipher} asked for when one is sealed or opened. */
    public FlowExecutionRepository flowExecutions(Supplier<EnvelopeCipher> cipher) {
        return new JdbcFlowExecutionRepository(jdbc, () -> dataKeys(cipher.get()));
    }

    /** Encrypts the tenant's values again under a new data key; empty when it has none (see {@link JdbcTenants#rotateDataKey}). */
    public Optional<Integer> rotateDataKey(EnvelopeCipher cipher, String tenant) {
        return tenants.rotateDataKey(dataKeys(cipher), tenant);
    }

    /** When the tenant's data key was made or last rotated; empty when it has none. */
    public Optional<Instant> dataKeyUpdatedAt(String tenant) {
        return tenants.keyUpdatedAt(tenant);
    }

    /** Erases the tenant (see {@link JdbcTenants#erase}); the data keys held in memory forget it. */
    public Map<String, Integer> eraseTenant(String tenant, List<String> connections) {
        Map<String, Integer> deleted = tenants.erase(tenant, connections);
        synchronized (dataKeys) {
            dataKeys.values().forEach(keys -> keys.forget(tenant));
        }
        return deleted;
    }

    /** Re-wraps every tenant's data key from {@code current} to {@code next}; how many were. */
    public int rotateMasterKey(EnvelopeCipher current, EnvelopeCipher next) {
        int rewrapped = credentials(current).rewrap(next);
        synchronized (dataKeys) {
            dataKeys.remove(current); // what it holds in memory is no longer in the store under its master key
        }
        return rewrapped;
    }
}
