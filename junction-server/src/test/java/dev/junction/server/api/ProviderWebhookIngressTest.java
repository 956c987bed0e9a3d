package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real server: Meta's GET challenge answered only for the connection's verify token,
 * and a Shopify app's deliveries routed to each shop's tenant connection by the shop header.
 */
class ProviderWebhookIngressTest {
    private static final String SECRET = ApiFixture.DEMO_WEBHOOK_SECRET;
    private static final String DEFINITIONS = """
            kind: Connector
            name: whatsapp
            config:
              baseUrl: { type: string }
            secrets:
              token: {}
              appSecret: {}
              verifyToken: {}
            baseUrl: "{{ config.baseUrl }}"
            auth: { type: bearer, token: "{{ secrets.token }}" }
            webhooks:
              verify: { scheme: hmac, header: X-Hub-Signature-256, prefix: "sha256=", secret: "{{ secrets.appSecret }}" }
              events: $.entry
              eventId: { digest: sha256 }
              handshake:
                query: hub.challenge
                when:
                  - { query: hub.mode, equals: subscribe }
                  - { query: hub.verify_token, equals: "{{ secrets.verifyToken }}" }
                signed: false
            streams:
              messages: { request: { path: /v1/messages }, records: "$.data", primaryKey: id }
            ---
            kind: Connection
            name: whatsapp-main
            connector: whatsapp
            config: { baseUrl: "${env:ACME_CRM_URL}" }
            secrets: { token: "${env:ACME_CRM_TOKEN}", appSecret: "${env:ACME_CRM_WEBHOOK_SECRET}", verifyToken: "${env:ACME_CRM_TOKEN}" }
            ---
            kind: Connector
            name: shopify-app
            config:
              baseUrl: { type: string }
              shopDomain: { required: false }
            secrets:
              token: {}
              clientSecret: { required: false }
            baseUrl: "{{ config.baseUrl }}"
            auth: { type: bearer, token: "{{ secrets.token }}" }
            webhooks:
              verify: { scheme: shopify, secret: "{{ secrets.clientSecret }}" }
              tenant: { header: X-Shopify-Shop-Domain }
              routeTo: config.shopDomain
              recordKey: $.id
            streams:
              orders: { request: { path: /v1/orders }, records: "$.orders", primaryKey: id }
            ---
            kind: Connection
            name: shopify-app
            connector: shopify-app
            config: { baseUrl: "${env:ACME_CRM_URL}" }
            secrets: { token: "${env:ACME_CRM_TOKEN}", clientSecret: "${env:ACME_CRM_WEBHOOK_SECRET}" }
            ---
            kind: Connection
            name: northwind-shop
            connector: shopify-app
            tenant: northwind
            config: { baseUrl: "${env:NORTHWIND_CRM_URL}", shopDomain: northwind.myshopify.com }
            secrets: { token: "${env:NORTHWIND_CRM_TOKEN}" }
            ---
            kind: Connector
            name: trello
            config:
              baseUrl: { type: string }
            secrets:
              token: {}
              appSecret: {}
            baseUrl: "{{ config.baseUrl }}"
            auth: { type: bearer, token: "{{ secrets.token }}" }
            webhooks:
              verify:
                scheme: hmac
                algorithm: sha1
                header: X-Trello-Webhook
                encoding: base64
                signedContent: "{{ body }}{{ url }}"
                secret: "{{ secrets.appSecret }}"
              eventId: $.action.id
              eventType: $.action.type
            streams:
              cards: { request: { path: /v1/cards }, records: "$.cards", primaryKey: id }
            ---
            kind: Connection
            name: trello-board
            connector: trello
            config: { baseUrl: "${env:ACME_CRM_URL}" }
            secrets: { token: "${env:ACME_CRM_TOKEN}", appSecret: "${env:ACME_CRM_WEBHOOK_SECRET}" }
            """;

