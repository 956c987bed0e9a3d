package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream or action with a {@code rateLimit:} of its own (HubSpot's search: 5 a second, inside the
 * account's 100 per 10 s): its calls are paced by it and by the connection's budget, the other
 * operations by the connection's alone. Fake time: the pacing is the waits asked for.
 */
class OperationRateLimitTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-06T10:00:00Z"));
    private final PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time)
            .rateLimiters(new RateLimiters(time, Duration.ofMinutes(5))).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    private static LoadResult load(String limits) {
        return new SpecLoader().loadTexts(List.of(new SourceText("crm.yaml", """
                kind: Connector
                name: crm
                baseUrl: %s
                rateLimit: { requests: 20, per: 1s }
                streams:
                  contacts: { request: { path: /contacts }, records: $.results, primaryKey: id }
                  search:
                    request: { method: POST, path: /search, body: "{ 'q': 'x' }" }
                    records: $.results
                    primaryKey: id
                    %s
                actions:
                  upsert:
                    request: { method: POST, path: /upsert, body: "$record" }
                    rateLimit: { requests: 1, per: 1s }
                """.formatted(server.baseUrl(), limits)), new SourceText("c.yaml", "kind: Connection\nname: crm\nconnector: crm\n")));
    }

    private ConnectionClient client() {
        LoadResult loaded = load("rateLimit: { requests: 5, per: 1s }");
        assertThat(loaded.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(loaded.connectors().get("crm"), loaded.connections().get("crm"),
                new EnvSecretResolver(n -> null), options);
        clients.add(client);
        return client;
    }

    private List<Duration> waits(Runnable calls) {
        time.waits.clear();
        calls.run();
        return List.copyOf(time.waits);
    }

    @Test
    void anOperationsOwnLimitPacesItsCallsAndLeavesTheOthersToTheConnectionsBudget() {
        server.stubFor(get("/contacts").willReturn(okJson("{\"results\": []}")));
        server.stubFor(post("/search").willReturn(okJson("{\"results\": []}")));
        server.stubFor(post("/upsert").willReturn(okJson("{}")));
        ConnectionClient crm = client();

        // the stream's 5 a second (200 ms), stricter than the connection's 20 (50 ms)
        assertThat(waits(() -> {
            for (int i = 0; i < 3; i++) {
                crm.readStream("search", ReadOptions.full(CallContext.of("crm"))).nextPage();
            }
        })).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200));
        // the plain stream: the connection's 50 ms only
        assertThat(waits(() -> {
            for (int i = 0; i < 3; i++) {
                crm.readStream("contacts", ReadOptions.full(CallContext.of("crm"))).nextPage();
            }
        })).containsExactly(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50));
        // the action's 1 a second: its first call waits the connection's 50 ms after the reads, its second the rest of its second
        assertThat(waits(() -> {
            for (int i = 0; i < 2; i++) {
                try {
                    crm.call("upsert", List.of(JSON.readTree("{\"id\": 1}")), CallContext.of("crm"));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        })).containsExactly(Duration.ofMillis(50), Duration.ofMillis(950));
    }

    @Test
    void anOperationsLimitIsDeclaredOnlyNotLearnedFromHeaders() {
        LoadResult loaded = load("rateLimit: { requests: 5, per: 1s, learnFromHeaders: true }");

        assertThat(loaded.problems()).extracting(SpecProblem::toString).singleElement().satisfies(p -> assertThat(p)
                .contains("streams.search.rateLimit.learnFromHeaders: a stream's or action's own limit is declared only"));
        assertThat(load("rateLimit: { requests: 5, per: 1s, cost: { available: $.left, restoreRate: 50 } }").problems())
                .extracting(SpecProblem::toString).singleElement().satisfies(p -> assertThat(p)
                        .contains("streams.search.rateLimit.cost: a stream's or action's own limit is declared only: the points an API reports"));
    }
}
