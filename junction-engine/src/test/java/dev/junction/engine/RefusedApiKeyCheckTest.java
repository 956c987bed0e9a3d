package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.spec.SourceText;
import dev.junction.store.EventDelivery;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection with an API key (nothing Junction can refresh) whose check the API answers 401: the
 * customer has to enter a new key, so the connection is {@code needs_reauth} and one
 * {@code connection.needs_reauth} event is emitted, as for a refused OAuth refresh; a 403 (a
 * permission the key lacks) is only failing; a good key makes it ok again.
 */
class RefusedApiKeyCheckTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dataDir;

    private Engine engine;
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void open(String key) {
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("CRM_URL", api.baseUrl());
        env.put("CRM_KEY", key);
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get));
        var applied = engine.definitions().apply(List.of(new SourceText("crm.yaml", """
                kind: Connector
                name: crm
                config: { baseUrl: {} }
                secrets: { apiKey: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                check: { request: { path: /v1/me } }
                streams:
                  contacts: { request: { path: /v1/contacts }, records: $.results, primaryKey: id }
                ---
                kind: Connection
                name: crm
                connector: crm
                config: { baseUrl: "${env:CRM_URL}" }
                secrets: { apiKey: "${env:CRM_KEY}" }
                """)), "test");
        assertThat(applied.ok()).as(applied.toString()).isTrue();
    }

    @Test
    void aRefusedKeyNeedsReauthWithOneEventAndAGoodKeyIsOkAgain() throws Exception {
        api.stubFor(get("/v1/me").withHeader("X-Api-Key", equalTo("revoked-key")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Invalid API key\"}")));
        api.stubFor(get("/v1/me").withHeader("X-Api-Key", equalTo("good-key")).willReturn(okJson("{\"id\": \"acct_1\"}")));
        open("revoked-key");
        String subscription = engine.events().create("https://hooks.example.com/junction", List.of("connection.needs_reauth"), null, "ops")
                .subscription().id();

        var first = engine.health().check("crm", null, "test");
        var second = engine.health().check("crm", null, "test");

        assertThat(first.status()).isEqualTo("needs_reauth");
        assertThat(first.httpStatus()).isEqualTo(401);
        assertThat(second.status()).isEqualTo("needs_reauth");
        assertThat(engine.health().status("crm", null).status()).isEqualTo("needs_reauth");
        assertThat(engine.health().status("crm", null).detail()).contains("Invalid API key");
        List<EventDelivery> events = engine.events().deliveries(subscription, null, 10);
        assertThat(events).as("one event for the transition, not one per check").singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo("connection.needs_reauth"));
        var data = new ObjectMapper().readTree(events.getFirst().payload()).path("data");
        assertThat(data.path("connection").asText()).isEqualTo("crm");
        assertThat(data.path("reason").asText()).contains("401");
        assertThat(events.getFirst().payload()).doesNotContain("revoked-key");

        engine.close();
        open("good-key"); // the customer entered a new key
        assertThat(engine.health().check("crm", null, "test").status()).isEqualTo("ok");
        assertThat(engine.health().status("crm", null).status()).isEqualTo("ok");
    }

    @Test
    void aForbiddenCheckIsFailingNotNeedsReauth() {
        api.stubFor(get("/v1/me").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"This key lacks the read:account scope\"}")));
        open("limited-key");

        var check = engine.health().check("crm", null, "test");

        assertThat(check.status()).isEqualTo("failing");
        assertThat(check.httpStatus()).isEqualTo(403);
    }
}
