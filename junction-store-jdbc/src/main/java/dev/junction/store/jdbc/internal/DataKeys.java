package dev.junction.store.jdbc.internal;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.SecretException;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * The per-tenant data keys in table {@code data_keys}, wrapped by the master key: a tenant's is
 * created on its first use and kept unwrapped in memory afterwards. One instance per store and master
 * key is shared by everything the store encrypts with a tenant's key (credentials, stored connection
 * values, event subscription secrets), so a tenant's key rotated or destroyed in this process is seen
 * by all of them at once.
 *
 * <p>Another process may rotate or destroy a key this one holds in memory. Reads then fail to decrypt
 * with the key in memory and {@link #decrypt} reads the key again once; writes that must not use a
 * stale key encrypt with {@link #current}, inside the transaction that writes, with the key row locked.
 */
public final class DataKeys {
    private final Jdbc jdbc;
    private final EnvelopeCipher cipher;
    private final Clock clock;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();

    public DataKeys(Jdbc jdbc, EnvelopeCipher cipher, Clock clock) {
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
        SecretKey held = jdbc.withHandle("read or create the data key of tenant '" + tenant + "'", c -> readOrCreate(c, tenant, false));
        keys.put(tenant, held);
        return held;
    }

    /**
     * The tenant's data key as it is in the store now, its row locked until {@code c}'s transaction
     * ends (created when there is none): a value encrypted with it and written in that transaction
     * cannot miss a rotation or a destruction that another process commits meanwhile.
     */
    SecretKey current(Connection c, String tenant) throws SQLException {
        SecretKey held = readOrCreate(c, tenant, true);
        keys.put(tenant, held);
        return held;
    }

    /** Decrypts with the tenant's key; when that fails, once more with the key read again (another process rotated it). */
    byte[] decrypt(String tenant, byte[] sealed, String... context) {
        try {
            return cipher.decrypt(of(tenant), sealed, context);
        } catch (SecretException e) {
            SecretKey before = keys.remove(tenant);
            SecretKey again = of(tenant);
            if (before == null || Arrays.equals(before.getEncoded(), again.getEncoded())) {
                throw e;
            }
            return cipher.decrypt(again, sealed, context);
        }
    }

    /** Forgets the tenant's key in memory (it was rotated or destroyed here). */
    public void forget(String tenant) {
        keys.remove(tenant);
    }

    /** Keeps {@code key} in memory as the tenant's key from now on (this process rotated it). */
    void remember(String tenant, SecretKey key) {
        keys.put(tenant, key);
    }

    private SecretKey readOrCreate(Connection c, String tenant, boolean lock) throws SQLException {
        Optional<SecretKey> existing = read(c, tenant, lock);
        if (existing.isPresent()) {
            return existing.get();
        }
        SecretKey created = cipher.newDataKey();
        byte[] wrapped = cipher.wrap(created, tenant);
        Instant now = clock.instant();
        try {
            Jdbc.update(c, "insert into data_keys (tenant, wrapped_key, master_key_id, created_at, updated_at) values (?, ?, ?, ?, ?)",
                    tenant, wrapped, cipher.masterKey().id(), now, now);
            return created;
        } catch (SQLException e) {
            if (!Dialect.duplicateKey(e) || lock) {
                throw e; // in a transaction the statement's failure ends it: the caller tries again
            }
            // another node created it first: use theirs
            return read(c, tenant, false).orElseThrow(() -> new StoreException("the data key of tenant '" + tenant + "' vanished", e));
        }
    }

    private Optional<SecretKey> read(Connection c, String tenant, boolean lock) throws SQLException {
        record Wrapped(byte[] key, String by) {}
        return Jdbc.first(c, "select wrapped_key, master_key_id from data_keys where tenant = ?" + (lock ? " for update" : ""),
                r -> new Wrapped(r.getBytes(1), r.getString(2)), tenant).map(w -> cipher.unwrap(w.key(), w.by(), tenant));
    }
}
