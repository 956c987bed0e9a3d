package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.secret.SecretException;
import dev.junction.store.StoredValueRepository;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stored connection values in table {@code stored_values}: one AES-256-GCM ciphertext per (tenant,
 * connection) holding the values as a JSON object, under the tenant's data key and bound to tenant,
 * connection and purpose, so a ciphertext copied to another row or table does not decrypt. Nothing
 * is ever written in plaintext.
 */
public final class JdbcStoredValueRepository implements StoredValueRepository {
    /** The context every value is bound to, after the tenant and connection. */
    static final String PURPOSE = "stored-values";
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() {};

    private final Jdbc jdbc;
    private final String upsertSql;
    private final DataKeys dataKeys;
    private final ObjectMapper json;

    public JdbcStoredValueRepository(Jdbc jdbc, Dialect dialect, DataKeys dataKeys, ObjectMapper json) {
        this.jdbc = jdbc;
        this.upsertSql = dialect.upsert("stored_values", List.of("tenant", "connection"), List.of("ciphertext", "updated_at"));
        this.dataKeys = dataKeys;
        this.json = json;
    }

    @Override
    public Map<String, String> find(String tenant, String connection) {
        byte[] sealed = jdbc.withHandleNoFlush("read the stored values of connection '" + connection + "'", c -> Jdbc.first(c,
                "select ciphertext from stored_values where tenant = ? and connection = ?", r -> r.getBytes(1), tenant, connection)).orElse(null);
        if (sealed == null) {
            return Map.of();
        }
        byte[] plaintext = dataKeys.decrypt(tenant, sealed, tenant, connection, PURPOSE);
        try {
            return Map.copyOf(json.readValue(plaintext, VALUES));
        } catch (IOException e) {
            throw new SecretException("the decrypted stored values of connection '" + connection + "' are not the JSON object they were saved as", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public void save(String tenant, String connection, Map<String, String> values, Instant at) {
        byte[] plaintext;
        try {
            plaintext = json.writeValueAsBytes(values);
        } catch (IOException e) {
            throw new IllegalStateException("stored values could not be written as JSON", e);
        }
        dataKeys.of(tenant); // created outside the transaction, where a concurrent creation can be retried
        try {
            jdbc.inTransaction("save the stored values of connection '" + connection + "'", c -> Jdbc.update(c, upsertSql, tenant, connection,
                    dataKeys.cipher().encrypt(dataKeys.current(c, tenant), plaintext, tenant, connection, PURPOSE), at));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public void delete(String tenant, String connection) {
        jdbc.withHandle("delete the stored values of connection '" + connection + "'",
                c -> Jdbc.update(c, "delete from stored_values where tenant = ? and connection = ?", tenant, connection));
    }

    @Override
    public String toString() {
        return "JdbcStoredValueRepository[master key " + dataKeys.cipher().masterKey().id() + "]";
    }
}
