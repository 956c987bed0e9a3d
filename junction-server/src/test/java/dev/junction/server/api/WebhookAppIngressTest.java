package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.spec.SourceText;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.store.RunRecord;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * App-level webhooks end to end: one endpoint, {@code POST /hooks/app/acme-app}, takes every
 * customer's deliveries signed with the app's secret (held by the connector's operator connection),
 * and routes each by its {@code account} to the tenant connection whose {@code config.accountId} has
 * it, so the per-tenant sync subscribed with {@code on: { webhook: ... }} writes it to that tenant's
 * Helpdesk (each tenant's own sandbox). A delivery without an account goes to the operator
 * connection's subscribers; an account no connection has is stored once as ignored, with the reason.
 */
class WebhookAppIngressTest {
    /** A copy of the Acme CRM connector whose app sends every customer's events to one endpoint, routed by account. */
    private static final String APP = """
            kind: Connector
            name: acme-app
            config:
              baseUrl: { type: string }
              accountId: { required: false, description: "The customer's account at the app: routes its app-level webhooks" }
            secrets:
              token: {}
              webhookSecret: { required: false }
            baseUrl: "{{ config.baseUrl }}"
            auth: { type: bearer, token: "{{ secrets.token }}" }
            webhooks:
              verify: { scheme: standard-webhooks, secret: "{{ secrets.webhookSecret }}" }
              recordKey: $.data.id
              record: $.data
              tenant: $.account
              routeTo: config.accountId
            streams:
              contacts:
                request: { method: GET, path: /v1/contacts }
                records: "$.results"
                primaryKey: id
            ---
            kind: Connection
            name: acme-app
            connector: acme-app
            config: { baseUrl: "${env:ACME_CRM_URL}" }
            secrets: { token: "${env:ACME_CRM_TOKEN}", webhookSecret: "${env:ACME_CRM_WEBHOOK_SECRET}" }
            ---
            kind: Connection
            name: northwind-app
            connector: acme-app
            tenant: northwind
            config: { baseUrl: "${env:NORTHWIND_CRM_URL}", accountId: acct_northwind }
            secrets: { token: "${env:NORTHWIND_CRM_TOKEN}" }
            ---
            kind: Connection
            name: globex-app
            connector: acme-app
            tenant: globex
            config: { baseUrl: "${env:GLOBEX_CRM_URL}", accountId: acct_globex }
            secrets: { token: "${env:GLOBEX_CRM_TOKEN}" }
            ---
            kind: Sync
            name: app-contacts-to-helpdesk
            source: { connector: acme-app, stream: contacts, mode: full }
            destination: { connector: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
            mapping:
              external_id: id
              email: properties.email
              name: "= properties.firstname & ' ' & properties.lastname"
            on: { webhook: { events: [contact.*] } }
            ---
            kind: Sync
            name: app-platform-events
            source: { connection: acme-app, stream: contacts, mode: full }
            destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
            mapping:
              external_id: "= 'platform-' & id"
              email: properties.email
              name: "= properties.firstname & ' ' & properties.lastname"
            on: { webhook: { events: [contact.*] } }
            """;

    @TempDir
    Path dataDir;
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
        apply(APP);
        api.engine.runQueue().start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void eachCustomersDeliveryIsWrittenByItsTenantsSyncToItsTenantsHelpdeskOnly() {
        assertThat(deliver("evt_n1", event("acct_northwind", "app-n1", "Ada", "North")).statusCode()).isEqualTo(200);
        assertThat(deliver("evt_g1", event("acct_globex", "app-g1", "Grace", "Globe")).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.northwind.helpdesk().userByExternalId("app-n1")).isPresent();
            assertThat(api.globex.helpdesk().userByExternalId("app-g1")).isPresent();
        });
        assertThat(api.northwind.helpdesk().userByExternalId("app-n1").orElseThrow().name()).isEqualTo("Ada North");
        assertThat(api.globex.helpdesk().userByExternalId("app-g1").orElseThrow().name()).isEqualTo("Grace Globe");
        assertThat(api.northwind.helpdesk().userByExternalId("app-g1")).as("globex's event never reaches northwind").isEmpty();
        assertThat(api.globex.helpdesk().userByExternalId("app-n1")).isEmpty();
        assertThat(api.demo.helpdesk().userByExternalId("platform-app-n1")).as("a routed event is not the operator's").isEmpty();
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId, InboxEvent::source, InboxEvent::tenant,
                InboxEvent::target).containsExactlyInAnyOrder(
                tuple("evt_n1", "northwind-app", "northwind", "sync:app-contacts-to-helpdesk"),
                tuple("evt_g1", "globex-app", "globex", "sync:app-contacts-to-helpdesk"));
        List<RunRecord> runs = api.engine.runs().list("app-contacts-to-helpdesk", null, 10);
        assertThat(runs).extracting(RunRecord::tenant).containsExactlyInAnyOrder("northwind", "globex");
        assertThat(runs).allSatisfy(run -> assertThat(run.trigger()).isEqualTo("webhook"));
    }

    @Test
    void aDeliveryWithoutAnAccountIsAnEventOfTheOperatorConnection() {
        String body = "{\"type\":\"contact.updated\",\"data\":{\"id\":\"app-p1\",\"properties\":{\"email\":\"ops@acme.example\","
                + "\"firstname\":\"Plat\",\"lastname\":\"Form\"}}}";

        assertThat(deliver("evt_p1", body).statusCode()).isEqualTo(200);

        // the operator's sync, and the per-tenant sync for the operator's own tenant (its connections name none)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.demo.helpdesk().userByExternalId("platform-app-p1")).isPresent());
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::source, InboxEvent::tenant, InboxEvent::target)
                .containsExactlyInAnyOrder(
                        tuple("acme-app", "default", "sync:app-contacts-to-helpdesk"),
                        tuple("acme-app", "default", "sync:app-platform-events"));
        assertThat(api.northwind.helpdesk().userByExternalId("app-p1")).isEmpty();
        assertThat(api.globex.helpdesk().userByExternalId("app-p1")).isEmpty();
    }

    @Test
    void anAccountNoConnectionHasIsStoredOnceAsIgnoredWithTheReasonAndStillAnswered200() {
        String body = event("acct_nobody", "app-x1", "No", "Body");

        HttpResponse<String> first = deliver("evt_x1", body);
        HttpResponse<String> again = deliver("evt_x1", body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(api.body(first).path("duplicate").asBoolean()).isFalse();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(api.body(again).path("duplicate").asBoolean()).isTrue();
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(InboxEvent.Status.IGNORED);
            assertThat(e.source()).isEqualTo("acme-app");
            assertThat(e.tenant()).isEqualTo("default");
            assertThat(e.reason()).isEqualTo("no connection of connector 'acme-app' has config.accountId = 'acct_nobody'");
        });
        JsonNode listed = api.body(api.get("/api/v1/inbox?status=ignored", api.viewer()));
        assertThat(listed.path("items").get(0).path("reason").asText()).contains("acct_nobody");
        assertThat(api.body(api.get("/api/v1/inbox?status=ignored", api.tenant("northwind", Role.VIEWER))).path("items")).isEmpty();
        JsonNode endpoint = endpoint("acme-app");
        assertThat(endpoint.path("accepted").asLong()).isEqualTo(1);
        assertThat(endpoint.path("duplicates").asLong()).isEqualTo(1);
        assertThat(endpoint.path("unrouted").asLong()).isEqualTo(1);
    }

    @Test
    void twoTenantConnectionsWithOneAccountGetNeitherItsEvents() {
        apply("""
                kind: Connection
                name: globex-app
                connector: acme-app
                tenant: globex
                config: { baseUrl: "${env:GLOBEX_CRM_URL}", accountId: acct_northwind }
                secrets: { token: "${env:GLOBEX_CRM_TOKEN}" }
                """);

        assertThat(deliver("evt_d1", event("acct_northwind", "app-d1", "Dup", "Licate")).statusCode()).isEqualTo(200);

        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(InboxEvent.Status.IGNORED);
            assertThat(e.reason()).startsWith("2 connections of connector 'acme-app' have config.accountId = 'acct_northwind' (globex-app, northwind-app)");
        });
    }

    @Test
    void anAccountChangedByAnApplyRoutesFromTheNextDelivery() {
        assertThat(deliver("evt_c1", event("acct_globex", "app-c1", "Be", "Fore")).statusCode()).isEqualTo(200);
        apply("""
                kind: Connection
                name: globex-app
                connector: acme-app
                tenant: globex
                config: { baseUrl: "${env:GLOBEX_CRM_URL}", accountId: acct_globex_2 }
                secrets: { token: "${env:GLOBEX_CRM_TOKEN}" }
                """);

        assertThat(deliver("evt_c2", event("acct_globex", "app-c2", "Af", "Ter")).statusCode()).isEqualTo(200);
        assertThat(deliver("evt_c3", event("acct_globex_2", "app-c3", "Ne", "W")).statusCode()).isEqualTo(200);

        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId, InboxEvent::source, InboxEvent::tenant)
                .contains(tuple("evt_c1", "globex-app", "globex"), tuple("evt_c2", "acme-app", "default"), tuple("evt_c3", "globex-app", "globex"));
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10).withStatus(InboxEvent.Status.IGNORED))).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("no connection of connector 'acme-app' has config.accountId = 'acct_globex'"));
    }

    @Test
    void aForgedOrStaleDeliveryIsRefusedAndNothingIsStored() {
        String body = event("acct_northwind", "app-f1", "For", "Ged");
        String now = Long.toString(Instant.now().getEpochSecond());
        String forged = "whsec_" + Base64.getEncoder().encodeToString("not-the-secret-not-the-secret!!!".getBytes());
        String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());

        HttpResponse<String> wrongSecret = deliver("evt_f1", now, body, sign(forged, "evt_f1", now, body));
        HttpResponse<String> tampered = deliver("evt_f1", now, body.replace("acct_northwind", "acct_globex"),
                sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_f1", now, body));
        HttpResponse<String> old = deliver("evt_f1", stale, body, sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_f1", stale, body));

        assertThat(List.of(wrongSecret, tampered, old)).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(401));
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).isEmpty();
        assertThat(endpoint("acme-app").path("rejected").path("401").asInt()).isEqualTo(3);
    }

    @Test
    void theAppEndpointNeedsAConnectorThatRoutesAndExactlyOneOperatorConnection() {
        assertThat(post("/hooks/app/no-such-connector").statusCode()).isEqualTo(404);
        HttpResponse<String> unrouted = post("/hooks/app/acme-crm");
        assertThat(unrouted.statusCode()).isEqualTo(404);
        assertThat(api.body(unrouted).path("detail").asText()).contains("names no routeTo");

        apply("""
                kind: Connection
                name: acme-app-eu
                connector: acme-app
                config: { baseUrl: "${env:ACME_CRM_URL}" }
                secrets: { token: "${env:ACME_CRM_TOKEN}" }
                """);
        HttpResponse<String> several = post("/hooks/app/acme-app");
        assertThat(several.statusCode()).isEqualTo(409);
        assertThat(api.body(several).path("detail").asText()).contains("(acme-app, acme-app-eu)");
    }

    @Test
    void theOperatorConnectionsOwnEndpointIsNotRoutedByTheAccountItCarries() {
        // /hooks/{connection} of the operator connection keeps its events, whatever account they name
        String body = event("acct_globex", "app-o1", "Own", "Endpoint");
        String now = Long.toString(Instant.now().getEpochSecond());
        HttpResponse<String> answer = api.send(HttpRequest.newBuilder(api.uri("/hooks/acme-app"))
                .header("Content-Type", "application/json").header("webhook-id", "evt_o1").header("webhook-timestamp", now)
                .header("webhook-signature", sign(ApiFixture.DEMO_WEBHOOK_SECRET, "evt_o1", now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).isNotEmpty()
                .allSatisfy(e -> assertThat(e).extracting(InboxEvent::source, InboxEvent::tenant).containsExactly("acme-app", "default"));
    }

    private void apply(String yaml) {
        var applied = api.engine.definitions().apply(List.of(new SourceText("app.yaml", yaml)));
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    private JsonNode endpoint(String connection) {
        for (JsonNode e : api.body(api.get("/api/v1/inbox/stats", api.viewer())).path("endpoints")) {
            if (e.path("connection").asText().equals(connection)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint counts for " + connection);
    }

    private static String event(String account, String id, String first, String last) {
        return "{\"type\":\"contact.updated\",\"account\":\"" + account + "\",\"data\":{\"id\":\"" + id + "\",\"properties\":{\"email\":\""
                + id + "@example.com\",\"firstname\":\"" + first + "\",\"lastname\":\"" + last + "\"}}}";
    }

    private HttpResponse<String> post(String path) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).POST(HttpRequest.BodyPublishers.ofString("{}")), null);
    }

    /** A delivery signed now with the app's secret. */
    private HttpResponse<String> deliver(String id, String body) {
        String now = Long.toString(Instant.now().getEpochSecond());
        return deliver(id, now, body, sign(ApiFixture.DEMO_WEBHOOK_SECRET, id, now, body));
    }

    private HttpResponse<String> deliver(String id, String timestamp, String body, String signature) {
        return api.send(HttpRequest.newBuilder(api.uri("/hooks/app/acme-app"))
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
