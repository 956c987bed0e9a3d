package dev.junction.store.jdbc.internal;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * The per-tenant data keys in table {@code data_keys}, wrapped by the master key: a tenant's is
 * created on its first use and kept unwrapped in memory afterwards. Shared by everything the store
 * encrypts with a tenant's key (credentials, event subscription secrets).
 */
final class DataKeys {
    private final Jdbc jdbc;
    private final EnvelopeCipher cipher;
    private final Clock clock;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

    DataKeys(Jdbc jdbc, EnvelopeCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    EnvelopeCipher cipher() {
        return cipher;
    }

    /** The tenant's data key: cached, read and unwrapped, or created and stored wrapped. */
    SecretKey of(String tenant) {
        SecretKey cached = keys.get(tenant);
        if (cached != null) {
            return cached;
        }
        SecretKey key = jdbc.withHandle("read or create the data key of tenant '" + tenant + "'", c -> {
            Optional<SecretKey> existing = read(c, tenant);
            if (existing.isPresent()) {
                return existing.get();
            }
            SecretKey created = cipher.newDataKey();
            Instant now = clock.instant();
            try {
                Jdbc.update(c, "insert into data_keys (tenant, wrapped_key, master_key_id, created_at, updated_at) values (?, ?, ?, ?, ?)",
                        tenant, cipher.wrap(created, tenant), cipher.masterKey().id(), now, now);
                return created;
            } catch (SQLException e) {
                if (!Dialect.duplicateKey(e)) {
                    throw e;
                }
                // another node created it first: use theirs
                return read(c, tenant).orElseThrow(() -> new StoreException("the data key of tenant '" + tenant + "' vanished", e));
            }
        });
        keys.put(tenant, key);
        return key;
    }

    private Optional<SecretKey> read(Connection c, String tenant) throws SQLException {
        record Wrapped(byte[] key, String by) {}
        return Jdbc.first(c, "select wrapped_key, master_key_id from data_keys where tenant = ?",
                r -> new Wrapped(r.getBytes(1), r.getString(2)), tenant).map(w -> cipher.unwrap(w.key(), w.by(), tenant));
    }
}
