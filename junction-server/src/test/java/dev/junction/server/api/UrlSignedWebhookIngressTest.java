package dev.junction.server.api;

import static dev.junction.http.Hmacs.hmac;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries signed over the URL the provider called, through the real server: HubSpot's app-level
 * deliveries of several events (each routed to its portal's tenant connection) and Twilio's form
 * posts, with the URL as the client reached the server or, when set, the configured public address.
 * Signatures are computed here from each vendor's description.
 */
class UrlSignedWebhookIngressTest {
    private static final String CLIENT_SECRET = ApiFixture.DEMO_WEBHOOK_SECRET; // HubSpot's app client secret, Twilio's auth token here
    private static final String DEFINITIONS = """
            kind: Connector
            name: hubspot-app
            config:
              baseUrl: { type: string }
              portalId: { required: false, description: "The customer's HubSpot account: routes the app's webhook events" }
            secrets:
              token: {}
              clientSecret: { required: false }
            baseUrl: "{{ config.baseUrl }}"
            auth: { type: bearer, token: "{{ secrets.token }}" }
            webhooks:
              verify: { scheme: hubspot, secret: "{{ secrets.clientSecret }}" }
              recordKey: $.objectId
              tenant: $.portalId
              routeTo: config.portalId
            streams:
              contacts: { request: { path: /v1/contacts }, records: "$.results", primaryKey: id }
            ---
            kind: Connection
            name: hubspot-app
            connector: hubspot-app
            config: { baseUrl: "${env:ACME_CRM_URL}" }
            secrets: { token: "${env:ACME_CRM_TOKEN}", clientSecret: "${env:ACME_CRM_WEBHOOK_SECRET}" }
            ---
            kind: Connection
            name: northwind-hubspot
            connector: hubspot-app
            tenant: northwind
            config: { baseUrl: "${env:NORTHWIND_CRM_URL}", portalId: "62515" }
            secrets: { token: "${env:NORTHWIND_CRM_TOKEN}" }
            ---
            kind: Connection
            name: globex-hubspot
            connector: hubspot-app
            tenant: globex
            config: { baseUrl: "${env:GLOBEX_CRM_URL}", portalId: "62516" }
            secrets: { token: "${env:GLOBEX_CRM_TOKEN}" }
            ---
            kind: Connector
            name: twilio
            config:
              baseUrl: { type: string }
            secrets:
              authToken: {}
            baseUrl: "{{ config.baseUrl }}"
            auth: { type: bearer, token: "{{ secrets.authToken }}" }
            webhooks:
              verify: { scheme: twilio, secret: "{{ secrets.authToken }}" }
              recordKey: $.MessageSid
              eventType: $.MessageStatus
            streams:
              messages: { request: { path: /v1/messages }, records: "$.messages", primaryKey: sid }
            ---
            kind: Connection
            name: twilio-main
            connector: twilio
            config: { baseUrl: "${env:ACME_CRM_URL}" }
            secrets: { authToken: "${env:ACME_CRM_WEBHOOK_SECRET}" }
            """;
    private static final String HUBSPOT_EVENTS = """
            [{"eventId":1001,"subscriptionId":7,"portalId":62515,"appId":55,"occurredAt":1765098000000,"subscriptionType":"contact.propertyChange",\
            "attemptNumber":0,"objectId":123,"propertyName":"email","propertyValue":"a@example.com","changeSource":"CRM"},\
            {"eventId":1002,"subscriptionId":8,"portalId":62516,"appId":55,"occurredAt":1765098000100,"subscriptionType":"contact.creation",\
            "attemptNumber":0,"objectId":456,"changeSource":"CRM"}]""";

    @TempDir
    Path dataDir;

    @Test
    void storesEachEventOfAHubSpotDeliveryForItsPortalsTenantAndAnswersARedeliveryAsDuplicates() {
        try (ApiFixture api = started(ServerConfig.defaults())) {
            URI url = api.uri("/hooks/app/hubspot-app?source=crm%3Acontacts");

            HttpResponse<String> first = hubspot(api, url, url.toString().replace("%3A", ":"), HUBSPOT_EVENTS);
            HttpResponse<String> again = hubspot(api, url, url.toString().replace("%3A", ":"), HUBSPOT_EVENTS);

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            JsonNode receipt = api.body(first);
            assertThat(receipt.has("eventId")).isFalse();
            assertThat(receipt.path("duplicate").asBoolean()).isFalse();
            assertThat(receipt.path("events")).extracting(e -> e.path("eventId").asText(), e -> e.path("duplicate").asBoolean())
                    .containsExactly(tuple("7:1001:1765098000000", false), tuple("8:1002:1765098000100", false));
            assertThat(api.body(again).path("duplicate").asBoolean()).isTrue();
            assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId, InboxEvent::source, InboxEvent::tenant,
                    InboxEvent::eventType, InboxEvent::recordKey).containsExactlyInAnyOrder(
                    tuple("7:1001:1765098000000", "northwind-hubspot", "northwind", "contact.propertyChange", "123"),
                    tuple("8:1002:1765098000100", "globex-hubspot", "globex", "contact.creation", "456"));
        }
    }

    @Test
    void answersAnEmptyListOfEventsWithNothingStoredAndNoDuplicate() {
        try (ApiFixture api = started(ServerConfig.defaults())) {
            URI url = api.uri("/hooks/app/hubspot-app");

            HttpResponse<String> answer = hubspot(api, url, url.toString(), "[]");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(api.body(answer).path("duplicate").asBoolean()).isFalse();
            assertThat(api.body(answer).path("events").size()).isZero();
            assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).isEmpty();
        }
    }

    @Test
    void refusesAHubSpotDeliverySignedForAnotherUrlOrMethodAndStoresNothing() {
        try (ApiFixture api = started(ServerConfig.defaults())) {
            URI url = api.uri("/hooks/app/hubspot-app");

            HttpResponse<String> otherPath = hubspot(api, url, api.uri("/hooks/app/other").toString(), HUBSPOT_EVENTS);

            assertThat(otherPath.statusCode()).isEqualTo(401);
            assertThat(api.body(otherPath).path("detail").asText()).isEqualTo("signature does not match; this scheme signs the URL the provider"
                    + " called, so check that the server's publicBaseUrl is the address given to the provider.");
            assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).isEmpty();
        }
    }

    @Test
    void checksTheSignatureAgainstTheConfiguredPublicAddressWhenThereIsOne() {
        try (ApiFixture api = started(ServerConfig.defaults().withPublicBaseUrl(URI.create("https://hooks.example.com")))) {
            URI url = api.uri("/hooks/app/hubspot-app");

            assertThat(hubspot(api, url, url.toString(), HUBSPOT_EVENTS).statusCode()).as("signed for the local address").isEqualTo(401);
            assertThat(hubspot(api, url, "https://hooks.example.com/hooks/app/hubspot-app", HUBSPOT_EVENTS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void acceptsATwilioFormPostSignedOverTheUrlAndItsSortedFields() {
        try (ApiFixture api = started(ServerConfig.defaults())) {
            URI url = api.uri("/hooks/twilio-main?attempt=1");
            String form = "MessageSid=SM123&MessageStatus=delivered&To=%2B15005550006&AccountSid=AC1";
            String signed = url + "AccountSidAC1MessageSidSM123MessageStatusdeliveredTo+15005550006";

            HttpResponse<String> ok = twilio(api, url, base64(hmac("HmacSHA1", CLIENT_SECRET, signed)), form);
            HttpResponse<String> forged = twilio(api, url, base64(hmac("HmacSHA1", CLIENT_SECRET, signed)), form.replace("delivered", "failed"));

            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(api.body(ok).path("eventId").asText()).isEqualTo("idem-SM123");
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId, InboxEvent::eventType, InboxEvent::recordKey)
                    .containsExactly(tuple("idem-SM123", "delivered", "SM123"));
        }
    }

    private ApiFixture started(ServerConfig config) {
        ApiFixture api = ApiFixture.start(dataDir, config);
        var applied = api.engine.definitions().apply(List.of(new SourceText("hooks.yaml", DEFINITIONS)));
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        return api;
    }

    /** POSTs {@code body} to {@code url}, signed as HubSpot signs (v3) for {@code signedUri}, now. */
    private static HttpResponse<String> hubspot(ApiFixture api, URI url, String signedUri, String body) {
        String millis = Long.toString(Instant.now().toEpochMilli());
        return api.send(HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", millis)
                .header("X-HubSpot-Signature-v3", base64(hmac("HmacSHA256", CLIENT_SECRET, "POST" + signedUri + body + millis)))
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    private static HttpResponse<String> twilio(ApiFixture api, URI url, String signature, String form) {
        return api.send(HttpRequest.newBuilder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .header("I-Twilio-Idempotency-Token", "idem-SM123")
                .POST(HttpRequest.BodyPublishers.ofString(form)), null);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
