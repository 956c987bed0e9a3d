package dev.junction.server.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.EventType;
import dev.junction.engine.Role;
import dev.junction.spec.SourceText;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert routes over HTTP: alerts listed per tenant (a tenant token sees its own only), the
 * applied rules and channels (operators), and a test send to a signed-webhook channel received by
 * WireMock.
 */
class AlertsApiTest {
    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static WireMockServer receiver;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
        receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlEqualTo("/alerts")).willReturn(aResponse().withStatus(204)));
        receiver.stubFor(post(urlEqualTo("/slack/T1/B1/S3CRET")).willReturn(aResponse().withStatus(200).withBody("ok")));
        var applied = api.engine.definitions().apply(List.of(new SourceText("alerts.yaml", """
                kind: AlertChannel
                name: ops-hook
                type: webhook
                config: { url: "http://127.0.0.1:%d/alerts" }
                secrets: { secret: "${env:ACME_CRM_WEBHOOK_SECRET}" }
                ---
                kind: AlertChannel
                name: ops-slack
                type: slack
                secrets: { url: "${stored:url}" }
                ---
                kind: Alert
                name: any-run-failed
                condition: run-failed
                channels: [ops-hook]
                """.formatted(receiver.port()))));
        assertThat(applied.result().problems()).isEmpty();
        for (String tenant : List.of("northwind", "globex")) {
            api.engine.events().emit(EventType.RUN_FAILED, tenant, Map.of("runId", "r-" + tenant, "sync", "contacts", "tenant", tenant, "error", "boom"));
        }
    }

    @AfterAll
    static void stop() {
        api.close();
        receiver.stop();
    }

    @Test
    void aTenantSeesItsOwnAlertsAndAnOperatorSeesEveryOne() {
        JsonNode own = api.body(api.get("/api/v1/alerts", api.tenant("northwind", Role.VIEWER)));
        assertThat(own).hasSize(1);
        assertThat(own.get(0).path("tenant").asText()).isEqualTo("northwind");
        assertThat(own.get(0).path("status").asText()).isEqualTo("firing");
        assertThat(own.get(0).path("summary").asText()).isEqualTo("Run r-northwind of contacts (tenant northwind) failed: boom");

        assertThat(api.body(api.get("/api/v1/alerts?status=firing", api.viewer()))).hasSize(2);
        assertThat(api.body(api.get("/api/v1/alerts?tenant=globex", api.viewer()))).hasSize(1);
        assertThat(api.get("/api/v1/alerts?status=burning", api.viewer()).statusCode()).isEqualTo(400);
    }

    @Test
    void rulesAndChannelsAreListedForOperatorsWithoutAnySecret() {
        JsonNode rules = api.body(api.get("/api/v1/alert-rules", api.viewer()));
        assertThat(rules.get(0).path("name").asText()).isEqualTo("any-run-failed");
        assertThat(rules.get(0).path("condition").asText()).isEqualTo("run-failed");
        assertThat(rules.get(0).path("channels").get(0).asText()).isEqualTo("ops-hook");
        HttpResponse<String> channels = api.get("/api/v1/alert-channels", api.viewer());
        assertThat(channels.body()).startsWith("[{\"name\":\"ops-hook\",\"type\":\"webhook\"},{\"name\":\"ops-slack\",\"type\":\"slack\",");
        assertThat(api.get("/api/v1/alert-rules", api.tenant("northwind", Role.ADMIN)).statusCode()).isEqualTo(403);
    }

    @Test
    void anAdminSetsAChannelsStoredSecretWhichIsUsedAndNeverAnsweredBack() {
        String url = "http://127.0.0.1:" + receiver.port() + "/slack/T1/B1/S3CRET";
        String body = "{\"secrets\": {\"url\": \"" + url + "\"}}";
        HttpRequest.Builder put = HttpRequest.newBuilder(api.uri("/api/v1/alert-channels/ops-slack/secrets")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        assertThat(api.send(put.copy(), api.viewer()).statusCode()).isEqualTo(403);
        assertThat(api.send(put.copy(), api.tenant("northwind", Role.ADMIN)).statusCode()).isEqualTo(403);
        HttpResponse<String> bad = api.send(HttpRequest.newBuilder(api.uri("/api/v1/alert-channels/ops-slack/secrets"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"secrets\": {\"url\": \"ftp://x\"}}")), api.admin());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.body(bad).path("detail").asText()).contains("url: expected an http or https URL with a host").doesNotContain("ftp://x");

        HttpResponse<String> set = api.send(put.copy(), api.admin());
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).isEqualTo("{\"channel\":\"ops-slack\",\"set\":[\"url\"],\"missing\":[]}");
        assertThat(api.get("/api/v1/alert-channels", api.viewer()).body()).contains("{\"name\":\"ops-slack\",\"type\":\"slack\",\"storedSecrets\":[\"url\"]}")
                .doesNotContain("S3CRET");
        HttpResponse<String> sent = api.post("/api/v1/alert-channels/ops-slack/test", api.admin(), "");
        assertThat(api.body(sent).path("status").asText()).as(sent.body()).isEqualTo("delivered");
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/slack/T1/B1/S3CRET")))).hasSize(1);
        assertThat(api.body(api.get("/api/v1/audit?limit=20", api.admin())).toString()).contains("alerts.setChannelSecrets").doesNotContain("S3CRET");

        assertThat(api.delete("/api/v1/alert-channels/ops-slack/secrets", api.admin()).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/v1/alert-channels/ops-slack/secrets", api.admin()).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/alert-channels", api.viewer()).body()).contains("\"missingSecrets\":[\"url\"]");
    }

    @Test
    void aTestSendReachesTheChannelSignedAndAnUnknownChannelIsA404() throws Exception {
        HttpResponse<String> sent = api.post("/api/v1/alert-channels/ops-hook/test", api.admin(), "");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(api.body(sent).path("status").asText()).isEqualTo("delivered");
        var request = receiver.findAll(postRequestedFor(urlEqualTo("/alerts"))).getLast();
        assertThat(api.json.readTree(request.getBodyAsString()).path("type").asText()).isEqualTo("alert.test");
        assertThat(request.getHeader("webhook-signature")).startsWith("v1,");

        HttpResponse<String> unknown = api.post("/api/v1/alert-channels/ops-sms/test", api.admin(), "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.body(unknown).path("detail").asText()).isEqualTo("No alert channel 'ops-sms' is applied; the channels are ops-hook, ops-slack.");
        assertThat(api.post("/api/v1/alert-channels/ops-hook/test", api.viewer(), "").statusCode()).isEqualTo(403);
    }

    @Test
    void aSilenceIsAddedListedAndEndedByAnOperatorAdmin() {
        String end = java.time.Instant.now().plus(java.time.Duration.ofHours(2)).toString();
        HttpResponse<String> added = api.post("/api/v1/alert-silences", api.admin(),
                "{\"rule\": \"any-run-failed\", \"tenant\": \"globex\", \"endsAt\": \"" + end + "\", \"reason\": \"globex CRM migration\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String id = api.body(added).path("id").asText();
        assertThat(api.body(api.get("/api/v1/alert-silences", api.viewer())).get(0).path("reason").asText()).isEqualTo("globex CRM migration");

        HttpResponse<String> bad = api.post("/api/v1/alert-silences", api.admin(), "{\"endsAt\": \"" + end + "\", \"reason\": \"x\", \"rule\": \"nope\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.body(bad).path("detail").asText()).contains("no alert rule 'nope' is applied");

        assertThat(api.delete("/api/v1/alert-silences/" + id, api.admin()).statusCode()).isEqualTo(204);
        assertThat(api.delete("/api/v1/alert-silences/" + id, api.admin()).statusCode()).isEqualTo(404);
        assertThat(api.body(api.get("/api/v1/alert-silences", api.viewer()))).isEmpty();
    }
}
