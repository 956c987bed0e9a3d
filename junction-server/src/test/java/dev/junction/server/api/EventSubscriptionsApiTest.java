package dev.junction.server.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/event-subscriptions} over a real engine, with a WireMock subscriber for the ping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventSubscriptionsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    ApiFixture api;
    WireMockServer subscriber;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
        subscriber = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
    }

    @AfterAll
    void stop() {
        subscriber.stop();
        api.close();
    }

    private String hooks() {
        return "http://127.0.0.1:" + subscriber.port() + "/hooks";
    }

    private static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSubscriptionIsCreatedWithItsSecretShownOnceThenTestedAndItsPingLogged() {
        HttpResponse<String> created = api.post("/api/v1/event-subscriptions", api.admin(),
                "{\"url\": \"" + hooks() + "\", \"eventTypes\": [\"run.*\"], \"description\": \"ops\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        String id = json(created).get("id").asText();
        String secret = json(created).get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        HttpResponse<String> shown = api.get("/api/v1/event-subscriptions/" + id, api.viewer());
        assertThat(json(shown).get("status").asText()).isEqualTo("active");
        assertThat(shown.body()).doesNotContain(secret).doesNotContain("secret");
        assertThat(api.get("/api/v1/event-subscriptions", api.viewer()).body()).contains(id).doesNotContain(secret);

        HttpResponse<String> ping = api.post("/api/v1/event-subscriptions/" + id + "/test", api.admin(), "");

        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(json(ping).get("status").asText()).isEqualTo("delivered");
        assertThat(json(ping).get("lastStatusCode").asInt()).isEqualTo(204);
        assertThat(subscriber.findAll(postRequestedFor(urlEqualTo("/hooks")))).extracting(r -> r.getHeader("webhook-id"))
                .contains(json(ping).get("id").asText());
        JsonNode log = json(api.get("/api/v1/event-subscriptions/" + id + "/deliveries", api.viewer()));
        assertThat(log.get(0).get("type").asText()).isEqualTo("ping");
        assertThat(log.get(0).get("payload").get("type").asText()).isEqualTo("ping");
    }

    @Test
    void aSubscriptionIsChangedDisabledEnabledGivenANewSecretAndDeleted() {
        String id = json(api.post("/api/v1/event-subscriptions", api.admin(), "{\"url\": \"" + hooks() + "\", \"eventTypes\": [\"*\"]}"))
                .get("id").asText();

        HttpResponse<String> changed = api.send(HttpRequest.newBuilder(api.uri("/api/v1/event-subscriptions/" + id))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"eventTypes\": [\"run.failed\"]}")),
                api.admin());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).get("eventTypes").get(0).asText()).isEqualTo("run.failed");
        JsonNode disabled = json(api.post("/api/v1/event-subscriptions/" + id + "/disable", api.admin(), ""));
        assertThat(disabled.get("status").asText()).isEqualTo("disabled");
        assertThat(disabled.get("disabledReason").asText()).startsWith("disabled on request by ");
        assertThat(api.post("/api/v1/event-subscriptions/" + id + "/test", api.admin(), "").statusCode()).isEqualTo(409);
        assertThat(json(api.post("/api/v1/event-subscriptions/" + id + "/enable", api.admin(), "")).get("status").asText()).isEqualTo("active");
        assertThat(json(api.post("/api/v1/event-subscriptions/" + id + "/rotate-secret", api.admin(), "")).get("secret").asText()).startsWith("whsec_");

        assertThat(api.delete("/api/v1/event-subscriptions/" + id, api.admin()).statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/event-subscriptions/" + id, api.admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void aTenantTokenCreatesAndSeesOnlyItsOwnTenantsSubscriptions() {
        String northwind = api.tenant("northwind", Role.ADMIN);
        HttpResponse<String> own = api.post("/api/v1/event-subscriptions", northwind, "{\"url\": \"https://hooks.northwind.example/x\", \"eventTypes\": [\"run.*\"]}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertThat(json(own).get("tenant").asText()).isEqualTo("northwind");
        String operators = json(api.post("/api/v1/event-subscriptions", api.admin(), "{\"url\": \"https://ops.example/x\", \"eventTypes\": [\"*\"]}"))
                .get("id").asText();

        JsonNode listed = json(api.get("/api/v1/event-subscriptions", northwind));

        assertThat(listed).allSatisfy(s -> assertThat(s.get("tenant").asText()).isEqualTo("northwind"));
        assertThat(api.get("/api/v1/event-subscriptions/" + operators, northwind).statusCode()).isEqualTo(404);
    }

    @Test
    void aBadSubscriptionIsRefusedWith400SayingWhatIsExpected() {
        HttpResponse<String> answer = api.post("/api/v1/event-subscriptions", api.admin(), "{\"url\": \"file:///etc/passwd\", \"eventTypes\": [\"run.*\"]}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("must be an http or https URL");
        assertThat(api.post("/api/v1/event-subscriptions", api.admin(), "{\"url\": \"https://x.example\", \"eventTypes\": [\"nope\"]}").body())
                .contains("'nope' matches no event type");
    }

    @Test
    void aTenantsSubscriptionToThisServersNetworkIsRefusedWith400SayingWhy() {
        String northwind = api.tenant("northwind", Role.ADMIN);

        HttpResponse<String> loopback = api.post("/api/v1/event-subscriptions", northwind, "{\"url\": \"" + hooks() + "\", \"eventTypes\": [\"run.*\"]}");
        HttpResponse<String> metadata = api.post("/api/v1/event-subscriptions", api.admin(),
                "{\"url\": \"http://169.254.169.254/latest\", \"eventTypes\": [\"run.*\"]}");

        assertThat(loopback.statusCode()).isEqualTo(400);
        assertThat(json(loopback).get("detail").asText()).contains("is refused: 127.0.0.1 is a loopback address; a tenant's event subscription may"
                + " not reach it unless the server's egress settings allow it");
        assertThat(metadata.statusCode()).isEqualTo(400);
        assertThat(json(metadata).get("detail").asText()).contains("169.254.169.254 is a cloud metadata address");
    }
}
