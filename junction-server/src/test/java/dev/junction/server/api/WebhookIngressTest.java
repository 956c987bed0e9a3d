package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.store.RunRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook ingress end to end, with real peers: the sandbox CRM signs its contact changes per
 * Standard Webhooks and sends them to {@code POST /hooks/crm} of a running server; each is
 * verified, stored in the inbox, and written by the demo sync (subscribed with
 * {@code on: { webhook: ... }}) to the sandbox Helpdesk by the server's inbox workers. Forged, stale
 * and oversize deliveries are refused with a reason and never stored; a redelivery is stored once.
 */
class WebhookIngressTest {
    @TempDir
    Path dataDir;
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
        api.engine.runQueue().start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void contactChangesTheCrmPushesAreWrittenToTheHelpdeskOnceEach() {
        api.demo.crm().webhooks().subscribe(api.uri("/hooks/crm"), ApiFixture.DEMO_WEBHOOK_SECRET, List.of("contact.*"));

        List<String> changed = api.demo.crm().changeContacts(8);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.demo.helpdesk().writeCountsByKey()).containsKeys(changed.toArray(String[]::new)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(done()).hasSize(8));
        assertThat(api.demo.crm().webhooks().acknowledgedEventIds()).hasSize(8);
        assertThat(api.demo.helpdesk().writeCountsByKey()).as("each changed contact written once").hasSize(8).allSatisfy((key, n) -> assertThat(n).isOne());
        changed.forEach(id -> assertThat(api.demo.helpdesk().userByExternalId(id).orElseThrow().name())
                .endsWith(api.demo.crm().contact(id).orElseThrow().property("lastname")));
        List<RunRecord> runs = api.engine.runs().list(ApiFixture.CLASSIC_SYNC, null, 50);
        assertThat(runs).isNotEmpty().allSatisfy(run -> assertThat(run.trigger()).isEqualTo("webhook"));
        assertThat(runs.stream().mapToLong(r -> r.counters().written()).sum()).isEqualTo(8);
    }

    @Test
    void aForgedDeliveryIsRefusedWithAReasonAndNothingIsStored() {
        String body = "{\"id\":\"evt_forged\",\"type\":\"contact.updated\",\"data\":{\"id\":\"c-00001\",\"properties\":{}}}";
        String now = Long.toString(Instant.now().getEpochSecond());
        String forged = "whsec_" + Base64.getEncoder().encodeToString("not-the-secret-not-the-secret!!!".getBytes());

        HttpResponse<String> wrongSecret = deliver("evt_forged", now, body, sign(forged, "evt_forged", now, body));
        HttpResponse<String> tampered = deliver("evt_forged", now, body.replace("c-00001", "c-00002"), sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_forged", now, body));
        String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
        HttpResponse<String> old = deliver("evt_forged", stale, body, sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_forged", stale, body));

        assertThat(List.of(wrongSecret, tampered, old)).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        });
        assertThat(api.body(old).path("detail").asText()).containsIgnoringCase("timestamp");
        assertThat(api.engine.inbox().list(InboxQuery.oldest(100))).isEmpty();
        JsonNode stats = api.body(api.get("/api/v1/inbox/stats", api.viewer()));
        assertThat(stats.path("endpoints").get(0).path("rejected").path("401").asInt()).isEqualTo(3);
    }

    @Test
    void aRedeliveryIsStoredOnceAndAnsweredAsADuplicate() {
        String body = "{\"id\":\"evt_1\",\"type\":\"contact.updated\",\"data\":" + contact("c-00003") + "}";
        String now = Long.toString(Instant.now().getEpochSecond());
        String signature = sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_1", now, body);

        HttpResponse<String> first = deliver("evt_1", now, body, signature);
        HttpResponse<String> again = deliver("evt_1", now, body, signature);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(api.body(first).path("duplicate").asBoolean()).isFalse();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(api.body(again).path("duplicate").asBoolean()).isTrue();
        assertThat(api.engine.inbox().list(InboxQuery.oldest(100))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(done()).hasSize(1));
        assertThat(api.demo.helpdesk().writeCountsByKey()).containsEntry("c-00003", 1);
        JsonNode listed = api.body(api.get("/api/v1/inbox?status=done", api.viewer()));
        assertThat(listed.path("items").get(0).path("eventId").asText()).isEqualTo("evt_1");
        assertThat(listed.path("items").get(0).path("subscriber").asText()).isEqualTo("sync:" + ApiFixture.CLASSIC_SYNC);
    }

    @Test
    void unknownEndpointsAndEventsWithoutARecordAreToldApart() {
        HttpResponse<String> unknown = api.send(HttpRequest.newBuilder(api.uri("/hooks/no-such-connection")).POST(HttpRequest.BodyPublishers.ofString("{}")), null);
        HttpResponse<String> noWebhooks = api.send(HttpRequest.newBuilder(api.uri("/hooks/helpdesk")).POST(HttpRequest.BodyPublishers.ofString("{}")), null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(noWebhooks.statusCode()).isEqualTo(404);
        assertThat(api.body(noWebhooks).path("detail").asText()).contains("declares no webhooks");

        // an authentic event whose payload holds no record object: dead, with the reason, replayable
        String body = "{\"id\":\"evt_empty\",\"type\":\"contact.updated\",\"data\":\"gone\"}";
        String now = Long.toString(Instant.now().getEpochSecond());
        assertThat(deliver("evt_empty", now, body, sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_empty", now, body)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.engine.inbox().list(InboxQuery.oldest(10)))
                .singleElement().satisfies(e -> {
                    assertThat(e.status()).isEqualTo(InboxEvent.Status.DEAD);
                    assertThat(e.reason()).contains("webhooks.record");
                }));
        long id = api.engine.inbox().list(InboxQuery.oldest(10)).getFirst().id();
        assertThat(api.post("/api/v1/inbox/" + id + "/replay", api.tenant("northwind", Role.ADMIN), "").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/inbox/" + id + "/replay", api.editor(), "").statusCode()).isEqualTo(200);
    }

    @Test
    void aSyncThatFetchesWritesTheSourcesCurrentRecordAndNothingForAGoneOne() {
        var applied = api.engine.definitions().apply(List.of(new dev.junction.spec.SourceText("fetched.yaml", """
                kind: Sync
                name: crm-contacts-fetched
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: "= 'f-' & id"
                  email: properties.email
                  name: "= properties.firstname & ' ' & properties.lastname"
                on: { webhook: { events: [contact.*], fetch: true } }
                """)));
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        api.demo.crm().deleteContact("c-00006");
        String now = Long.toString(Instant.now().getEpochSecond());
        String stale = "{\"id\":\"evt_stale\",\"type\":\"contact.updated\",\"data\":{\"id\":\"c-00005\",\"properties\":{\"lastname\":\"Stale\"}}}";
        String gone = "{\"id\":\"evt_gone\",\"type\":\"contact.updated\",\"data\":{\"id\":\"c-00006\",\"properties\":{}}}";

        assertThat(deliver("evt_stale", now, stale, sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_stale", now, stale)).statusCode()).isEqualTo(200);
        assertThat(deliver("evt_gone", now, gone, sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_gone", now, gone)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.engine.inbox().list(
                InboxQuery.oldest(100).withTarget("sync:crm-contacts-fetched"))).hasSize(2).allSatisfy(e -> assertThat(e.status()).isEqualTo(InboxEvent.Status.DONE)));
        assertThat(api.demo.helpdesk().userByExternalId("f-c-00005").orElseThrow().name())
                .isEqualTo(api.demo.crm().contact("c-00005").orElseThrow().property("firstname") + " "
                        + api.demo.crm().contact("c-00005").orElseThrow().property("lastname"))
                .doesNotContain("Stale");
        assertThat(api.demo.helpdesk().userByExternalId("f-c-00006")).as("a gone contact writes nothing").isEmpty();
    }

    @Test
    void anEventThatOnlySaysSomethingChangedStartsARunThatReadsTheSource() {
        var applied = api.engine.definitions().apply(List.of(new dev.junction.spec.SourceText("noticed.yaml", """
                kind: Sync
                name: crm-contacts-noticed
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: "= 'n-' & id"
                  email: properties.email
                  name: "= properties.firstname & ' ' & properties.lastname"
                on: { webhook: { events: [contact.*], run: true } }
                """)));
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        String now = Long.toString(Instant.now().getEpochSecond());
        // as Google's and Dropbox's notifications: no record in it, only that something changed
        String notice = "{\"id\":\"evt_notice\",\"type\":\"contact.updated\",\"data\":{}}";

        assertThat(deliver("evt_notice", now, notice, sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_notice", now, notice)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.engine.inbox().list(
                InboxQuery.oldest(10).withTarget("sync:crm-contacts-noticed"))).singleElement()
                .satisfies(e -> assertThat(e.status()).as(String.valueOf(e)).isEqualTo(InboxEvent.Status.DONE)));
        assertThat(api.demo.helpdesk().userByExternalId("n-c-00001")).isPresent();
        assertThat(api.demo.helpdesk().userByExternalId("n-c-00030")).as("the whole source was read, not a record of the event").isPresent();
        assertThat(api.engine.runs().list("crm-contacts-noticed", null, 10)).singleElement()
                .satisfies(r -> assertThat(r.trigger()).isEqualTo("webhook"));
    }

    @Test
    void aConnectionWhoseSecretCannotBeReadAnswers503WithoutSayingWhy() {
        var applied = api.engine.definitions().apply(List.of(new dev.junction.spec.SourceText("unset.yaml", """
                kind: Connection
                name: crm-unset
                connector: acme-crm
                config: { baseUrl: "http://127.0.0.1:9" }
                secrets: { token: "${env:ACME_CRM_TOKEN}", webhookSecret: "${env:NO_SUCH_WEBHOOK_SECRET_VARIABLE}" }
                """)));
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();

        HttpResponse<String> answer = api.send(HttpRequest.newBuilder(api.uri("/hooks/crm-unset")).POST(HttpRequest.BodyPublishers.ofString("{}")), null);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("secrets could not be read").doesNotContain("NO_SUCH_WEBHOOK_SECRET_VARIABLE");
    }

    private Set<Long> done() {
        return api.engine.inbox().list(InboxQuery.oldest(1000).withStatus(InboxEvent.Status.DONE)).stream().map(InboxEvent::id).collect(Collectors.toSet());
    }

    private String contact(String id) {
        return api.json.createObjectNode().put("id", id).set("properties", api.json.valueToTree(api.demo.crm().contact(id).orElseThrow().properties()))
                .toString();
    }

    private HttpResponse<String> deliver(String id, String timestamp, String body, String signature) {
        return api.send(HttpRequest.newBuilder(api.uri("/hooks/crm"))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    /** Standard Webhooks, written here from the spec: v1,base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")). */
    private static String sign(String secret, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
