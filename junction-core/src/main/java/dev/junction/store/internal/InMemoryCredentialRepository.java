package dev.junction.store.internal;

import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CredentialRepository#inMemory()}: a map, for one process. Refresh claims are kept too, so
 * two token states sharing one instance (as two processes share a store) take turns.
 */
public final class InMemoryCredentialRepository implements CredentialRepository {
    private record Claim(String holder, Instant expiresAt) {}

    private final Map<List<String>, StoredCredential> entries = new ConcurrentHashMap<>();
    private final Map<List<String>, Claim> claims = new ConcurrentHashMap<>();

    @Override
    public boolean claimRefresh(String tenant, String connection, String holder, Instant now, Instant expiresAt) {
        Claim taken = claims.compute(List.of(tenant, connection),
                (key, held) -> held == null || held.holder().equals(holder) || !held.expiresAt().isAfter(now) ? new Claim(holder, expiresAt) : held);
        return taken.holder().equals(holder);
    }

    @Override
    public void releaseRefresh(String tenant, String connection, String holder) {
        claims.computeIfPresent(List.of(tenant, connection), (key, held) -> held.holder().equals(holder) ? null : held);
    }

    @Override
    public Optional<StoredCredential> find(String tenant, String connection) {
        return Optional.ofNullable(entries.get(List.of(tenant, connection)));
    }

    @Override
    public void save(StoredCredential credential) {
        entries.put(List.of(credential.tenant(), credential.connection()), credential);
    }

    @Override
    public void delete(String tenant, String connection) {
        entries.remove(List.of(tenant, connection));
    }
}
