package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.secret.SecretException;
import dev.junction.store.StoredCredential;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction rotate-master-key}: the data keys move to a new master key and the credentials stay readable. */
class RotateMasterKeyTest {
    private static final Map<String, String> TOKENS = Map.of("refresh_token", "refresh-token-plaintext-1");
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path dataDir;

    @Test
    void replacesTheKeyFileAndKeepsTheCredentialsReadable() {
        MasterKey old = MasterKey.loadOrCreate(dataDir.resolve("master.key"), random);
        save(old);

        CliRunner.Result result = new CliRunner(dataDir).runRaw("rotate-master-key", "--data-dir", dataDir.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        MasterKey now = MasterKey.read(dataDir.resolve("master.key"));
        assertThat(now.id()).isNotEqualTo(old.id());
        assertThat(result.out()).isEqualTo("re-wrapped 1 tenant data key(s) with master key " + now.id() + " (now in "
                + dataDir.resolve("master.key") + ")\n");
        assertThat(dataDir.resolve("master.key.new")).doesNotExist();
        assertThat(read(now)).isEqualTo(TOKENS);
        assertThatThrownBy(() -> read(old)).isInstanceOf(SecretException.class);
    }

    @Test
    void takesTheNewKeyFromTheEnvironmentWhenTheCurrentOneComesFromThere() throws Exception {
        String oldBase64 = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] newBytes = new byte[32];
        newBytes[0] = 1;
        String newBase64 = Base64.getEncoder().encodeToString(newBytes);
        save(MasterKey.fromBase64(oldBase64, "test"));

        CliRunner.Result refused = new CliRunner(dataDir).env("JUNCTION_MASTER_KEY", oldBase64)
                .runRaw("rotate-master-key", "--data-dir", dataDir.toString());
        CliRunner.Result rotated = new CliRunner(dataDir).env("JUNCTION_MASTER_KEY", oldBase64).env("JUNCTION_NEW_MASTER_KEY", newBase64)
                .runRaw("rotate-master-key", "--data-dir", dataDir.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("the master key comes from JUNCTION_MASTER_KEY, so Junction cannot store a new one for you;"
                + " set JUNCTION_NEW_MASTER_KEY to the new key (openssl rand -base64 32), rotate, then set JUNCTION_MASTER_KEY to it");
        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
        assertThat(read(MasterKey.fromBase64(newBase64, "test"))).isEqualTo(TOKENS);
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }

    @Test
    void theNewKeyFileIsReadableByTheOwnerOnly() throws Exception {
        save(MasterKey.loadOrCreate(dataDir.resolve("master.key"), random));

        new CliRunner(dataDir).runRaw("rotate-master-key", "--data-dir", dataDir.toString());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("master.key")))).isEqualTo("rw-------");
    }

    private void save(MasterKey key) {
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            store.credentials(new EnvelopeCipher(key, random)).save(new StoredCredential("default", "crm", TOKENS, Instant.parse("2026-11-22T10:00:00Z")));
        }
    }

    private Map<String, String> read(MasterKey key) {
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            return store.credentials(new EnvelopeCipher(key, random)).find("default", "crm").orElseThrow().values();
        }
    }
}
