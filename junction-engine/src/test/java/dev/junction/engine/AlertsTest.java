package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.junction.spec.SourceText;
import dev.junction.store.AlertNotification;
import dev.junction.store.AlertRecord;
import dev.junction.store.ConnectionRecord;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Alerts on the embedded store with real receivers: WireMock as Slack, PagerDuty and a webhook
 * subscriber, GreenMail as the SMTP server. Events are emitted through the engine's outbound events
 * (as runs emit them); each sending pass and periodic evaluation is run by the test on a test clock.
 * The payloads are checked against the shapes the services document.
 */
class AlertsTest {
    static final Instant T0 = Instant.parse("2026-05-04T10:15:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTING_KEY = "R0UTINGKEY0123456789abcdef012345";
    private static final String SMTP_PASSWORD = "smtp-pa55word-xyz";
    private static final String HOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(T0);
    private final Map<String, String> env = new HashMap<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private WireMockServer receiver;
    private GreenMail smtp;
    private Engine engine;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/slack/T000/B000/XXXX")).willReturn(aResponse().withStatus(200).withBody("ok")));
        receiver.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}")));
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        smtp.setUser("junction@example.com", "junction", SMTP_PASSWORD);
        env.put("SLACK_URL", url("/slack/T000/B000/XXXX"));
        env.put("PD_KEY", ROUTING_KEY);
        env.put("HOOK_SECRET", HOOK_SECRET);
        env.put("SMTP_PASSWORD", SMTP_PASSWORD);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get, clock));
        apply("""
                kind: AlertChannel
                name: ops-slack
                type: slack
                secrets: { url: "${env:SLACK_URL}" }
                ---
                kind: AlertChannel
                name: oncall
                type: pagerduty
                config: { url: "%s", source: junction-prod }
                secrets: { routingKey: "${env:PD_KEY}" }
                ---
                kind: AlertChannel
                name: ops-hook
                type: webhook
                config: { url: "%s" }
                secrets: { secret: "${env:HOOK_SECRET}" }
                ---
                kind: AlertChannel
                name: ops-mail
                type: email
                config: { host: 127.0.0.1, port: %d, from: junction@example.com, to: "ops@example.com, dev@example.com", startTls: false, username: junction }
                secrets: { password: "${env:SMTP_PASSWORD}" }
                ---
                kind: Alert
                name: contacts-failing
                condition: run-failed
                scope: { tenant: acme }
                channels: [ops-slack, oncall]
                severity: critical
                renotify: 4h
                """.formatted(url("/v2/enqueue"), url("/hooks"), smtp.getSmtp().getPort()));
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (engine != null) {
            engine.close();
        }
        smtp.stop();
        receiver.stop();
    }

    private void apply(String yaml) {
        Definitions.ApplyResult applied = engine.definitions().apply(List.of(new SourceText("alerts.yaml", yaml)));
        assertThat(applied.result().problems()).isEmpty();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.port() + path;
    }

    private static Map<String, Object> run(String type, String runId, String tenant, long read, long failed, String error) {
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("read", read);
        counters.put("failed", failed);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", runId);
        data.put("sync", "contacts");
        data.put("tenant", tenant);
        data.put("status", type.equals("run.failed") ? "failed" : "succeeded");
        data.put("counters", counters);
        data.put("error", error);
        return data;
    }

    /** The body of the newest request to {@code path}. */
    private JsonNode last(String path) throws Exception {
        return JSON.readTree(receiver.findAll(postRequestedFor(urlEqualTo(path))).getLast().getBodyAsString());
    }

    @Test
    void aFailedRunFiresOnceTellsSlackAndPagerDutyAndResolvesWithTheNextSuccessfulRun() throws Exception {
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-1", "acme", 200, 0, "source failed: HTTP 500 after 5 attempts"));
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-2", "acme", 0, 0, "source failed again"));
        engine.events().emit(EventType.RUN_FAILED, "other", run("run.failed", "r-3", "other", 0, 0, "out of scope"));

        List<AlertRecord> firing = engine.alerts().list(null, AlertRecord.Status.FIRING, 10);
        assertThat(firing).as("fired once while the condition holds; tenant other is out of scope").hasSize(1);
        AlertRecord alert = firing.getFirst();
        assertThat(alert.subject()).isEqualTo("sync=contacts tenant=acme");
        assertThat(alert.summary()).isEqualTo("Run r-1 of contacts (tenant acme) failed: source failed: HTTP 500 after 5 attempts");
        assertThat(engine.alerts().deliverDue()).isEqualTo(2);

        assertThat(last("/slack/T000/B000/XXXX")).isEqualTo(JSON.readTree("""
                {"text": "[FIRING] critical contacts-failing: Run r-1 of contacts (tenant acme) failed: source failed: HTTP 500 after 5 attempts",
                 "blocks": [
                   {"type": "section", "text": {"type": "mrkdwn",
                     "text": "*FIRING* · critical · *contacts-failing*\\nRun r-1 of contacts (tenant acme) failed: source failed: HTTP 500 after 5 attempts"}},
                   {"type": "context", "elements": [{"type": "mrkdwn", "text": "sync contacts · tenant acme · run-failed · since 2026-05-04T10:15:30Z"}]}]}
                """));
        assertThat(last("/v2/enqueue")).isEqualTo(JSON.readTree("""
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "junction/%s",
                 "payload": {"summary": "contacts-failing: Run r-1 of contacts (tenant acme) failed: source failed: HTTP 500 after 5 attempts",
                   "source": "junction-prod", "severity": "critical", "timestamp": "2026-05-04T10:15:30Z", "component": "contacts", "group": "acme",
                   "class": "run-failed", "custom_details": {"rule": "contacts-failing", "subject": "sync=contacts tenant=acme", "alertId": "%s"}}}
                """.formatted(ROUTING_KEY, alert.id(), alert.id())));
        assertThat(engine.alerts().notifications(alert.id(), 10)).extracting(AlertNotification::status).containsOnly(AlertNotification.Status.DELIVERED);

        clock.advance(Duration.ofMinutes(5));
        engine.events().emit(EventType.RUN_SUCCEEDED, "acme", run("run.succeeded", "r-4", "acme", 10, 0, null));
        assertThat(engine.alerts().list(null, AlertRecord.Status.FIRING, 10)).isEmpty();
        assertThat(engine.alerts().deliverDue()).isEqualTo(2);
        assertThat(last("/v2/enqueue")).isEqualTo(JSON.readTree("""
                {"routing_key": "%s", "event_action": "resolve", "dedup_key": "junction/%s"}""".formatted(ROUTING_KEY, alert.id())));
        assertThat(last("/slack/T000/B000/XXXX").get("text").asText()).startsWith("[RESOLVED] critical contacts-failing: Run r-1");

        // the condition holds again: a new alert, a new incident
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-5", "acme", 0, 0, "boom"));
        assertThat(engine.alerts().list("acme", null, 10)).hasSize(2).first().extracting(AlertRecord::status).isEqualTo(AlertRecord.Status.FIRING);
    }

    @Test
    void aFiringAlertIsToldAgainAfterItsRenotifyPeriodOnlyOnce() {
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-1", "acme", 0, 0, "boom"));
        engine.alerts().deliverDue();
        clock.advance(Duration.ofHours(3));
        engine.alerts().evaluate();
        assertThat(engine.alerts().deliverDue()).as("not yet").isZero();
        clock.advance(Duration.ofHours(1));
        engine.alerts().evaluate();
        engine.alerts().evaluate();
        assertThat(engine.alerts().deliverDue()).isEqualTo(2);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/slack/T000/B000/XXXX"))).getLast().getBodyAsString())
                .contains("[STILL FIRING] critical contacts-failing");
    }

    @Test
    void aSignedWebhookAndAnEmailCarryTheAlertAndTheChannelsSecretsAreNeverLoggedOrStored() throws Exception {
        apply("""
                kind: Alert
                name: reauth
                condition: connection-unhealthy
                channels: [ops-hook, ops-mail]
                severity: warning
                """);
        // a dead end for the first channels' test: PagerDuty refuses, echoing the routing key
        receiver.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"errors\":[\"routing_key " + ROUTING_KEY + " unknown\"]}")));
        engine.events().emit(EventType.CONNECTION_NEEDS_REAUTH, "acme", Map.of("connection", "crm", "tenant", "acme", "status", "needs_reauth",
                "reason", "invalid_grant"));
        assertThat(engine.alerts().deliverDue()).isEqualTo(2);

        LoggedRequest hook = receiver.findAll(postRequestedFor(urlEqualTo("/hooks"))).getFirst();
        assertThat(new StandardWebhooksVerifier(HOOK_SECRET).verify(hook.getHeader("webhook-id"), hook.getHeader("webhook-timestamp"),
                hook.getHeader("webhook-signature"), hook.getBodyAsString(), T0.getEpochSecond(), 300)).isTrue();
        JsonNode event = JSON.readTree(hook.getBodyAsString());
        assertThat(event.get("type").asText()).isEqualTo("alert.fired");
        assertThat(event.get("timestamp").asText()).isEqualTo("2026-05-04T10:15:30Z");
        assertThat(event.get("data").get("summary").asText()).isEqualTo("Connection crm of tenant acme needs to be connected again: invalid_grant");
        assertThat(event.get("data").get("status").asText()).isEqualTo("firing");
        assertThat(event.get("data").get("connection").asText()).isEqualTo("crm");

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(2); // one per recipient
        assertThat(mails[0].getSubject()).isEqualTo("[Junction] FIRING warning reauth: Connection crm of tenant acme needs to be connected again: invalid_grant");
        assertThat(mails[0].getFrom()[0].toString()).isEqualTo("junction@example.com");
        assertThat(mails[0].getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com", "dev@example.com");
        assertThat(((String) mails[0].getContent())).contains("About:     connection crm · tenant acme").contains("Condition: connection-unhealthy");

        // the connection is ok again: the periodic evaluation resolves it
        engine.store().connections().save(new ConnectionRecord("crm", null, "acme", null, "ok", null, clock.instant()));
        engine.alerts().evaluate();
        assertThat(engine.alerts().list("acme", AlertRecord.Status.RESOLVED, 10)).hasSize(1);
        engine.alerts().deliverDue();
        assertThat(last("/hooks").get("type").asText())
                .isEqualTo("alert.resolved");

        AlertNotification refused = engine.alerts().test("oncall");
        assertThat(refused.status()).as("a 400 is not retried").isEqualTo(AlertNotification.Status.DEAD);
        assertThat(refused.lastError()).isEqualTo("HTTP 400: {\"status\":\"invalid event\",\"errors\":[\"routing_key [redacted] unknown\"]}");
        for (ILoggingEvent line : logs.list) {
            assertThat(line.getFormattedMessage()).doesNotContain(ROUTING_KEY).doesNotContain(SMTP_PASSWORD).doesNotContain("/slack/T000/B000/XXXX")
                    .doesNotContain(HOOK_SECRET.substring(6));
        }
        for (AlertNotification n : engine.alerts().notifications(null, 100)) {
            assertThat(n.payload() + n.lastError()).doesNotContain(ROUTING_KEY).doesNotContain(SMTP_PASSWORD).doesNotContain("XXXX");
        }
    }

    @Test
    void aFailingChannelIsRetriedWithBackoffUntilItAnswers() {
        receiver.stubFor(post(urlEqualTo("/slack/T000/B000/XXXX")).willReturn(aResponse().withStatus(503)));
        AlertNotification first = engine.alerts().test("ops-slack");
        assertThat(first.status()).isEqualTo(AlertNotification.Status.FAILED);
        assertThat(first.lastError()).isEqualTo("HTTP 503");
        assertThat(first.nextAttemptAt()).isBetween(T0.plusSeconds(8), T0.plusSeconds(12));
        assertThat(engine.metrics().scrape(null).body()).contains("junction_alert_notifications_total{channel_type=\"slack\",outcome=\"failed\"} 1.0");
        assertThat(engine.alerts().deliverDue()).as("not due yet").isZero();

        receiver.stubFor(post(urlEqualTo("/slack/T000/B000/XXXX")).willReturn(aResponse().withStatus(200).withBody("ok")));
        clock.advance(Duration.ofSeconds(13));
        assertThat(engine.alerts().deliverDue()).isEqualTo(1);
        AlertNotification sent = engine.alerts().notifications(null, 10).getFirst();
        assertThat(sent.status()).isEqualTo(AlertNotification.Status.DELIVERED);
        assertThat(sent.attempts()).isEqualTo(2);
    }

    @Test
    void aDeprecationHeaderFiresPerConnectionAndResolvesWhenNotSeenAgain() {
        apply("""
                kind: Alert
                name: api-going-away
                condition: deprecation
                channels: [ops-slack]
                severity: warning
                resolveAfter: 2d
                """);
        engine.store().endpointSignals().record("crm", "GET", "/v3/contacts", "Sunset", "Sat, 01 Aug 2026 00:00:00 GMT", clock.instant());
        engine.store().endpointSignals().record("crm", "GET", "/v3/deals", "Deprecation", "true", clock.instant());
        assertThat(engine.alerts().evaluate()).isEqualTo(1);
        AlertRecord alert = engine.alerts().list(null, null, 10).getFirst();
        assertThat(alert.subject()).isEqualTo("connection=crm");
        assertThat(alert.summary()).contains("answered").contains("(and 1 more signals)");

        clock.advance(Duration.ofDays(1));
        assertThat(engine.alerts().evaluate()).isEqualTo(1);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(engine.alerts().evaluate()).isZero();
        assertThat(engine.alerts().list(null, AlertRecord.Status.RESOLVED, 10)).hasSize(1);
    }

    @Test
    void aSyncWithoutASuccessfulRunWithinItsWindowFiresAndASuccessResolvesIt() throws Exception {
        java.util.List<SourceText> demo = new java.util.ArrayList<>();
        for (String file : List.of("acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml", "crm-contacts-to-helpdesk.sync.yaml")) {
            Path path = Path.of("..", "examples", "demo", file);
            demo.add(new SourceText(path.toString(), java.nio.file.Files.readString(path)));
        }
        demo.add(new SourceText("stale.yaml", """
                kind: Alert
                name: contacts-stale
                condition: { type: no-successful-run, within: 6h }
                scope: { sync: crm-contacts-to-helpdesk }
                channels: [ops-slack]
                """));
        assertThat(engine.definitions().apply(demo).result().problems()).isEmpty();
        engine.store().runs().start("r-ok", "crm-contacts-to-helpdesk", "schedule", T0);
        engine.store().runs().finish("r-ok", dev.junction.store.RunStatus.SUCCEEDED, dev.junction.store.RunCounters.ZERO, null, T0.plusSeconds(60));
        clock.advance(Duration.ofHours(6));
        assertThat(engine.alerts().evaluate()).as("6 hours after the success ended: not more than within yet").isZero();

        clock.advance(Duration.ofMinutes(2));
        engine.store().runs().start("r-bad", "crm-contacts-to-helpdesk", "schedule", clock.instant());
        engine.store().runs().finish("r-bad", dev.junction.store.RunStatus.FAILED, dev.junction.store.RunCounters.ZERO, "boom", clock.instant());
        assertThat(engine.alerts().evaluate()).isEqualTo(1);
        AlertRecord stale = engine.alerts().list(null, AlertRecord.Status.FIRING, 10).getFirst();
        assertThat(stale.subject()).isEqualTo("sync=crm-contacts-to-helpdesk");
        assertThat(stale.summary()).isEqualTo("crm-contacts-to-helpdesk had no successful run in 6h; the last ended 2026-05-04T10:16:30Z");

        engine.store().runs().start("r-ok2", "crm-contacts-to-helpdesk", "schedule", clock.instant());
        engine.store().runs().finish("r-ok2", dev.junction.store.RunStatus.PARTIAL, dev.junction.store.RunCounters.ZERO, null, clock.instant());
        assertThat(engine.alerts().evaluate()).isZero();
        assertThat(engine.alerts().list(null, AlertRecord.Status.RESOLVED, 10)).extracting(AlertRecord::id).containsExactly(stale.id());
    }

    @Test
    void inboxEventsWaitingLongerThanTheLimitFireInboxLagUntilTheyAreProcessed() {
        apply("""
                kind: Alert
                name: inbox-lag
                condition: { type: inbox-lag, above: 5m }
                channels: [oncall]
                """);
        engine.inbox().accept(new dev.junction.store.InboxRepository.NewEvent("crm", null, "evt-1", "contact.updated", "c-1", "sync:contacts",
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), clock.instant(), false));
        clock.advance(Duration.ofMinutes(5));
        assertThat(engine.alerts().evaluate()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(engine.alerts().evaluate()).isEqualTo(1);
        assertThat(engine.alerts().list(null, null, 10).getFirst().summary())
                .isEqualTo("The oldest of 1 pending inbox events has waited 301s, more than 5m; are the servers' inbox workers running?");
    }

    @Test
    void aSilencedAlertTellsNoChannelUntilTheSilenceEndsAndOneClearedMeanwhileResolvesQuietly() {
        engine.alerts().silence("contacts-failing", null, null, "acme", null, T0.plus(Duration.ofHours(1)), "CRM maintenance", "ops");
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-1", "acme", 0, 0, "boom"));
        AlertRecord held = engine.alerts().list(null, AlertRecord.Status.FIRING, 10).getFirst();
        assertThat(held.notifiedAt()).isNull();
        assertThat(engine.alerts().deliverDue()).isZero();

        clock.advance(Duration.ofMinutes(30));
        engine.alerts().evaluate();
        assertThat(engine.alerts().deliverDue()).as("still silenced").isZero();
        clock.advance(Duration.ofMinutes(30));
        engine.alerts().evaluate();
        assertThat(engine.alerts().deliverDue()).as("the silence ended: sent now").isEqualTo(2);
        assertThat(engine.alerts().notifications(held.id(), 10)).extracting(AlertNotification::action).containsOnly("trigger");

        // a maintenance window ahead: an alert that fires and clears inside it is never told
        engine.alerts().silence(null, null, null, null, clock.instant().plus(Duration.ofMinutes(10)), clock.instant().plus(Duration.ofHours(1)),
                "weekly window", "ops");
        engine.events().emit(EventType.RUN_SUCCEEDED, "acme", run("run.succeeded", "r-2", "acme", 1, 0, null));
        engine.alerts().deliverDue();
        clock.advance(Duration.ofMinutes(15));
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-3", "acme", 0, 0, "boom"));
        engine.events().emit(EventType.RUN_SUCCEEDED, "acme", run("run.succeeded", "r-4", "acme", 1, 0, null));
        assertThat(engine.alerts().deliverDue()).isZero();
        assertThat(engine.alerts().list("acme", AlertRecord.Status.RESOLVED, 10)).hasSize(2);
    }

    @Test
    void aFlappingConditionWithinTheCoolDownIsToldOnlyIfItStillFiresWhenTheCoolDownHasPassed() {
        apply("""
                kind: Alert
                name: contacts-failing
                condition: run-failed
                scope: { tenant: acme }
                channels: [ops-slack]
                coolDown: 30m
                """);
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-1", "acme", 0, 0, "boom"));
        engine.events().emit(EventType.RUN_SUCCEEDED, "acme", run("run.succeeded", "r-2", "acme", 1, 0, null));
        assertThat(engine.alerts().deliverDue()).as("fired and resolved").isEqualTo(2);
        clock.advance(Duration.ofMinutes(5));
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-3", "acme", 0, 0, "boom again"));
        assertThat(engine.alerts().deliverDue()).as("within the cool-down: held").isZero();
        clock.advance(Duration.ofMinutes(29));
        engine.alerts().evaluate();
        assertThat(engine.alerts().deliverDue()).isZero();
        clock.advance(Duration.ofMinutes(1));
        engine.alerts().evaluate();
        assertThat(engine.alerts().deliverDue()).as("30 minutes firing: told").isEqualTo(1);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/slack/T000/B000/XXXX"))).getLast().getBodyAsString()).contains("boom again");
    }

    @Test
    void aSilenceNeedsAnAppliedRuleAnEndAfterItsStartAndAReason() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> engine.alerts().silence("nope", null, null, null, null, T0.plusSeconds(60), "x", null)))
                .hasMessage("rule: no alert rule 'nope' is applied; the rules are contacts-failing (leave rule out to silence every rule)");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> engine.alerts().silence(null, null, null, null, null, T0, "x", null)))
                .hasMessage("endsAt: expected a time after startsAt (2026-05-04T10:15:30Z) and after now, at most 90 days later, such as 2026-05-04T12:15:30Z");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> engine.alerts().silence(null, null, null, null, null, T0.plusSeconds(60), " ", null)))
                .hasMessageStartingWith("reason: expected 1 to 500 characters");
    }

    @Test
    void whereTheRunQueueRunsNotificationsAreSentByItsBackgroundLoop() {
        engine.runQueue().start();
        engine.events().emit(EventType.RUN_FAILED, "acme", run("run.failed", "r-1", "acme", 0, 0, "boom"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/slack/T000/B000/XXXX")))).hasSize(1);
            assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")))).hasSize(1);
        });
    }
}
