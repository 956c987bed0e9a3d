package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.secret.SecretException;
import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Encrypted connection credentials and their per-tenant data keys. Mixed into {@link AbstractStoreContractTest}. */
interface CredentialContract extends StoreContract {
    SecureRandom RANDOM = new SecureRandom();
    Map<String, String> TOKENS = Map.of("access_token", "access-token-plaintext-1", "refresh_token", "refresh-token-plaintext-1",
            "expires_at", "2026-05-04T11:15:30Z");

    private static EnvelopeCipher cipher(MasterKey key) {
        return new EnvelopeCipher(key, RANDOM);
    }

    @Test
    default void credentialsRoundTripAndAreStoredOnlyEncrypted() throws SQLException {
        CredentialRepository credentials = store().credentials(cipher(MasterKey.generate(RANDOM)));

        credentials.save(new StoredCredential("acme", "crm", TOKENS, at(0)));

        assertThat(credentials.find("acme", "crm")).contains(new StoredCredential("acme", "crm", TOKENS, at(0)));
        byte[] stored = ciphertext("acme", "crm");
        String asText = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain("access-token-plaintext-1", "refresh-token-plaintext-1", "access_token", "2026-05-04");
        credentials.save(new StoredCredential("acme", "crm", TOKENS, at(0)));
        assertThat(ciphertext("acme", "crm")).isNotEqualTo(stored); // a fresh nonce every time
        assertThat(credentials.find("acme", "other")).isEmpty();
    }

    @Test
    default void anotherProcessWithTheSameMasterKeyReadsTheCredentials() {
        MasterKey key = MasterKey.generate(RANDOM);
        store().credentials(cipher(key)).save(new StoredCredential("acme", "crm", TOKENS, at(0)));

        assertThat(store().credentials(cipher(key)).find("acme", "crm").orElseThrow().values()).isEqualTo(TOKENS);
    }

    @Test
    default void aWrongMasterKeySaysWhichKeyIsNeeded() {
        MasterKey original = MasterKey.generate(RANDOM);
        MasterKey wrong = MasterKey.fromBase64(java.util.Base64.getEncoder().encodeToString(new byte[32]), "environment variable JUNCTION_MASTER_KEY");
        store().credentials(cipher(original)).save(new StoredCredential("acme", "crm", TOKENS, at(0)));

        assertThatThrownBy(() -> store().credentials(cipher(wrong)).find("acme", "crm"))
                .isInstanceOf(SecretException.class)
                .hasMessage("the data key of tenant 'acme' was encrypted with master key " + original.id() + ", but the master key in use"
                        + " (environment variable JUNCTION_MASTER_KEY) is " + wrong.id()
                        + "; set JUNCTION_MASTER_KEY (or the key file) back to the original master key");
    }

    @Test
    default void aCiphertextCopiedToAnotherConnectionDoesNotDecrypt() throws SQLException {
        CredentialRepository credentials = store().credentials(cipher(MasterKey.generate(RANDOM)));
        credentials.save(new StoredCredential("acme", "crm", TOKENS, at(0)));
        credentials.save(new StoredCredential("acme", "helpdesk", Map.of("access_token", "other"), at(0)));
        try (Connection c = rawConnection();
                PreparedStatement copy = c.prepareStatement("update credentials set ciphertext = ? where tenant = 'acme' and connection = 'helpdesk'")) {
            copy.setBytes(1, ciphertext("acme", "crm"));
            copy.executeUpdate();
        }

        assertThatThrownBy(() -> credentials.find("acme", "helpdesk"))
                .isInstanceOf(SecretException.class)
                .hasMessage("an encrypted value of acme/helpdesk does not decrypt: it was changed, copied from another row or encrypted with"
                        + " another data key");
    }

    @Test
    default void eachTenantGetsItsOwnDataKeyWrappedByTheMasterKey() throws SQLException {
        MasterKey key = MasterKey.generate(RANDOM);
        CredentialRepository credentials = store().credentials(cipher(key));
        credentials.save(new StoredCredential("acme", "crm", TOKENS, at(0)));
        credentials.save(new StoredCredential("acme", "helpdesk", TOKENS, at(0)));
        credentials.save(new StoredCredential("globex", "crm", TOKENS, at(0)));

        List<String> keys = new ArrayList<>();
        try (Connection c = rawConnection();
                PreparedStatement select = c.prepareStatement("select tenant, master_key_id from data_keys order by tenant");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.add(rows.getString(1) + " " + rows.getString(2));
            }
        }
        assertThat(keys).containsExactly("acme " + key.id(), "globex " + key.id());
    }

    @Test
    default void rotatingTheMasterKeyRewrapsTheDataKeysAndKeepsTheCredentials() {
        EnvelopeCipher current = cipher(MasterKey.generate(RANDOM));
        EnvelopeCipher next = cipher(MasterKey.generate(RANDOM));
        store().credentials(current).save(new StoredCredential("acme", "crm", TOKENS, at(0)));
        store().credentials(current).save(new StoredCredential("globex", "crm", TOKENS, at(0)));

        int rewrapped = ((JdbcStore) store()).rotateMasterKey(current, next);

        assertThat(rewrapped).isEqualTo(2);
        assertThat(store().credentials(next).find("globex", "crm").orElseThrow().values()).isEqualTo(TOKENS);
        assertThatThrownBy(() -> store().credentials(current).find("acme", "crm"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("was encrypted with master key " + next.masterKey().id());
    }

    @Test
    default void deletedCredentialsAreGone() {
        CredentialRepository credentials = store().credentials(cipher(MasterKey.generate(RANDOM)));
        credentials.save(new StoredCredential("acme", "crm", TOKENS, at(0)));

        credentials.delete("acme", "crm");

        assertThat(credentials.find("acme", "crm")).isEmpty();
    }

    private byte[] ciphertext(String tenant, String connection) throws SQLException {
        try (Connection c = rawConnection();
                PreparedStatement select = c.prepareStatement("select ciphertext from credentials where tenant = ? and connection = ?")) {
            select.setString(1, tenant);
            select.setString(2, connection);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getBytes(1);
            }
        }
    }
}
