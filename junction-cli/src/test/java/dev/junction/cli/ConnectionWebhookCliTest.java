package dev.junction.cli;

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
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction connections register-webhook|unregister-webhook}: a YAML connection's webhook made and removed at a WireMock provider. */
class ConnectionWebhookCliTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path definitions;

    private WireMockServer provider;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        provider.stubFor(post("/hooks").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"hook_9\"}")));
        provider.stubFor(delete("/hooks/hook_9").willReturn(aResponse().withStatus(204)));
        Files.writeString(definitions.resolve("hooked.yaml"), """
                kind: Connector
                name: hooked
                config: { baseUrl: { type: string } }
                secrets: { signingSecret: {} }
                baseUrl: "{{ config.baseUrl }}"
                retry: { maxAttempts: 1 }
                actions:
                  createHook: { request: { method: POST, path: /hooks, body: "{ 'url': $record.url }" } }
                  deleteHook: { request: { method: DELETE, path: "/hooks/{{ record.registration.id }}" } }
                webhooks:
                  verify: { scheme: standard-webhooks, secret: "{{ secrets.signingSecret }}" }
                  register: createHook
                  unregister: deleteHook
                ---
                kind: Connection
                name: hooked-yaml
                connector: hooked
                config: { baseUrl: "%s" }
                secrets: { signingSecret: "${env:HOOKED_SIGNING_SECRET}" }
                """.formatted(provider.baseUrl()));
        cli = new CliRunner(dataDir).env("HOOKED_SIGNING_SECRET", "whsec_c2lnbmluZy1zZWNyZXQ=");
        CliRunner.Result applied = cli.run("apply", definitions.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    @Test
    void registersAtThePublicAddressOnceThenAgainOnlyWithAgainAndRemovesIt() {
        CliRunner.Result noAddress = cli.run("connections", "register-webhook", "hooked-yaml");
        CliRunner.Result registered = cli.env("JUNCTION_PUBLIC_BASE_URL", "https://junction.example.com/").run("connections", "register-webhook", "hooked-yaml");
        CliRunner.Result twice = cli.run("connections", "register-webhook", "hooked-yaml");
        CliRunner.Result again = cli.run("connections", "register-webhook", "hooked-yaml", "--again", "--public-base-url", "https://other.example.com");
        CliRunner.Result removed = cli.run("connections", "unregister-webhook", "hooked-yaml");

        assertThat(noAddress.exitCode()).isEqualTo(2);
        assertThat(noAddress.err()).contains("publicBaseUrl");
        assertThat(registered.exitCode()).as(registered.toString()).isZero();
        assertThat(registered.out()).contains("connection hooked-yaml: webhook registered at the provider (createHook, https://junction.example.com/hooks/hooked-yaml)");
        provider.verify(postRequestedFor(urlEqualTo("/hooks")).withRequestBody(equalToJson("{\"url\": \"https://junction.example.com/hooks/hooked-yaml\"}")));
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("has a registration kept already");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        provider.verify(postRequestedFor(urlEqualTo("/hooks")).withRequestBody(equalToJson("{\"url\": \"https://other.example.com/hooks/hooked-yaml\"}")));
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        provider.verify(deleteRequestedFor(urlEqualTo("/hooks/hook_9")));
    }

    @Test
    void aProvidersRefusalExitsOneWithItsReason() {
        provider.stubFor(post("/hooks").willReturn(aResponse().withStatus(422).withBody("{\"message\": \"url is not reachable\"}")));

        CliRunner.Result refused = cli.run("connections", "register-webhook", "hooked-yaml", "--public-base-url", "https://junction.example.com");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("junction: the provider refused createHook for connection hooked-yaml: ");
    }
}
