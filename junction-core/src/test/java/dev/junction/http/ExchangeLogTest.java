package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.TestPeers.CollectingSink;
import dev.junction.http.TestPeers.RecordingSleeper;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.store.ExchangeRecord;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExchangeLogTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String TOKEN = "tok-9f8e7d6c5b4a";
    private static final String API_KEY = "key-0a1b2c3d4e5f";

    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final CollectingSink sink = new CollectingSink();

    private HttpPipeline pipeline(AuthSpec auth, int bodyLogLimit, List<String> secrets) {
        PipelineOptions options = PipelineOptions.builder()
                .exchangeSink(sink)
                .sleeper(new RecordingSleeper())
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .bodyLogLimit(bodyLogLimit)
                .build();
        return HttpPipeline.builder(options).auth(auth).secretValues(secrets)
                .retry(new RetrySpec(2, Duration.ofMillis(1), Duration.ofMillis(1))).build();
    }

    private static URI url(String pathAndQuery) {
        return URI.create(server.baseUrl() + pathAndQuery);
    }

    @Test
    void logsOneRecordPerAttemptTaggedWithRunTenantConnectionAndRecordKeys() {
        server.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("up"));
        server.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"results\":[1,2]}")));
        var context = new CallContext("run-7", "acme", "helpdesk", List.of("u-1", "u-2"), true);

        try (var pipeline = pipeline(new AuthSpec.None(), 1024, List.of())) {
            pipeline.execute(HttpRequest.of("POST", url("/users/batch")).withBody("[{\"id\":1}]", "application/json"), context);
        }

        assertThat(sink.exchanges).hasSize(2);
        ExchangeRecord first = sink.exchanges.get(0);
        ExchangeRecord second = sink.exchanges.get(1);
        assertThat(first.id()).isZero();
        assertThat(first.at()).isEqualTo(NOW);
        assertThat(first.runId()).isEqualTo("run-7");
        assertThat(first.tenant()).isEqualTo("acme");
        assertThat(first.connection()).isEqualTo("helpdesk");
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.url()).isEqualTo(server.baseUrl() + "/users/batch");
        assertThat(first.recordKeys()).containsExactly("u-1", "u-2");
        assertThat(first.requestBody()).isEqualTo("[{\"id\":1}]");
        assertThat(first.requestHeaders()).containsEntry("Content-Type", List.of("application/json"));
        assertThat(List.of(first.attempt(), first.status(), second.attempt(), second.status())).containsExactly(1, 503, 2, 200);
        assertThat(first.responseBody()).isEqualTo("busy");
        assertThat(second.responseBody()).isEqualTo("{\"results\":[1,2]}");
        assertThat(second.responseHeaders()).containsEntry("content-type", List.of("application/json")); // as the JDK reports it
        assertThat(second.error()).isNull();
    }

    @Test
    void hidesTheBearerTokenEverywhereEvenWhenTheServerEchoesIt() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Set-Cookie", "session=" + TOKEN)
                .withHeader("X-Echo", "you sent Bearer " + TOKEN)
                .withBody("{\"echo\":\"" + TOKEN + "\"}")));

        try (var pipeline = pipeline(new AuthSpec.Bearer(TOKEN), 65536, List.of())) {
            var request = HttpRequest.of("POST", url("/search?q=" + TOKEN + "&limit=5"))
                    .withHeader("X-Forwarded-Token-Copy", TOKEN)
                    .withHeader("X-Note", "token is " + TOKEN)
                    .withBody("{\"auth\":\"" + TOKEN + "\"}", "application/json");
            pipeline.execute(request, CallContext.of("crm").withIdempotent(true));
        }

        ExchangeRecord exchange = sink.exchanges.get(0);
        assertThat(exchange.toString()).doesNotContain(TOKEN);
        assertThat(exchange.url()).isEqualTo(server.baseUrl() + "/search?q=[redacted]&limit=5");
        assertThat(exchange.requestHeaders()).containsEntry("Authorization", List.of("[redacted]"))
                .containsEntry("X-Forwarded-Token-Copy", List.of("[redacted]"))
                .containsEntry("X-Note", List.of("token is [redacted]"));
        assertThat(exchange.requestBody()).isEqualTo("{\"auth\":\"[redacted]\"}");
        assertThat(exchange.responseHeaders()).containsEntry("set-cookie", List.of("[redacted]"))
                .containsEntry("x-echo", List.of("you sent Bearer [redacted]"));
        assertThat(exchange.responseBody()).isEqualTo("{\"echo\":\"[redacted]\"}");
    }

    @Test
    void hidesAnApiKeySentAsQueryParameterAndSecretLookingParametersByName() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));

        try (var pipeline = pipeline(new AuthSpec.ApiKey(AuthSpec.Placement.QUERY, "api_key", API_KEY), 65536, List.of())) {
            pipeline.execute(HttpRequest.get(url("/items?page=2&client_secret=abc")), CallContext.of("crm"));
        }

        ExchangeRecord exchange = sink.exchanges.get(0);
        assertThat(exchange.url()).isEqualTo(server.baseUrl() + "/items?page=2&client_secret=[redacted]&api_key=[redacted]");
        assertThat(exchange.toString()).doesNotContain(API_KEY);
    }

    @Test
    void hidesConnectionSecretsInErrorsOfFailedCalls() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withBody("{\"message\":\"bad signature for " + API_KEY + "\"}")));

        try (var pipeline = pipeline(new AuthSpec.None(), 65536, List.of(API_KEY))) {
            assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(url("/x")), CallContext.of("crm")))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e).hasMessage("GET " + server.baseUrl() + "/x failed with HTTP 400: bad signature for [redacted]");
                        assertThat(e.error().toString()).doesNotContain(API_KEY);
                    });
        }
        assertThat(sink.exchanges.get(0).toString()).doesNotContain(API_KEY);
    }

    @Test
    void truncatesBigBodiesWithAMarkerSayingHowMuchWasCut() {
        String big = "x".repeat(100_000);
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(big)));

        try (var pipeline = pipeline(new AuthSpec.None(), 1024, List.of())) {
            pipeline.execute(HttpRequest.of("PUT", url("/blob")).withBody("y".repeat(2000), "text/plain"), CallContext.of("crm"));
        }

        ExchangeRecord exchange = sink.exchanges.get(0);
        assertThat(exchange.responseBody()).isEqualTo("x".repeat(1024) + "…[truncated 98976 bytes]");
        assertThat(exchange.requestBody()).isEqualTo("y".repeat(1024) + "…[truncated 976 bytes]");
    }

    @Test
    void neverLeavesHalfASecretAtTheCut() {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("a".repeat(1020) + TOKEN + "b".repeat(50))));

        try (var pipeline = pipeline(new AuthSpec.Bearer(TOKEN), 1024, List.of())) {
            pipeline.execute(HttpRequest.get(url("/x")), CallContext.of("crm"));
        }

        assertThat(sink.exchanges.get(0).responseBody()).startsWith("a".repeat(1020) + "[red").doesNotContain(TOKEN.substring(0, 4));
    }

    @Test
    void logsStatusZeroAndTheReasonWhenNoResponseArrives() {
        int port = TestPeers.closedPort();

        try (var pipeline = pipeline(new AuthSpec.Bearer(TOKEN), 1024, List.of())) {
            assertThatThrownBy(() -> pipeline.execute(HttpRequest.get(URI.create("http://127.0.0.1:" + port + "/x")), CallContext.of("crm")))
                    .isInstanceOf(ApiException.class);
        }

        assertThat(sink.exchanges).hasSize(2).allSatisfy(exchange -> {
            assertThat(exchange.status()).isZero();
            assertThat(exchange.error()).startsWith("connection refused");
            assertThat(exchange.responseBody()).isNull();
            assertThat(exchange.responseHeaders()).isEqualTo(Map.of());
            assertThat(exchange.requestHeaders()).containsEntry("Authorization", List.of("[redacted]"));
        });
    }
}
