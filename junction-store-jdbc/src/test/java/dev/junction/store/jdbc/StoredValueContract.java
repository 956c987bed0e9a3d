package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.secret.SecretException;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.EventRepository;
import dev.junction.store.EventSubscription;
import dev.junction.store.StoredCredential;
import dev.junction.store.StoredDefinition;
import dev.junction.store.StoredValueRepository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stored connection values (the secrets of connections made through the API), a tenant's data-key
 * rotation and a tenant's erasure. Mixed into {@link AbstractStoreContractTest}.
 */
interface StoredValueContract extends StoreContract {
    Map<String, String> VALUES = Map.of("token", "stored-token-plaintext-1", "apiKey", "stored-api-key-plaintext-1");

    private static EnvelopeCipher newCipher() {
        return new EnvelopeCipher(MasterKey.generate(new SecureRandom()), new SecureRandom());
    }

    private JdbcStore jdbc() {
        return (JdbcStore) store();
    }

    @Test
    default void storedValuesRoundTripAndAreStoredOnlyEncrypted() throws SQLException {
        StoredValueRepository values = store().storedValues(newCipher());

        values.save("acme", "acme-crm", VALUES, at(0));

        assertThat(values.find("acme", "acme-crm")).isEqualTo(VALUES);
        assertThat(values.find("acme", "other")).isEmpty();
        assertThat(new String(cell("select ciphertext from stored_values where tenant = 'acme'"), StandardCharsets.ISO_8859_1))
                .doesNotContain("stored-token-plaintext-1", "stored-api-key", "token", "apiKey");
        values.save("acme", "acme-crm", Map.of("token", "second"), at(1));
        assertThat(values.find("acme", "acme-crm")).isEqualTo(Map.of("token", "second"));
        values.delete("acme", "acme-crm");
        assertThat(values.find("acme", "acme-crm")).isEmpty();
    }

    @Test
    default void storedValuesCopiedToCredentialsDoNotDecrypt() throws SQLException {
        EnvelopeCipher cipher = newCipher();
        store().storedValues(cipher).save("acme", "crm", VALUES, at(0));
        store().credentials(cipher).save(new StoredCredential("acme", "crm", Map.of("access_token", "x"), at(0)));
        try (Connection c = rawConnection();
                PreparedStatement copy = c.prepareStatement("update credentials set ciphertext = ? where tenant = 'acme' and connection = 'crm'")) {
            copy.setBytes(1, cell("select ciphertext from stored_values where tenant = 'acme'"));
            copy.executeUpdate();
        }

        assertThatThrownBy(() -> store().credentials(cipher).find("acme", "crm")).isInstanceOf(SecretException.class);
    }

    @Test
    default void rotatingATenantsDataKeyEncryptsItsValuesAgainAndLeavesOtherTenantsAlone() throws SQLException {
        EnvelopeCipher cipher = newCipher();
        store().storedValues(cipher).save("acme", "crm", VALUES, at(0));
        store().credentials(cipher).save(new StoredCredential("acme", "crm", Map.of("access_token", "acme-access"), at(0)));
        EventRepository events = store().events(() -> cipher);
        events.create(new EventSubscription("sub_1", "https://hooks.example/1", List.of("*"), "acme", null, EventSubscription.Status.ACTIVE, null, 0,
                at(0), at(0)), "whsec_acme");
        store().storedValues(cipher).save("globex", "crm", VALUES, at(0));
        byte[] acmeKey = cell("select wrapped_key from data_keys where tenant = 'acme'");
        byte[] acmeValues = cell("select ciphertext from stored_values where tenant = 'acme'");
        byte[] globexKey = cell("select wrapped_key from data_keys where tenant = 'globex'");

        assertThat(jdbc().rotateDataKey(cipher, "acme")).contains(3);

        assertThat(cell("select wrapped_key from data_keys where tenant = 'acme'")).isNotEqualTo(acmeKey);
        assertThat(cell("select ciphertext from stored_values where tenant = 'acme'")).isNotEqualTo(acmeValues);
        assertThat(cell("select wrapped_key from data_keys where tenant = 'globex'")).isEqualTo(globexKey);
        assertThat(store().storedValues(cipher).find("acme", "crm")).isEqualTo(VALUES);
        assertThat(store().credentials(cipher).find("acme", "crm").orElseThrow().value("access_token")).isEqualTo("acme-access");
        assertThat(events.secrets("sub_1", at(0)).orElseThrow().current()).isEqualTo("whsec_acme");
        assertThat(jdbc().rotateDataKey(cipher, "nobody")).isEmpty();
    }

