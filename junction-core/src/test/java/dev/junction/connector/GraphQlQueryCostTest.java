package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A GraphQL stream against a server that limits by query cost as Shopify's Admin API does: a bucket of
 * points refilled at a rate, each query taking its cost up front, and a query the bucket cannot pay for
 * answered HTTP 200 with a {@code THROTTLED} error and the bucket's state in {@code extensions.cost}.
 * With {@code rateLimit.cost} the stream waits for the points and is never throttled; without it the same
 * read is throttled and gets through only by retrying.
 */
class GraphQlQueryCostTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGES = 8;
    private static final double QUERY_COST = 52;

    /** Shopify's bucket, scaled down so the test waits about a second: 110 points, 400 restored a second. */
    static final class CostBucket implements ResponseDefinitionTransformerV2 {
        private static final double MAXIMUM = 110;
        private static final double RESTORE_RATE = 400;
        private double available = MAXIMUM;
        private long asOf = System.nanoTime();
        final AtomicInteger throttled = new AtomicInteger();

        @Override
        public synchronized ResponseDefinition transform(ServeEvent event) {
            long now = System.nanoTime();
            available = Math.min(MAXIMUM, available + RESTORE_RATE * (now - asOf) / 1e9);
            asOf = now;
            if (available + 1e-9 < QUERY_COST) {
                throttled.incrementAndGet();
                return answer("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}]," + cost(null) + "}");
            }
            available -= QUERY_COST;
            int page;
            try {
                JsonNode after = JSON.readTree(event.getRequest().getBodyAsString()).path("variables").path("after");
                page = after.isMissingNode() || after.isNull() ? 0 : Integer.parseInt(after.asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean more = page + 1 < PAGES;
            StringBuilder nodes = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                nodes.append(i == 0 ? "" : ",").append("{\"id\":\"gid://shopify/Product/").append(page * 3 + i).append("\"}");
            }
            return answer("{\"data\":{\"products\":{\"nodes\":[" + nodes + "],\"pageInfo\":{\"hasNextPage\":" + more + ",\"endCursor\":\""
                    + (page + 1) + "\"}}}," + cost(QUERY_COST) + "}");
        }

        private String cost(Double actual) {
            return "\"extensions\":{\"cost\":{\"requestedQueryCost\":" + QUERY_COST + ",\"actualQueryCost\":" + actual
                    + ",\"throttleStatus\":{\"maximumAvailable\":" + MAXIMUM + ",\"currentlyAvailable\":" + Math.floor(available)
                    + ",\"restoreRate\":" + RESTORE_RATE + "}}}";
        }

        private static ResponseDefinition answer(String body) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body).build();
        }

        @Override
        public String getName() {
            return "cost-bucket";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }

    private final CostBucket bucket = new CostBucket();
    private WireMockServer server;
    private final List<ConnectionClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(bucket));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(bucket.getName())));
    }

    @AfterEach
    void stop() {
        clients.forEach(ConnectionClient::close);
        server.stop();
    }

    private ConnectionClient client(String rateLimit) {
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("shop.yaml", """
                kind: Connector
                name: shop
                baseUrl: %s
                retry: { maxAttempts: 20, initialDelay: 20ms, maxDelay: 50ms }
                %s
                streams:
                  products:
                    request: { path: /admin/api/2025-10/graphql.json }
                    graphql:
                      query: "query($after: String) { products(first: 3, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }"
                      variables: "{ 'after': $cursor }"
                    records: $.data.products.nodes
                    primaryKey: id
                    pagination: { type: relay }
                """.formatted(server.baseUrl(), rateLimit))));
        assertThat(result.problems()).isEmpty();
        ConnectionClient client = ConnectionClient.create(result.connectors().get("shop"), new ConnectionSpec("shop", "shop", "default", "sandbox",
                Map.of(), Map.of(), new SourceLocation("c.yaml", 1, 1)), new EnvSecretResolver(name -> null), PipelineOptions.builder().build());
        clients.add(client);
        return client;
    }

    private static List<String> read(ConnectionClient client) {
        List<String> ids = new ArrayList<>();
        client.readStream("products", ReadOptions.full(new CallContext("run-1", null, null, List.of(), true)))
                .forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("id").asText())));
        return ids;
    }

    @Test
    void withTheCostDeclaredTheStreamWaitsForThePointsAndIsNeverThrottled() {
        List<String> ids = read(client("""
                rateLimit:
                  cost:
                    available: $.extensions.cost.throttleStatus.currentlyAvailable
                    requested: $.extensions.cost.requestedQueryCost
                    restoreRate: $.extensions.cost.throttleStatus.restoreRate
                    maximum: $.extensions.cost.throttleStatus.maximumAvailable
                """));

        assertThat(ids).hasSize(PAGES * 3).doesNotHaveDuplicates();
        assertThat(bucket.throttled).hasValue(0);
        assertThat(server.getAllServeEvents()).hasSize(PAGES);
    }

    @Test
    void withoutItTheSameReadIsThrottledAndGetsThroughOnlyByRetrying() {
        List<String> ids = read(client(""));

        assertThat(ids).hasSize(PAGES * 3).doesNotHaveDuplicates();
        assertThat(bucket.throttled.get()).isPositive();
        assertThat(server.getAllServeEvents()).hasSize(PAGES + bucket.throttled.get());
    }
}
