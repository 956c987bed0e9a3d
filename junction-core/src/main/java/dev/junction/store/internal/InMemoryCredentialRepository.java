package dev.junction.store.internal;

import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CredentialRepository#inMemory()}: a map, for one process. */
public final class InMemoryCredentialRepository implements CredentialRepository {
    private final Map<List<String>, StoredCredential> entries = new ConcurrentHashMap<>();

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
