package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.junction.connector.SessionConnector.read;
import static dev.junction.connector.SessionConnector.stubLogins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code auth: { type: session }} against WireMock: log in once, reuse, log in again after expiry or one 401. */
class SessionLoginTest {
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestPeers.CollectingSink sink = new TestPeers.CollectingSink();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private ConnectionClient client(String authExtra) {
        return client(authExtra, 1);
    }

    private ConnectionClient client(String authExtra, int attempts) {
        var client = SessionConnector.client(server.baseUrl(), authExtra, attempts, "pa55word-x",
                PipelineOptions.builder().exchangeSink(sink).clock(time).sleeper(time).build());
        clients.add(client);
        return client;
    }

    @Test
    void logsInOnceAndReusesTheTokenForLaterCalls() {
        stubLogins(server, "sess-token-1");
        server.stubFor(get("/api/contacts").willReturn(okJson("[{\"id\":\"1\"}]")));
        var client = client("");

        read(client);
        read(client);
        read(client);

        server.verify(1, postRequestedFor(urlPathEqualTo("/auth/login"))
                .withRequestBody(equalToJson("{\"username\":\"ada\",\"password\":\"pa55word-x\"}")));
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer sess-token-1")));
        assertThat(sink.exchanges).hasSize(4);
        assertThat(sink.exchanges.toString()).doesNotContain("sess-token-1", "pa55word-x");
    }

    @Test
    void aLoginAnswered503IsTriedAgainByTheRetrySettingsAndAFailedOneIsRetryableNotRefusedCredentials() {
        server.stubFor(post("/auth/login").inScenario("outage").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("back"));
        server.stubFor(post("/auth/login").inScenario("outage").whenScenarioStateIs("back")
                .willReturn(okJson("{\"session\":{\"token\":\"sess-token-1\"},\"expires_in\":600}")));
        server.stubFor(get("/api/contacts").willReturn(okJson("[{\"id\":\"1\"}]")));

        read(client("", 3));

        server.verify(2, postRequestedFor(urlPathEqualTo("/auth/login")));
        assertThat(sink.exchanges).filteredOn(e -> e.url().endsWith("/auth/login")).extracting(e -> e.status() + "#" + e.attempt())
                .containsExactly("503#1", "200#2");

        server.resetAll();
        server.stubFor(post("/auth/login").willReturn(aResponse().withStatus(503)));
        ApiException e = catchThrowableOfType(ApiException.class, () -> read(client("")));
        assertThat(e.category()).as("an outage, not refused credentials").isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(e.getMessage()).isEqualTo("connection 'crm': the session login at POST " + server.baseUrl() + "/auth/login answered HTTP 503;"
                + " try again later");
    }

    @Test
    void logsInAgainOnceWhenTheTokenIsRejectedAndRetriesTheCall() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        server.stubFor(get("/api/contacts").withHeader("Authorization", equalTo("Bearer sess-token-1")).willReturn(unauthorized()));
        server.stubFor(get("/api/contacts").withHeader("Authorization", equalTo("Bearer sess-token-2")).willReturn(okJson("[{\"id\":\"1\"}]")));
        var client = client("");

        read(client);
        read(client);

        server.verify(2, postRequestedFor(urlPathEqualTo("/auth/login")));
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer sess-token-2")));
    }

    @Test
    void aSecondRejectionFailsWithAClearAuthError() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        server.stubFor(get("/api/contacts").willReturn(unauthorized().withBody("{\"error\":\"session revoked\"}")));
        var client = client("");

        ApiException e = catchThrowableOfType(ApiException.class, () -> read(client));

        assertThat(e.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/api/contacts was refused with HTTP 401: session revoked; "
                + "check the credentials of connection 'crm' (also with a new session token from POST " + server.baseUrl() + "/auth/login)");
        server.verify(2, postRequestedFor(urlPathEqualTo("/auth/login")));
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/contacts")));
    }

    @Test
    void logsInAgainWhenTheTokenHasExpired() {
        stubLogins(server, "sess-token-1", "sess-token-2");
        server.stubFor(get("/api/contacts").willReturn(okJson("[]")));
        var client = client("  expiresInPath: $.expires_in");

        read(client);
        time.advance(Duration.ofSeconds(599));
        read(client);
        time.advance(Duration.ofSeconds(1));
        read(client);

        server.verify(2, postRequestedFor(urlPathEqualTo("/auth/login")));
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer sess-token-1")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer sess-token-2")));
    }

    @Test
    void aRefusedLoginIsAnAuthErrorNamingTheConnectionAndTheLoginUrl() {
        server.stubFor(post("/auth/login").willReturn(unauthorized().withBody("{\"error\":\"bad password pa55word-x\"}")));
        var client = client("  in: query\n  name: session_id");

        ApiException e = catchThrowableOfType(ApiException.class, () -> read(client));

        assertThat(e.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(e.getMessage()).isEqualTo("connection 'crm': the session login at POST " + server.baseUrl()
                + "/auth/login answered HTTP 401; check the login credentials (auth.body) and auth.tokenPath");
        assertThat(e.error().providerDetail()).isEqualTo("{\"error\":\"bad password [redacted]\"}");
    }

    @Test
    void twentyConcurrentFirstCallsShareOneLogin() throws Exception {
        stubLogins(server, "sess-token-1", "sess-token-2");
        server.stubFor(get("/api/contacts").willReturn(okJson("[]")));
        var client = client("");

        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(20)) {
            var start = new java.util.concurrent.CountDownLatch(1);
            var calls = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    read(client);
                    return null;
                }));
            }
            start.countDown();
            for (var call : calls) {
                call.get();
            }
        }

        server.verify(1, postRequestedFor(urlPathEqualTo("/auth/login")));
        server.verify(20, getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("Authorization", equalTo("Bearer sess-token-1")));
    }

    @Test
    void badSessionSettingsAreReportedWhereTheyAre() {
        String connector = """
                kind: Connector
                name: acme
                baseUrl: http://127.0.0.1:9
                auth: { type: session, method: FETCH, ttl: 0s, in: body }
                """;

        assertThat(new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", connector))).problems())
                .extracting(Object::toString).containsExactly(
                        "acme.yaml:4:1 auth: missing required key 'loginUrl'",
                        "acme.yaml:4:1 auth: missing required key 'tokenPath' (or tokenHeader, the answer's header that carries the token, or"
                                + " tokenCookie, the cookie it sets)",
                        "acme.yaml:4:32 auth.method: 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE",
                        "acme.yaml:4:44 auth.ttl: expected a duration greater than zero, found '0s'",
                        "acme.yaml:4:52 auth.in: 'body' is not one of header, query, cookie");
    }

    @Test
    void theTokenCanGoInAQueryParameter() {
        stubLogins(server, "sess-token-1");
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[]")));
        var client = client("  in: query\n  name: session_id");

        read(client);

        server.verify(1, getRequestedFor(urlPathEqualTo("/api/contacts")).withQueryParam("session_id", equalTo("sess-token-1")));
        assertThat(sink.exchanges.toString()).doesNotContain("sess-token-1");
    }
}
