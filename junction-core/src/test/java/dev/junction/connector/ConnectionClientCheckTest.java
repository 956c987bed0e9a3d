package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ConnectionClient#check}: a connector's {@code check:} through the connection's pipeline, against a real local server. */
class ConnectionClientCheckTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private ConnectionClient client(String check) {
        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("api.yaml", """
                kind: Connector
                name: api
                config: { baseUrl: {} }
                secrets: { token: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: bearer, token: "{{ secrets.token }}" }
                retry: { maxAttempts: 2, initialDelay: 1ms, maxDelay: 1ms }
                """ + check + """
                ---
                kind: Connection
                name: crm
                connector: api
                config: { baseUrl: "${env:API_URL}" }
                secrets: { token: "${env:API_TOKEN}" }
                """)));
        assertThat(loaded.problems()).isEmpty();
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).exchangeSink(exchanges).build();
        var client = ConnectionClient.create(loaded.connectors().get("api"), loaded.connections().get("crm"),
                new EnvSecretResolver(Map.of("API_URL", server.baseUrl(), "API_TOKEN", "tok-secret-1")::get), options);
        clients.add(client);
        return client;
    }

    @Test
    void aHealthyAnswerIsOkAndTheCheckIsLoggedLikeAnyCall() {
        server.stubFor(get("/v1/me").willReturn(okJson("{\"status\":\"active\"}")));

        CheckResult result = client("check: { request: { path: /v1/me }, expect: { condition: \"status = 'active'\" } }\n").check(CallContext.of("crm"));

        assertThat(result).isEqualTo(CheckResult.ok(200));
        server.verify(1, getRequestedFor(urlEqualTo("/v1/me")).withHeader("Authorization", equalTo("Bearer tok-secret-1")));
        assertThat(exchanges.exchanges).singleElement().satisfies(e -> assertThat(e.connection()).isEqualTo("crm"));
        assertThat(exchanges.exchanges.toString()).doesNotContain("tok-secret-1");
    }

    @Test
    void aConditionThatIsNotTrueFailsTheCheckSayingWhatItFound() {
        server.stubFor(get("/v1/me").willReturn(okJson("{\"status\":\"suspended\"}")));

        CheckResult result = client("check: { request: { path: /v1/me }, expect: { condition: \"status = 'active'\" } }\n").check(CallContext.of("crm"));

        assertThat(result).isEqualTo(CheckResult.failed(200, "condition_false", "connector 'api' check: GET " + server.baseUrl() + "/v1/me answered"
                + " HTTP 200 but expect.condition (status = 'active') is false, not true"));
    }

    @Test
    void anUnexpectedStatusFailsTheCheck() {
        server.stubFor(get("/v1/me").willReturn(aResponse().withStatus(204)));

        CheckResult result = client("check: { request: { path: /v1/me }, expect: { status: [200] } }\n").check(CallContext.of("crm"));

        assertThat(result).isEqualTo(CheckResult.failed(204, "unexpected_status", "connector 'api' check: GET " + server.baseUrl() + "/v1/me answered"
                + " HTTP 204, expected one of [200]"));
    }

    @Test
    void anApiErrorIsAFailedCheckWithTheCallsReasonNotAnException() {
        server.stubFor(get("/v1/me").willReturn(aResponse().withStatus(503).withBody("down for maintenance")));

        CheckResult result = client("check: { request: { path: /v1/me } }\n").check(CallContext.of("crm"));

        assertThat(result.healthy()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.errorCode()).isEqualTo("http_503");
        assertThat(result.error()).contains("GET " + server.baseUrl() + "/v1/me", "503");
        server.verify(2, getRequestedFor(urlEqualTo("/v1/me"))); // through the connector's retry policy, like every call
    }

    @Test
    void aStatusDeclaredHealthyCountsEvenWhenItIsAnErrorOtherwise() {
        server.stubFor(get("/v1/ping").willReturn(aResponse().withStatus(404)));

        assertThat(client("check: { request: { path: /v1/ping }, expect: { status: [404] } }\n").check(CallContext.of("crm"))).isEqualTo(CheckResult.ok(404));
    }

    @Test
    void aConnectorWithoutACheckSaysHowToDeclareOne() {
        ConnectionClient client = client("");

        assertThat(client.hasCheck()).isFalse();
        assertThatThrownBy(() -> client.check(CallContext.of("crm"))).isInstanceOf(ConnectorException.class)
                .hasMessage("connector 'api' declares no check:; add one, such as check: { request: { path: /v1/me } }");
    }
}
