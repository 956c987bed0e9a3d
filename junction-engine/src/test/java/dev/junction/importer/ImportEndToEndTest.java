package dev.junction.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.connector.ConnectionClient;
import dev.junction.connector.Page;
import dev.junction.connector.PageReader;
import dev.junction.connector.ReadOptions;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.internal.StreamSamples;
import dev.junction.http.CallContext;
import dev.junction.http.EgressPolicy;
import dev.junction.http.PipelineListener;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fixture description is imported, the connector and its suggested connection (every value an
 * {@code ${env:...}} reference) pass the spec loader and are applied to an engine, and the first pages
 * of a stream are read through the connection's pipeline from WireMock stubs built from the
 * description's own examples. The stubs answer only requests that carry the right credentials, so a
 * wrong auth, records path or pagination makes the read fail or come back short.
 */
class ImportEndToEndTest {
    private static final Path FIXTURES = Path.of("src/test/resources/import");

    @TempDir
    Path dataDir;

    private WireMockServer api;
    private final ConnectorImporter importer = new ConnectorImporter();

    @BeforeEach
    void start() {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void openApi31WithCursorPagingAndBearerAuthReadsBothPages() throws Exception {
        ImportedConnector c = importer.openApi(FIXTURES.resolve("ledgerly.openapi31.yaml").toString(), null);
        assertThat(ExampleStubs.openApi(api, FIXTURES.resolve("ledgerly.openapi31.yaml"), "https://api.ledgerly.example/v1",
                Map.of("Authorization", "Bearer tok-ledgerly"))).isEqualTo(2);
        Map<String, String> env = Map.of("LEDGERLY_API_BASE_URL", ExampleStubs.baseUrl(api, "https://api.ledgerly.example/v1"),
                "LEDGERLY_API_TOKEN", "tok-ledgerly");

        List<List<String>> pages = read(c, env, "invoices", 3);

        assertThat(pages).containsExactly(List.of("inv_001", "inv_002"), List.of("inv_003"));
        assertThat(c.yaml()).contains("pagination: { type: cursor, nextPath: \"$.next_cursor\", param: cursor, hasMorePath: \"$.has_more\" }");
    }

    @Test
    void openApi30WithLinkHeadersAndAnApiKeyHeaderReadsBothPages() throws Exception {
        ImportedConnector c = importer.openApi(FIXTURES.resolve("repohub.openapi30.yaml").toString(), "repohub");
        ExampleStubs.openApi(api, FIXTURES.resolve("repohub.openapi30.yaml"), "https://eu.repohub.example/api", Map.of("X-Repohub-Key", "key-123"));
        Map<String, String> env = Map.of("REPOHUB_BASE_URL", ExampleStubs.baseUrl(api, "https://eu.repohub.example/api"),
                "REPOHUB_API_KEY", "key-123");

        List<List<String>> pages = read(c, env, "issues", 3);

        assertThat(pages).containsExactly(List.of("1", "7"), List.of("9"));
        assertThat(c.actions()).containsExactly("issues_create", "issues_update", "issues_update_2");
        assertThat(c.needsHuman()).anySatisfy(n -> assertThat(n).contains("region = 'eu' (one of eu, us)"));
    }

    @Test
    void swagger2WithPageNumbersAndBasicAuthReadsUntilAnEmptyPage() throws Exception {
        ImportedConnector c = importer.openApi(FIXTURES.resolve("stockroom.swagger2.yaml").toString(), null);
        String basic = "Basic " + Base64.getEncoder().encodeToString("clerk:s3cret".getBytes());
        ExampleStubs.openApi(api, FIXTURES.resolve("stockroom.swagger2.yaml"), "https://api.stockroom.example/v2", Map.of("Authorization", basic));
        Map<String, String> env = Map.of("STOCKROOM_INVENTORY_BASE_URL", ExampleStubs.baseUrl(api, "https://api.stockroom.example/v2"),
                "STOCKROOM_INVENTORY_USERNAME", "clerk", "STOCKROOM_INVENTORY_PASSWORD", "s3cret", "STOCKROOM_INVENTORY_WAREHOUSE", "north");

        List<List<String>> pages = read(c, env, "products", 4);

        assertThat(pages).containsExactly(List.of("A-100", "A-101"), List.of("B-200"));
        assertThat(c.yaml()).contains("primaryKey: sku").contains("query: { warehouse: \"{{ config.warehouse }}\" }");
    }

    @Test
    void openApiWithOAuthClientCredentialsGetsATokenAndReadsOffsetPages() throws Exception {
        ImportedConnector c = importer.openApi(FIXTURES.resolve("fleetline.openapi30.json").toString(), null);
        api.stubFor(post(urlPathEqualTo("/oauth2/token")).withRequestBody(containing("grant_type=client_credentials"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"at-fleet\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        ExampleStubs.openApi(api, FIXTURES.resolve("fleetline.openapi30.json"), "https://api.fleetline.example/telemetry/v1",
                Map.of("Authorization", "Bearer at-fleet"));
        Map<String, String> env = Map.of("FLEETLINE_TELEMETRY_BASE_URL", ExampleStubs.baseUrl(api, "https://api.fleetline.example/telemetry/v1"),
                "FLEETLINE_TELEMETRY_TOKEN_URL", api.baseUrl() + "/oauth2/token", "FLEETLINE_TELEMETRY_CLIENT_ID", "fleet-app",
                "FLEETLINE_TELEMETRY_CLIENT_SECRET", "fleet-secret");

        List<List<String>> pages = read(c, env, "vehicles", 4);

        assertThat(pages).containsExactly(List.of("V-1", "V-2"), List.of("V-3"));
        api.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/token")).withRequestBody(containing("scope=vehicles%3Aread")));
    }

    @Test
    void postmanCollectionWithAnApiKeyFollowsTheNextUrl() throws Exception {
        ImportedConnector c = importer.postman(FIXTURES.resolve("mailbird.postman.json").toString(), null);
        ExampleStubs.postman(api, FIXTURES.resolve("mailbird.postman.json"), Map.of("X-Mailbird-Key", "mb-key"));
        Map<String, String> env = Map.of("MAILBIRD_MARKETING_API_BASE_URL", ExampleStubs.baseUrl(api, "https://api.mailbird.example/v2"),
                "MAILBIRD_MARKETING_API_API_KEY", "mb-key");

        List<List<String>> pages = read(c, env, "subscribers", 3);

        assertThat(pages).containsExactly(List.of("501", "502"), List.of("503"));
        assertThat(c.actions()).containsExactly("addSubscriber", "unsubscribe");
    }

    /**
     * Loads the connector with its suggested connection, applies both, and reads up to {@code max}
     * pages of the stream: the primary keys of each page's records.
     */
    private List<List<String>> read(ImportedConnector c, Map<String, String> env, String stream, int max) {
        List<SourceText> texts = List.of(new SourceText(c.name() + ".yaml", c.yaml()), new SourceText("connection.yaml", c.connection()));
        LoadResult loaded = new SpecLoader().loadTexts(texts);
        assertThat(loaded.problems()).isEmpty();
        String key = loaded.connectors().get(c.name()).streams().get(stream).primaryKey();
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, new HashMap<>(env)::get).withEgress(EgressPolicy.DEFAULT.withAllowPrivate(true)))) {
            assertThat(engine.definitions().apply(texts).ok()).isTrue();
            StreamSamples samples = new StreamSamples(engine.definitions().applied(), engine.connections().secrets(),
                    engine.connections().pipeline(PipelineListener.NONE, true));
            List<List<String>> pages = new ArrayList<>();
            try (ConnectionClient client = samples.client(samples.target(c.name(), stream))) {
                PageReader reader = client.readStream(stream, ReadOptions.full(CallContext.of(c.name())));
                for (int i = 0; i < max; i++) {
                    Page page = reader.nextPage().orElse(null);
                    if (page == null || page.records().isEmpty()) {
                        break;
                    }
                    pages.add(page.records().stream().map(r -> text(r, key)).toList());
                }
            }
            return pages;
        }
    }

    private static String text(JsonNode record, String key) {
        return record.path(key).asText();
    }
}
