package dev.junction.server.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.Role;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/connections/{connection}/webhook/register} and {@code .../unregister}: a
 * connection applied from YAML gets its webhook created at a (WireMock) provider on request, at the
 * server's public address; twice only with {@code again=true}; a provider's refusal is a 502 problem.
 */
class ConnectionWebhookApiTest {
    @TempDir
    Path dataDir;

    private WireMockServer provider;
    private ApiFixture api;

    @BeforeEach
    void start() {
        provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        provider.stubFor(post("/hooks").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"hook_7\", \"secret\": \"whsec_answered\"}")));
        provider.stubFor(delete("/hooks/hook_7").willReturn(aResponse().withStatus(204)));
        api = ApiFixture.start(dataDir, ServerConfig.defaults().withPublicBaseUrl(URI.create("https://junction.example.com")));
        var applied = api.engine.definitions().apply(List.of(new SourceText("hooked.yaml", """
                kind: Connector
                name: hooked
                config: { baseUrl: { type: string } }
                baseUrl: "{{ config.baseUrl }}"
                retry: { maxAttempts: 1 }
                actions:
                  createHook: { request: { method: POST, path: /hooks, body: "{ 'url': $record.url }" } }
                  deleteHook: { request: { method: DELETE, path: "/hooks/{{ record.registration.id }}" } }
                webhooks:
                  verify: { scheme: standard-webhooks, secret: "{{ registration.secret }}" }
                  register: createHook
                  unregister: deleteHook
                ---
                kind: Connection
                name: hooked-yaml
                connector: hooked
                config: { baseUrl: "%s" }
                """.formatted(provider.baseUrl()))), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    @AfterEach
    void stop() {
        api.close();
        provider.stop();
    }

    @Test
    void registersAYamlConnectionsWebhookAtThePublicAddressOnceThenAgainOnlyWhenAskedAndRemovesIt() {
        assertThat(api.body(api.get("/api/v1/connections/hooked-yaml", api.viewer())).at("/webhook/registered").asBoolean()).isFalse();
        HttpResponse<String> registered = api.post("/api/v1/connections/hooked-yaml/webhook/register", api.editor(), "");

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(api.body(registered).at("/url").asText()).isEqualTo("https://junction.example.com/hooks/hooked-yaml");
        assertThat(registered.body()).doesNotContain("whsec_answered", "hook_7");
        provider.verify(postRequestedFor(urlEqualTo("/hooks")).withRequestBody(equalToJson("{\"url\": \"https://junction.example.com/hooks/hooked-yaml\"}")));
        var shown = api.body(api.get("/api/v1/connections/hooked-yaml", api.viewer()));
        assertThat(shown.at("/webhook/registered").asBoolean()).isTrue();
        assertThat(shown.at("/webhook/url").asText()).isEqualTo("https://junction.example.com/hooks/hooked-yaml");
        assertThat(shown.at("/webhook/renewedAt").isMissingNode()).isFalse();
        assertThat(shown.toString()).doesNotContain("whsec_answered", "hook_7");

        HttpResponse<String> twice = api.post("/api/v1/connections/hooked-yaml/webhook/register", api.editor(), "");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(api.post("/api/v1/connections/hooked-yaml/webhook/register?again=true", api.editor(), "").statusCode()).isEqualTo(200);
        provider.verify(2, postRequestedFor(urlEqualTo("/hooks")));

        HttpResponse<String> removed = api.post("/api/v1/connections/hooked-yaml/webhook/unregister", api.editor(), "");

        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        provider.verify(deleteRequestedFor(urlEqualTo("/hooks/hook_7")));
    }

    @Test
    void aProvidersRefusalIsA502ProblemAndOnlyEditorsOfTheConnectionMayAsk() {
        provider.stubFor(post("/hooks").willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"url is not reachable\"}")));

        HttpResponse<String> refused = api.post("/api/v1/connections/hooked-yaml/webhook/register", api.editor(), "");
        HttpResponse<String> viewer = api.post("/api/v1/connections/hooked-yaml/webhook/register", api.viewer(), "");
        HttpResponse<String> tenant = api.post("/api/v1/connections/hooked-yaml/webhook/register", api.tenant("northwind", Role.EDITOR), "");
        HttpResponse<String> unknown = api.post("/api/v1/connections/nope/webhook/register", api.editor(), "");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(502);
        assertThat(api.body(refused).at("/detail").asText()).startsWith("The provider refused createHook: ");
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(tenant.statusCode()).isIn(403, 404);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }
}