    @TempDir
    Path dataDir;
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir, ServerConfig.defaults());
        var applied = api.engine.definitions().apply(List.of(new SourceText("hooks.yaml", DEFINITIONS)));
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answersMetasChallengeForTheConnectionsVerifyTokenOnly() {
        String token = api.demo.crm().token();

        HttpResponse<String> ok = api.send(HttpRequest.newBuilder(api.uri("/hooks/whatsapp-main?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
                + token)).GET(), null);
        HttpResponse<String> wrong = api.send(HttpRequest.newBuilder(api.uri("/hooks/whatsapp-main?hub.mode=subscribe&hub.challenge=1158201444"
                + "&hub.verify_token=guess")).GET(), null);
        HttpResponse<String> notSubscribe = api.send(HttpRequest.newBuilder(api.uri("/hooks/whatsapp-main?hub.mode=unsubscribe"
                + "&hub.challenge=1158201444&hub.verify_token=" + token)).GET(), null);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(notSubscribe.statusCode()).isEqualTo(401);
        assertThat(notSubscribe.body()).doesNotContain("1158201444");
        assertThat(wrong.body()).doesNotContain(token, "1158201444");
    }

    @Test
    void answersTrellosHeadCheckOfTheCallbackUrlAndVerifiesItsDeliveriesSignedWithTheUrl() throws Exception {
        HttpResponse<String> probe = api.send(HttpRequest.newBuilder(api.uri("/hooks/trello-board")).method("HEAD", HttpRequest.BodyPublishers.noBody()), null);
        HttpResponse<String> unknown = api.send(HttpRequest.newBuilder(api.uri("/hooks/no-such-board")).method("HEAD", HttpRequest.BodyPublishers.noBody()), null);
        String body = "{\"action\": {\"id\": \"5f1a\", \"type\": \"updateCard\"}, \"model\": {\"id\": \"board-1\"}}";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal((body + api.uri("/hooks/trello-board")).getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> delivered = post("/hooks/trello-board", body, "X-Trello-Webhook", signature);
        HttpResponse<String> forged = post("/hooks/trello-board", body, "X-Trello-Webhook", Base64.getEncoder().encodeToString(new byte[20]));

        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.body()).isEmpty();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).singleElement().satisfies(e -> assertThat(e.source()).isEqualTo("trello-board"));
    }

    @Test
    void storesEachEntryOfASignedMetaDeliveryOnce() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1022\",\"changes\":[{\"field\":\"messages\",\"value\":"
                + "{\"messages\":[{\"id\":\"wamid.A\"}]}}]},{\"id\":\"1022\",\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{\"id\":\"wamid.B\"}]}}]}]}";

        HttpResponse<String> first = post("/hooks/whatsapp-main", body, "X-Hub-Signature-256", "sha256=" + java.util.HexFormat.of().formatHex(hmac(body)));
        HttpResponse<String> again = post("/hooks/whatsapp-main", body, "X-Hub-Signature-256", "sha256=" + java.util.HexFormat.of().formatHex(hmac(body)));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(api.body(again).path("duplicate").asBoolean()).isTrue();
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).hasSize(2).allSatisfy(e -> assertThat(e.source()).isEqualTo("whatsapp-main"));
    }

    @Test
    void routesAShopifyAppDeliveryToTheShopsTenantConnectionByItsHeader() {
        String body = "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}";

        HttpResponse<String> answer = api.send(HttpRequest.newBuilder(api.uri("/hooks/app/shopify-app"))
                .header("Content-Type", "application/json")
                .header("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac(body)))
                .header("X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5")
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", "northwind.myshopify.com")
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(api.engine.inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId, InboxEvent::source, InboxEvent::tenant,
                InboxEvent::eventType, InboxEvent::recordKey)
                .containsExactly(tuple("98880550-7158-44d4-b7cd-2c97c8a091b5", "northwind-shop", "northwind", "orders/create", "820982911946154508"));
    }

    private HttpResponse<String> post(String path, String body, String header, String value) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    private static byte[] hmac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
