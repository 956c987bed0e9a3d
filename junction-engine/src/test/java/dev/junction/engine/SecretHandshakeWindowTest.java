package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.internal.ConnectionFacts;
import dev.junction.spec.SourceText;
import dev.junction.webhook.WebhookDelivery;
import dev.junction.webhook.WebhookResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a secret sent in a handshake (Asana's {@code X-Hook-Secret}) is taken: only while the webhook is
 * being created, only the first one then, and not kept when the creation failed; a registering window
 * that outlives its call (a crashed process) closes on the clock.
 */
class SecretHandshakeWindowTest {
    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private Engine engine;
    private ConnectionFacts facts;

    @BeforeEach
    void start() {
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, Map.<String, String>of()::get, clock));
        var applied = engine.definitions().apply(List.of(new SourceText("asana.yaml", """
                kind: Connector
                name: asana
                baseUrl: https://app.asana.com/api/1.0
                actions:
                  createWebhook: { request: { method: POST, path: /webhooks, body: "{ 'data': { 'target': $record.url } }" } }
                webhooks:
                  verify: { scheme: hmac, header: X-Hook-Signature, secret: "{{ handshake.secret }}" }
                  events: $.events
                  eventId: { digest: sha256 }
                  handshake: { secretHeader: X-Hook-Secret }
                  register: createWebhook
                ---
                kind: Connection
                name: asana-main
                connector: asana
                """)));
        assertThat(applied.ok()).as(applied.result().problems().toString()).isTrue();
        facts = new ConnectionFacts(engine.connections()::storedValues, clock);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private WebhookResult offer(String secret) {
        return engine.webhooks().check("asana-main", new WebhookDelivery("POST", Map.of("X-Hook-Secret", List.of(secret)), Map.of(), new byte[0],
                clock.instant())).result();
    }

    @Test
    void takesTheFirstSecretWhileRegisteringDropsItWhenTheCreationFailedAndNoneOutsideTheWindow() {
        assertThat(offer("early")).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(401));

        facts.markRegistering("default", "asana-main", Duration.ofMinutes(2));
        assertThat(offer("first")).isInstanceOfSatisfying(WebhookResult.Handshake.class,
                h -> assertThat(h.headers()).isEqualTo(Map.of("X-Hook-Secret", "first")));
        assertThat(offer("second")).isInstanceOfSatisfying(WebhookResult.Rejected.class, r -> assertThat(r.reason()).contains("only the first one is"));
        facts.clearRegistering("default", "asana-main", false);
        assertThat(facts.handshakeSecret("default", "asana-main")).as("the creation failed: its secret belongs to no webhook").isNull();

        facts.markRegistering("default", "asana-main", Duration.ofMinutes(2));
        assertThat(offer("kept")).isInstanceOf(WebhookResult.Handshake.class);
        facts.clearRegistering("default", "asana-main", true);
        assertThat(facts.handshakeSecret("default", "asana-main")).isEqualTo("kept");
        assertThat(offer("later")).isInstanceOf(WebhookResult.Rejected.class);
        assertThat(facts.handshakeSecret("default", "asana-main")).isEqualTo("kept");

        facts.markRegistering("default", "asana-main", Duration.ofMinutes(2)); // its process dies: the window closes on the clock
        clock.advance(Duration.ofMinutes(2));
        assertThat(offer("stale")).isInstanceOf(WebhookResult.Rejected.class);
        assertThat(facts.handshakeSecret("default", "asana-main")).isEqualTo("kept");
    }
}
