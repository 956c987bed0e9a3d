package dev.junction.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.WebhookSpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test helpers: a connector's webhooks loaded from YAML, and an HMAC signer written apart from the code under test. */
final class Hooks {
    private Hooks() {}

    /** The {@code webhooks:} of a connector with secrets {@code current} and {@code previous}; {@code yaml} is indented by two. */
    static WebhookSpec spec(String yaml) {
        String text = """
                kind: Connector
                name: hooks
                baseUrl: http://127.0.0.1:9
                secrets:
                  current: {}
                  previous: {}
                webhooks:
                """ + yaml.indent(2);
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("hooks.yaml", text)));
        assertThat(result.problems()).isEmpty();
        return result.connectors().get("hooks").webhooks();
    }

    /** A verifier whose {@code secrets.current} and {@code secrets.previous} are these. */
    static WebhookVerifier verifier(String yaml, String current, String previous) {
        Map<String, String> values = Map.of("secrets.current", current, "secrets.previous", previous);
        return WebhookVerifier.create(spec(yaml), values::get);
    }

    static byte[] hmac(String algorithm, byte[] key, String content) {
        return hmac(algorithm, key, content.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
