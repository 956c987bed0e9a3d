package dev.junction.sandbox.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTest {

    @Test
    void signsThePublishedStandardWebhooksTestVector() {
        // from standard-webhooks/standard-webhooks, libraries/java WebhookTest.verifyWebhookSignWorks
        WebhookSigner signer = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void generatedSecretsAreWhsecWithThirtyTwoBytes() {
        String secret = WebhookSigner.generateSecret(new SecureRandom());

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    }

    @Test
    void aSecretWithoutThePrefixIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new WebhookSigner("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .hasMessage("secret must start with whsec_ followed by base64 (Standard Webhooks form)");
    }

    @Test
    void aSecretThatIsNotBase64OrTooShortIsRefused() {
        assertThatThrownBy(() -> WebhookSigner.validate("whsec_not base64!"))
                .hasMessage("secret after whsec_ must be standard base64");
        assertThatThrownBy(() -> WebhookSigner.validate("whsec_" + Base64.getEncoder().encodeToString(new byte[8])))
                .hasMessage("secret must decode to 24 to 64 bytes, got 8");
    }
}
