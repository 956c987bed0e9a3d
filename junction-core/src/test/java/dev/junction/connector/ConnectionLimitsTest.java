package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.FakeTime;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.http.TestPeers.CollectingSink;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.ExchangeLogSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RetrySpec;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.ValueRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two connections of one connector, each with its own plan: each is paced by its own declared
 * limit (the connector's when it declares none), retried by its own retry settings, and logged by
 * its own exchange-log setting. WireMock as the API; fake time, so the pacing is the waits asked for.
 */
class ConnectionLimitsTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-06T10:00:00Z"));
    private final CollectingSink sink = new CollectingSink();
    private final PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time).exchangeSink(sink)
            .rateLimiters(new RateLimiters(time, Duration.ofMinutes(5))).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(ConnectionClient::close);
    }

    /** acme-crm with a documented limit of 10 per second and the fast test retry. */
    private static ConnectorSpec connector(ExchangeLogSpec exchangeLog) {
        ConnectorSpec c = Specs.connector(server.baseUrl(), new AuthSpec.None(), Map.of(), Map.of());
        return new ConnectorSpec(c.name(), c.version(), c.description(), c.config(), c.secrets(), c.baseUrl(), c.auth(), c.headers(), c.retry(),
                new RateLimitSpec(10, Duration.ofSeconds(1)), c.streams(), c.actions(), c.location(), c.timeouts(), c.errors(), c.hooks(), c.tls(),
                c.maxDecompressedSize(), c.soap(), c.webhooks(), c.check(), c.propagateTrace(), exchangeLog);
    }

    private ConnectionClient client(ConnectorSpec connector, String name, RateLimitSpec rateLimit, RetrySpec retry, ExchangeLogSpec exchangeLog) {
        var connection = new ConnectionSpec(name, connector.name(), name, "production", Map.of(), Map.of("token", new ValueRef.Literal("t")),
                new SourceLocation("connections.yaml", 1, 1), Map.of(), null, null, false, rateLimit, retry, null, exchangeLog);
        ConnectionClient client = ConnectionClient.create(connector, connection, new EnvSecretResolver(n -> null), options);
        clients.add(client);
        return client;
    }

    private List<Duration> waitsOfFourCalls(ConnectionClient client) {
        time.waits.clear();
        for (int i = 0; i < 4; i++) {
            client.send("GET", "/v1/ping", null, null, null, CallContext.of(client.name()));
        }
        return List.copyOf(time.waits);
    }

    @Test
    void eachConnectionIsPacedByItsOwnDeclaredLimitAndTheOthersByTheConnectors() {
        server.stubFor(get("/v1/ping").willReturn(okJson("{}")));
        ConnectorSpec connector = connector(null);
        ConnectionClient small = client(connector, "crm-small", new RateLimitSpec(5, Duration.ofSeconds(1)), null, null);
        ConnectionClient big = client(connector, "crm-big", new RateLimitSpec(20, Duration.ofSeconds(1)), null, null);
        ConnectionClient plain = client(connector, "crm-plain", null, null, null);

        assertThat(waitsOfFourCalls(small)).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(waitsOfFourCalls(big)).containsExactly(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50));
        assertThat(waitsOfFourCalls(plain)).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(server.getAllServeEvents()).hasSize(12);
    }

    @Test
    void aConnectionsRetryReplacesTheConnectors() {
        server.stubFor(get("/v1/busy").willReturn(aResponse().withStatus(503).withBody("busy")));
        ConnectorSpec connector = connector(null);
        ConnectionClient once = client(connector, "crm-once", null, new RetrySpec(1, Duration.ZERO, Duration.ZERO), null);

        assertThatThrownBy(() -> once.send("GET", "/v1/busy", null, null, null, CallContext.of("crm-once"))).isInstanceOf(ApiException.class);
        server.verify(1, getRequestedFor(urlPathEqualTo("/v1/busy")));

        server.resetRequests();
        ConnectionClient connectors = client(connector, "crm-default", null, null, null);
        assertThatThrownBy(() -> connectors.send("GET", "/v1/busy", null, null, null, CallContext.of("crm-default"))).isInstanceOf(ApiException.class);
        server.verify(Specs.FAST_RETRY.maxAttempts(), getRequestedFor(urlPathEqualTo("/v1/busy")));
    }

    @Test
    void aConnectionsExchangeLogSettingReplacesTheConnectors() {
        server.stubFor(get("/v1/ping").willReturn(okJson("{\"pong\": \"" + "x".repeat(100) + "\"}")));
        ConnectorSpec connector = connector(new ExchangeLogSpec(ExchangeLogSpec.Bodies.FULL, 0));
        ConnectionClient quiet = client(connector, "crm-quiet", null, null, new ExchangeLogSpec(ExchangeLogSpec.Bodies.HEADERS, 0));
        ConnectionClient full = client(connector, "crm-full", null, null, null);

        quiet.send("GET", "/v1/ping", null, null, null, CallContext.of("crm-quiet"));
        full.send("GET", "/v1/ping", null, null, null, CallContext.of("crm-full"));

        assertThat(sink.exchanges).extracting(e -> e.connection() + " " + e.responseBody())
                .containsExactly("crm-quiet null", "crm-full {\"pong\": \"" + "x".repeat(100) + "\"}");
    }
}
