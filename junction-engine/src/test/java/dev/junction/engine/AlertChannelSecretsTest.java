package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.spec.SourceText;
import dev.junction.store.AlertNotification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Alert channel secrets kept in the store ({@code ${stored:FIELD}}): set through the engine, encrypted
 * at rest like connection credentials, used when a message goes to a real receiver (WireMock as Slack
 * and as a Standard Webhooks subscriber), refused when unusable, and never logged or answered back.
 */
class AlertChannelSecretsTest {
    private static final String SLACK_PATH = "/services/T000/B000/S3CRETslackPATH";
    private static final String HOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dataDir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private WireMockServer receiver;
    private Engine engine;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        Map<String, String> env = new HashMap<>();
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get,
                new TestClock(Instant.parse("2026-05-04T10:15:30Z"))));
        Definitions.ApplyResult applied = engine.definitions().apply(List.of(new SourceText("channels.yaml", """
                kind: AlertChannel
                name: ops-slack
                type: slack
                secrets: { url: "${stored:url}" }
                ---
                kind: AlertChannel
                name: ops-hook
                type: webhook
                config: { url: "http://127.0.0.1:%d/hooks" }
                secrets: { secret: "${stored:signing}" }
                ---
                kind: AlertChannel
                name: from-env
                type: slack
                secrets: { url: "${env:SLACK_URL}" }
                """.formatted(receiver.port()))));
        assertThat(applied.result().problems()).isEmpty();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        engine.close();
        receiver.stop();
    }

    private String slackUrl() {
        return "http://127.0.0.1:" + receiver.port() + SLACK_PATH;
    }

    @Test
    void aChannelWhoseStoredSecretIsNotSetYetSaysHowToSetItAndSendsOnceItIsSet() {
        assertThat(engine.alertChannelSecrets().status("ops-slack")).isEqualTo(new AlertChannelSecrets.Status("ops-slack", List.of(), List.of("url")));
        AlertNotification before = engine.alerts().test("ops-slack");
        assertThat(before.status()).isEqualTo(AlertNotification.Status.DEAD);
        assertThat(before.lastError()).contains("alert channel 'ops-slack' has no value in the store")
                .contains("PUT /api/v1/alert-channels/ops-slack/secrets").contains("junction alerts set-secret ops-slack");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo(SLACK_PATH)))).isEmpty();

        AlertChannelSecrets.Status set = engine.alertChannelSecrets().set("ops-slack", Map.of("url", slackUrl()));
        assertThat(set).isEqualTo(new AlertChannelSecrets.Status("ops-slack", List.of("url"), List.of()));
        AlertNotification after = engine.alerts().test("ops-slack");
        assertThat(after.status()).isEqualTo(AlertNotification.Status.DELIVERED);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo(SLACK_PATH))).getFirst().getBodyAsString())
                .contains("A test message from Junction to alert channel 'ops-slack'");
    }

    @Test
    void aStoredSigningSecretSignsTheWebhookAndIsKeptOnlyAsCiphertext() throws Exception {
        engine.alertChannelSecrets().set("ops-hook", Map.of("signing", HOOK_SECRET));
        engine.alertChannelSecrets().set("ops-slack", Map.of("url", slackUrl()));
        assertThat(engine.alerts().test("ops-hook").status()).isEqualTo(AlertNotification.Status.DELIVERED);
        LoggedRequest hook = receiver.findAll(postRequestedFor(urlEqualTo("/hooks"))).getFirst();
        assertThat(new StandardWebhooksVerifier(HOOK_SECRET).verify(hook.getHeader("webhook-id"), hook.getHeader("webhook-timestamp"),
                hook.getHeader("webhook-signature"), hook.getBodyAsString(), Instant.parse("2026-05-04T10:15:30Z").getEpochSecond(), 300)).isTrue();

        List<String> owners = new ArrayList<>();
        try (Connection c = engine.jdbcStore().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select tenant, connection, ciphertext from stored_values order by connection")) {
            while (rows.next()) {
                owners.add(rows.getString(1) + "/" + rows.getString(2));
                String raw = new String(rows.getBytes(3), StandardCharsets.ISO_8859_1);
                assertThat(raw).doesNotContain("S3CRETslackPATH").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
            }
        }
        assertThat(owners).containsExactly("default/alert-channel:ops-hook", "default/alert-channel:ops-slack");
        for (ILoggingEvent line : logs.list) {
            assertThat(line.getFormattedMessage()).doesNotContain("S3CRETslackPATH").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        }
        assertThat(engine.alertChannelSecrets().delete("ops-hook")).isTrue();
        assertThat(engine.alertChannelSecrets().status("ops-hook").missing()).containsExactly("signing");
    }

    @Test
    void unusableMissingOrUnknownValuesAreRefusedNamingEachAndNothingIsStored() {
        assertThatThrownBy(() -> engine.alertChannelSecrets().set("ops-slack", Map.of("url", "hooks.slack.com/no-scheme")))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("alert channel 'ops-slack': url: expected an http or https URL with a host, such as"
                        + " https://hooks.slack.com/services/T000/B000/XXXX; nothing was stored");
        assertThatThrownBy(() -> engine.alertChannelSecrets().set("ops-hook", Map.of("signing", "not-a-whsec-key!", "extra", "x")))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("signing: expected a Standard Webhooks secret: whsec_ followed by base64")
                .hasMessageContaining("'extra' is not a stored secret of this channel; its stored secrets are signing")
                .hasMessageNotContaining("not-a-whsec-key");
        assertThatThrownBy(() -> engine.alertChannelSecrets().set("ops-hook", Map.of()))
                .hasMessageContaining("signing: missing");
        assertThatThrownBy(() -> engine.alertChannelSecrets().set("from-env", Map.of("url", slackUrl())))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("keeps no secret in the store").hasMessageContaining("url: \"${stored:url}\"");
        assertThatThrownBy(() -> engine.alertChannelSecrets().set("nope", Map.of("url", slackUrl())))
                .isInstanceOf(EngineException.NotFound.class).hasMessageContaining("the channels are");
        assertThat(engine.alertChannelSecrets().status("ops-slack").set()).isEmpty();
        assertThat(engine.alertChannelSecrets().status("ops-hook").set()).isEmpty();
    }
}
