package dev.junction.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void createsTheKeyFileOnFirstUseReadableByTheOwnerOnlyAndReadsItBackAfterwards(@TempDir Path dataDir) throws Exception {
        MasterKey created = MasterKey.resolve(Map.<String, String>of()::get, dataDir, random);
        MasterKey again = MasterKey.resolve(Map.<String, String>of()::get, dataDir, random);

        Path file = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(again.id()).isEqualTo(created.id());
        assertThat(created.source()).isEqualTo("key file " + file);
    }

    @Test
    void prefersTheEnvironmentVariableOverTheKeyFile(@TempDir Path dataDir) {
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);

        MasterKey key = MasterKey.resolve(Map.of("JUNCTION_MASTER_KEY", base64)::get, dataDir, random);

        assertThat(key.source()).isEqualTo("environment variable JUNCTION_MASTER_KEY");
        assertThat(key.id()).isEqualTo(MasterKey.fromBase64(base64, "x").id());
        assertThat(dataDir.resolve("master.key")).doesNotExist();
    }

    @Test
    void refusesAKeyOfTheWrongLengthOrNotInBase64() {
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[16]), "environment variable JUNCTION_MASTER_KEY"))
                .isInstanceOf(SecretException.class)
                .hasMessage("the master key from environment variable JUNCTION_MASTER_KEY is 16 bytes long; expected 32 random bytes in base64"
                        + " (for example the output of: openssl rand -base64 32)");
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64!", "key file /data/master.key"))
                .hasMessage("the master key from key file /data/master.key is not valid base64; expected 32 random bytes in base64"
                        + " (for example the output of: openssl rand -base64 32)");
    }

    @Test
    void neverShowsTheKeyInItsText() {
        String base64 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        MasterKey key = MasterKey.fromBase64(base64, "test");

        assertThat(key.toString()).isEqualTo("MasterKey[id=" + key.id() + ", from test]").doesNotContain(base64, "0123");
        assertThat(key.id()).hasSize(16);
    }

    @Test
    void encryptsWithAFreshNonceAndBindsTheCiphertextToItsContext() {
        EnvelopeCipher cipher = new EnvelopeCipher(MasterKey.generate(random), random);
        SecretKey dataKey = cipher.unwrap(cipher.wrap(cipher.newDataKey(), "acme"), cipher.masterKey().id(), "acme");
        byte[] plaintext = "refresh-token".getBytes(StandardCharsets.UTF_8);

        byte[] first = cipher.encrypt(dataKey, plaintext, "acme", "crm");
        byte[] second = cipher.encrypt(dataKey, plaintext, "acme", "crm");

        assertThat(first).isNotEqualTo(second);
        assertThat(cipher.decrypt(dataKey, first, "acme", "crm")).isEqualTo(plaintext);
        assertThatThrownBy(() -> cipher.decrypt(dataKey, first, "acme", "helpdesk"))
                .hasMessage("an encrypted value of acme/helpdesk does not decrypt: it was changed, copied from another row or encrypted"
                        + " with another data key");
    }

    @Test
    void aDataKeyWrappedForOneTenantDoesNotOpenForAnother() {
        EnvelopeCipher cipher = new EnvelopeCipher(MasterKey.generate(random), random);
        byte[] wrapped = cipher.wrap(cipher.newDataKey(), "acme");

        assertThatThrownBy(() -> cipher.unwrap(wrapped, cipher.masterKey().id(), "globex"))
                .isInstanceOf(SecretException.class)
                .hasMessageStartingWith("the data key of tenant 'globex' was encrypted with master key " + cipher.masterKey().id());
    }
}
