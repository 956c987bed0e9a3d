package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.CallContext;
import dev.junction.http.HttpResponse;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ValueRef;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A request the caller writes ({@link ConnectionClient#send}) goes below the base URL with the connection's headers and auth, and nowhere else. */
class ConnectionClientSendTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private ConnectionClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private ConnectionClient client() {
        var connector = Specs.connector(server.baseUrl() + "/api", new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key",
                "{{ secrets.token }}"), Map.of(), Map.of());
        var connection = Specs.connection(Map.of(), Map.of("token", new ValueRef.Literal("key-123")));
        client = ConnectionClient.create(connector, connection, new EnvSecretResolver(name -> null),
                PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build());
        return client;
    }

    @Test
    void sendsTheRequestBelowTheBaseUrlWithTheConnectorsHeadersAndAuth() {
        server.stubFor(patch(urlPathEqualTo("/api/v1/contacts/c%201")).willReturn(okJson("{\"ok\": true}")));

        HttpResponse response = client().send("PATCH", "/v1/contacts/c%201", Map.of("notify", "no way"), Map.of("X-Source", "flow"),
                "{\"a\": 1}".getBytes(StandardCharsets.UTF_8), CallContext.of("crm"));

        assertThat(response.status()).isEqualTo(200);
        server.verify(patchRequestedFor(urlEqualTo("/api/v1/contacts/c%201?notify=no%20way")).withHeader("X-Api-Key", equalTo("key-123"))
                .withHeader("Accept", equalTo("application/json")).withHeader("X-Source", equalTo("flow")).withRequestBody(equalToJson("{\"a\": 1}")));
    }

    @Test
    void refusesPathsThatLeaveTheBaseUrlAndHeadersThatAreTheConnections() {
        ConnectionClient c = client();
        for (String path : new String[] {"v1/x", "//evil.example/x", "/v1/../../admin", "/v1/%2e%2E/admin", "/v1/.%2e/admin", "/v1/x?y=1"}) {
            assertThatThrownBy(() -> c.send("GET", path, null, null, null, CallContext.of("crm"))).as(path)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the request path '" + path + "' is not a path below");
        }
        assertThatThrownBy(() -> c.send("GET", "/v1/x", null, Map.of("authorization", "Bearer mine"), null, CallContext.of("crm")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the request header 'authorization' is the connection's to set (its auth and"
                        + " base URL)");
        assertThat(server.getAllServeEvents()).isEmpty();
    }
}