    @Test
    default void anotherProcessHoldingTheOldDataKeyReadsAndWritesWithTheNewOneAfterARotation() {
        MasterKey master = MasterKey.generate(new SecureRandom());
        EnvelopeCipher here = new EnvelopeCipher(master, new SecureRandom());
        EnvelopeCipher elsewhere = new EnvelopeCipher(master, new SecureRandom()); // its own data keys in memory, as another process has
        store().storedValues(here).save("acme", "crm", VALUES, at(0));
        assertThat(store().storedValues(elsewhere).find("acme", "crm")).isEqualTo(VALUES); // elsewhere now holds the old key

        jdbc().rotateDataKey(here, "acme");
        store().storedValues(elsewhere).save("acme", "helpdesk", Map.of("apiKey", "written-elsewhere"), at(1));

        assertThat(store().storedValues(elsewhere).find("acme", "crm")).isEqualTo(VALUES);
        assertThat(store().storedValues(here).find("acme", "helpdesk")).isEqualTo(Map.of("apiKey", "written-elsewhere"));
    }

    @Test
    default void erasingATenantDestroysItsDataKeyAndEverythingOfItsOwnInOneStep() throws SQLException {
        EnvelopeCipher cipher = newCipher();
        for (String tenant : List.of("acme", "globex")) {
            store().storedValues(cipher).save(tenant, tenant + "-crm", VALUES, at(0));
            store().credentials(cipher).save(new StoredCredential(tenant, tenant + "-crm", Map.of("access_token", "t"), at(0)));
            store().connections().save(new ConnectionRecord(tenant + "-crm", "crm", tenant, "production", "configured", null, at(0)));
            store().definitions().save(new StoredDefinition("Connection", tenant + "-crm", "kind: Connection", "connections-api", "c", at(0)));
            store().runs().start("run-" + tenant, "sync", tenant, "api", at(0));
            store().fingerprints().saveAll("sync@" + tenant, Map.of("k1", "f1"));
            store().exchanges().append(new dev.junction.store.ExchangeRecord(0, at(0), "run-" + tenant, tenant, tenant + "-crm", "GET", "https://x", 200, 1, 1,
                    Map.of(), null, Map.of(), null, null, List.of("k1", "k2")));
        }

        Map<String, Integer> deleted = jdbc().eraseTenant("acme", List.of("acme-crm"));

        assertThat(deleted).containsEntry("data_keys", 1).containsEntry("stored_values", 1).containsEntry("credentials", 1)
                .containsEntry("connections", 1).containsEntry("definitions", 1).containsEntry("runs", 1).containsEntry("fingerprints", 1);
        assertThat(count("select count(*) from data_keys where tenant = 'acme'")).isZero();
        assertThat(store().storedValues(cipher).find("acme", "acme-crm")).isEmpty();
        assertThat(store().runs().find("run-acme")).isEmpty();
        assertThat(store().definitions().find("Connection", "acme-crm")).isEmpty();
        assertThat(store().fingerprints().find("sync@acme", List.of("k1"))).isEmpty();
        // globex keeps everything
        assertThat(store().storedValues(cipher).find("globex", "globex-crm")).isEqualTo(VALUES);
        assertThat(store().runs().find("run-globex")).isPresent();
        assertThat(store().fingerprints().find("sync@globex", List.of("k1"))).containsEntry("k1", "f1");
        // the exchanges' record keys go with them: globex's two are left
        assertThat(count("select count(*) from exchange_keys")).isEqualTo(2);
        assertThat(store().exchanges().find(new dev.junction.store.ExchangeQuery(null, null, "k2", 10)))
                .singleElement().extracting(dev.junction.store.ExchangeRecord::tenant).isEqualTo("globex");
    }

    @Test
    default void aConnectSessionTakesEachStepOnce() {
        var sessions = store().connectSessions();
        sessions.insert(new dev.junction.store.ConnectSession("id-hash", "acme", "crm", "acme-crm", "https://app.example/done", List.of("read"), "tok",
                dev.junction.store.ConnectSession.Status.OPEN, null, null, null, null, at(0), at(600), at(0)));

        assertThat(sessions.bindBrowser("id-hash", "browser-1", at(1))).isTrue();
        assertThat(sessions.bindBrowser("id-hash", "browser-2", at(1))).isFalse();
        assertThat(sessions.advance("id-hash", dev.junction.store.ConnectSession.Status.OPEN, dev.junction.store.ConnectSession.Status.AUTHORIZING,
                null, "state-hash", "{}", null, at(2))).isTrue();
        assertThat(sessions.advance("id-hash", dev.junction.store.ConnectSession.Status.OPEN, dev.junction.store.ConnectSession.Status.AUTHORIZING,
                null, "other", "{}", null, at(2))).isFalse();
        var found = sessions.findByState("state-hash").orElseThrow();
        assertThat(found.browserHash()).isEqualTo("browser-1");
        assertThat(found.scopes()).containsExactly("read");
        assertThat(found.status()).isEqualTo(dev.junction.store.ConnectSession.Status.AUTHORIZING);
        assertThat(sessions.purgeExpired(at(601))).isEqualTo(1);
        assertThat(sessions.findById("id-hash")).isEmpty();
    }

    private byte[] cell(String sql) throws SQLException {
        try (Connection c = rawConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getBytes(1);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = rawConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
