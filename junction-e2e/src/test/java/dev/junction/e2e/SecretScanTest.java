package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan of {@link SecretLeakScanTest} finds a secret in each form it may be written in, and names it only by label. */
class SecretScanTest {
    private static final String SECRET = "s3cr3t/value+with=odd chars";

    @TempDir
    Path dir;

    private final SecretScan scan = new SecretScan().secret("the secret", SECRET);

    @Test
    void findsTheSecretAsItIsUrlEncodedAndInBase64AtEveryAlignment() {
        assertThat(scan.scan("plain", "xx" + SECRET + "yy")).extracting(SecretScan.Hit::form).contains("plain");
        assertThat(scan.scan("form", "a=1&b=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8))).extracting(SecretScan.Hit::form)
                .containsExactly("URL-encoded");
        for (String prefix : new String[] {"", "u", "us", "user:"}) {
            for (String suffix : new String[] {"", "!", "!!"}) {
                String basic = "Basic " + Base64.getEncoder().encodeToString((prefix + SECRET + suffix).getBytes(StandardCharsets.UTF_8));
                String urlSafe = Base64.getUrlEncoder().encodeToString((prefix + SECRET + suffix).getBytes(StandardCharsets.UTF_8));
                assertThat(scan.scan("header", basic)).as("Base64 of '%s' + secret + '%s'", prefix, suffix).isNotEmpty();
                assertThat(scan.scan("url-safe", urlSafe)).as("URL-safe Base64 of '%s' + secret + '%s'", prefix, suffix).isNotEmpty();
            }
        }
    }

    @Test
    void findsTheSecretInABinaryFileAndNamesTheFileAndLabelButNeverTheValue() throws Exception {
        Files.createDirectories(dir.resolve("base/1"));
        byte[] page = new byte[8192];
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(secret, 0, page, 5000, secret.length);
        page[4999] = (byte) 0xff;
        Files.write(dir.resolve("base/1/16384"), page);
        Files.write(dir.resolve("clean"), new byte[] {0, 1, 2});

        var hits = scan.scanTree("store", dir);

        assertThat(hits).hasSize(1);
        assertThat(hits.getFirst().source()).isEqualTo("store/base/1/16384");
        assertThat(hits.getFirst().offset()).isEqualTo(5000);
        assertThat(hits.getFirst().toString()).contains("the secret").doesNotContain(SECRET);
    }

    @Test
    void findsNothingWhereTheSecretIsNotAndRefusesSecretsThatWouldMatchByChance() {
        assertThat(scan.scan("other", "s3cr3t/value+with=other chars " + Base64.getEncoder().encodeToString("unrelated".getBytes()))).isEmpty();
        assertThatThrownBy(() -> new SecretScan().secret("short", "abc")).hasMessageContaining("would match by chance");
    }
}
