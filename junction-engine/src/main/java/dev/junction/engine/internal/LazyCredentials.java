package dev.junction.engine.internal;

import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.util.Optional;
import java.util.function.Supplier;

/** A credential repository opened on first use, so a master key is needed only when a connection stores tokens. */
public final class LazyCredentials implements CredentialRepository {
    private final Supplier<CredentialRepository> open;
    private CredentialRepository opened; // guarded by this

    public LazyCredentials(Supplier<CredentialRepository> open) {
        this.open = open;
    }

    private synchronized CredentialRepository repository() {
        if (opened == null) {
            opened = open.get();
        }
        return opened;
    }

    @Override
    public Optional<StoredCredential> find(String tenant, String connection) {
        return repository().find(tenant, connection);
    }

    @Override
    public void save(StoredCredential credential) {
        repository().save(credential);
    }

    @Override
    public void delete(String tenant, String connection) {
        repository().delete(tenant, connection);
    }

    @Override
    public boolean claimRefresh(String tenant, String connection, String holder, java.time.Instant now, java.time.Instant expiresAt) {
        return repository().claimRefresh(tenant, connection, holder, now, expiresAt);
    }

    @Override
    public void releaseRefresh(String tenant, String connection, String holder) {
        repository().releaseRefresh(tenant, connection, holder);
    }
}
