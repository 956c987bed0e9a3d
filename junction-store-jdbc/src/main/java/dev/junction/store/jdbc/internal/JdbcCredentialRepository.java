package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.SecretException;
import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Credentials in table {@code credentials}, one AES-256-GCM ciphertext per (tenant, connection)
 * holding the values as JSON, bound to tenant and connection. Each tenant's data key lives wrapped
 * by the master key in {@code data_keys}; it is created on the tenant's first save and kept
 * unwrapped in memory afterwards. Nothing is ever written in plaintext.
 */
public final class JdbcCredentialRepository implements CredentialRepository {
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {};

    private final Jdbc jdbc;
    private final String upsertSql;
    private final EnvelopeCipher cipher;
    private final Clock clock;
    private final ObjectMapper json;
    private final DataKeys dataKeys;

    /** {@code dataKeys}: the store's shared data keys of {@code cipher}'s master key. */
    public JdbcCredentialRepository(Jdbc jdbc, Dialect dialect, DataKeys dataKeys, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.upsertSql = dialect.upsert("credentials", List.of("tenant", "connection"), List.of("ciphertext", "updated_at"));
        this.cipher = dataKeys.cipher();
        this.clock = clock;
        this.json = json;
        this.dataKeys = dataKeys;
    }

    @Override
    public Optional<StoredCredential> find(String tenant, String connection) {
        record Row(byte[] ciphertext, Instant updatedAt) {}
        Optional<Row> row = jdbc.withHandleNoFlush("read the credentials of connection '" + connection + "'", c -> Jdbc.first(c,
                "select ciphertext, updated_at from credentials where tenant = ? and connection = ?",
                r -> new Row(r.getBytes(1), Jdbc.instant(r, "updated_at")), tenant, connection));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        byte[] plaintext = dataKeys.decrypt(tenant, row.get().ciphertext(), tenant, connection);
        try {
            return Optional.of(new StoredCredential(tenant, connection, json.readValue(plaintext, VALUES), row.get().updatedAt()));
        } catch (IOException e) {
            throw new SecretException("the decrypted credentials of connection '" + connection + "' are not the JSON object they were saved as", e);
        }
    }

    @Override
    public void save(StoredCredential credential) {
        byte[] plaintext;
        try {
            plaintext = json.writeValueAsBytes(credential.values());
        } catch (IOException e) {
            throw new IllegalStateException("credential values could not be written as JSON", e);
        }
        dataKeys.of(credential.tenant()); // created outside the transaction, where a concurrent creation can be retried
        try {
            jdbc.inTransaction("save the credentials of connection '" + credential.connection() + "'", c -> {
                byte[] ciphertext = cipher.encrypt(dataKeys.current(c, credential.tenant()), plaintext, credential.tenant(), credential.connection());
                return Jdbc.update(c, upsertSql, credential.tenant(), credential.connection(), ciphertext, credential.updatedAt());
            });
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public void delete(String tenant, String connection) {
        jdbc.withHandle("delete the credentials of connection '" + connection + "'",
                c -> Jdbc.update(c, "delete from credentials where tenant = ? and connection = ?", tenant, connection));
    }

    /**
     * A conditional update (the claim is ours already, or has expired), then an insert; of two
     * processes inserting at once the primary key lets one win. Each statement on its own in
     * auto-commit mode, as run leases are taken ({@link JdbcLeaseRepository}).
     */
    @Override
    public boolean claimRefresh(String tenant, String connection, String holder, Instant now, Instant expiresAt) {
        return jdbc.withHandle("claim the token refresh of connection '" + connection + "'", c -> {
            if (Jdbc.update(c, "update credential_refreshes set holder = ?, expires_at = ? where tenant = ? and connection = ?"
                    + " and (holder = ? or expires_at <= ?)", holder, expiresAt, tenant, connection, holder, now) == 1) {
                return true;
            }
            try {
                Jdbc.update(c, "insert into credential_refreshes (tenant, connection, holder, expires_at) values (?, ?, ?, ?)",
                        tenant, connection, holder, expiresAt);
                return true;
            } catch (java.sql.SQLException e) {
                if (!Dialect.duplicateKey(e)) {
                    throw e;
                }
                return false; // another holder's claim, not expired: it was there before our update, or came between
            }
        });
    }

    @Override
    public void releaseRefresh(String tenant, String connection, String holder) {
        jdbc.withHandle("release the token refresh of connection '" + connection + "'", c -> Jdbc.update(c,
                "delete from credential_refreshes where tenant = ? and connection = ? and holder = ?", tenant, connection, holder));
    }

    /**
     * Re-wraps every tenant's data key with {@code next}'s master key, in one transaction; the
     * credentials themselves are not touched. Afterwards only {@code next} opens them.
     *
     * @return how many data keys were re-wrapped
     * @throws SecretException when this repository's master key does not open a data key
     */
    public int rewrap(EnvelopeCipher next) {
        return jdbc.inTransaction("re-wrap the data keys with master key " + next.masterKey().id(), c -> {
            record Wrapped(String tenant, byte[] key, String by) {}
            List<Wrapped> rows = Jdbc.list(c, "select tenant, wrapped_key, master_key_id from data_keys order by tenant for update",
                    r -> new Wrapped(r.getString(1), r.getBytes(2), r.getString(3)));
            Instant now = clock.instant();
            for (Wrapped row : rows) {
                SecretKey key = cipher.unwrap(row.key(), row.by(), row.tenant());
                Jdbc.update(c, "update data_keys set wrapped_key = ?, master_key_id = ?, updated_at = ? where tenant = ?",
                        next.wrap(key, row.tenant()), next.masterKey().id(), now, row.tenant());
            }
            return rows.size();
        });
    }

    @Override
    public String toString() {
        return "JdbcCredentialRepository[master key " + cipher.masterKey().id() + "]";
    }
}
