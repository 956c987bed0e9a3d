package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.spec.SourceText;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connect flow's own calls follow the egress policy with the trust of the connection they make: a
 * customer's connection (a tenant's) may not reach a provider on this server's network by default,
 * while the operator's own connection of tenant {@code default} may.
 */
class ConnectSessionsEgressTest {
    @TempDir
    Path dataDir;

    private WireMockServer provider;
    private Engine engine;

    @BeforeEach
    void start() {
        provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        provider.stubFor(get(urlPathEqualTo("/.well-known/openid-configuration")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"authorization_endpoint\": \"https://login.example/authorize\", \"token_endpoint\": \"" + provider.baseUrl() + "/token\"}")));
        engine = Engine.open(EngineConfig.embedded(dataDir, Map.of("JUNCTION_MASTER_KEY",
                java.util.Base64.getEncoder().encodeToString(new byte[32]))::get));
        var applied = engine.definitions().apply(List.of(new SourceText("c.yaml", """
                kind: Connector
                name: local-oauth
                config: { baseUrl: { type: string } }
                secrets: { accessToken: { required: false } }
                baseUrl: "{{ config.baseUrl }}"
                auth:
                  type: oauth2
                  grant: authorization_code
                  tokenUrl: "{{ config.baseUrl }}/token"
                  discoveryUrl: "{{ config.baseUrl }}/.well-known/openid-configuration"
                  clientId: app
                  accessToken: "{{ secrets.accessToken }}"
                """)), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    @AfterEach
    void stop() {
        engine.close();
        provider.stop();
    }

    private ConnectSessions.Next submit(String tenant, String createdBy) {
        ConnectSessions sessions = engine.connectSessions();
        ConnectSessions.Created created = sessions.create(tenant, "local-oauth", tenant + "-local", URI.create("https://app.example/done"), List.of(),
                createdBy);
        ConnectSessions.Page page = sessions.page(sessions.open(created.token()), "browser-cookie-value");
        return sessions.submit(sessions.open(created.token()), "browser-cookie-value", Map.of("csrf", page.csrf(), "config.baseUrl",
                provider.baseUrl()), URI.create("https://junction.example/connect/callback"));
    }

    @Test
    void aCustomersConnectionCannotMakeTheFlowCallAProviderOnThisServersNetwork() {
        assertThatThrownBy(() -> submit("northwind", "tok_product"))
                .isInstanceOf(EngineException.Conflict.class)
                .hasMessageContaining("the discovery document " + provider.baseUrl() + "/.well-known/openid-configuration could not be reached")
                .hasMessageContaining("was not sent: localhost resolves to ")
                .hasMessageContaining("a loopback address; a tenant's connection may not reach it");
        provider.verify(0, getRequestedFor(urlPathEqualTo("/.well-known/openid-configuration")));
    }

    @Test
    void theOperatorsOwnConnectionMay() {
        ConnectSessions.Next next = submit("default", "tok_operator");

        assertThat(next.location().toString()).startsWith("https://login.example/authorize?");
        provider.verify(1, getRequestedFor(urlPathEqualTo("/.well-known/openid-configuration")));
    }
}
