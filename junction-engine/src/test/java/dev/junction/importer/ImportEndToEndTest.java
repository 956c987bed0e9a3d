package dev.junction.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.http.EgressPolicy;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.nio.file.Path;
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
        ImportedConnector c = importAndStub("ledgerly.openapi31.yaml", null);

        assertThat(read(c, "ledgerly.openapi31.yaml")).containsExactly(List.of("inv_001", "inv_002"), List.of("inv_003"));
        assertThat(c.yaml()).contains("pagination: { type: cursor, nextPath: \"$.next_cursor\", param: cursor, hasMorePath: \"$.has_more\" }")
                .contains("incremental: { cursorField: updated_at, param: updated_since }").contains("get: { path: \"/invoices/{{ id }}\" }");
    }

    @Test
    void openApi30WithLinkHeadersAndAnApiKeyHeaderReadsBothPages() throws Exception {
        ImportedConnector c = importAndStub("repohub.openapi30.yaml", "repohub");

        assertThat(read(c, "repohub.openapi30.yaml")).containsExactly(List.of("1", "7"), List.of("9"));
        assertThat(c.yaml()).contains("pagination: { type: link }");
        assertThat(c.actions()).containsExactly("issues_create", "issues_update", "issues_update_2");
        assertThat(c.needsHuman()).anySatisfy(n -> assertThat(n).contains("region = 'eu' (one of eu, us)"));
    }

    @Test
    void swagger2WithPageNumbersAndBasicAuthReadsUntilAnEmptyPage() throws Exception {
        ImportedConnector c = importAndStub("stockroom.swagger2.yaml", null);

        assertThat(read(c, "stockroom.swagger2.yaml")).containsExactly(List.of("A-100", "A-101"), List.of("B-200"));
        assertThat(c.yaml()).contains("primaryKey: sku").contains("query: { warehouse: \"{{ config.warehouse }}\" }")
                .contains("pagination: { type: page, param: page, start: 1, sizeParam: page_size, size: 2 }");
    }

    @Test
    void openApiWithOAuthClientCredentialsGetsATokenAndReadsOffsetPages() throws Exception {
        ImportedConnector c = importAndStub("fleetline.openapi30.json", null);

        assertThat(read(c, "fleetline.openapi30.json")).containsExactly(List.of("V-1", "V-2"), List.of("V-3"));
        api.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/token")).withRequestBody(containing("scope=vehicles%3Aread")));
    }

    @Test
    void postmanCollectionWithAnApiKeyFollowsTheNextUrl() throws Exception {
        ImportedConnector c = importAndStub("mailbird.postman.json", null);

        assertThat(read(c, "mailbird.postman.json")).containsExactly(List.of("501", "502"), List.of("503"));
        assertThat(c.yaml()).contains("pagination: { type: next-url, nextPath: \"$.next\" }");
        assertThat(c.actions()).containsExactly("addSubscriber", "unsubscribe");
    }

    private ImportedConnector importAndStub(String file, String name) throws Exception {
        ImportFixture fixture = ImportFixture.named(file);
        Path path = fixture.path();
        assertThat(fixture.stub(api, path)).isGreaterThanOrEqualTo(2);
        return fixture.importWith(importer, path, name);
    }

    /** Loads the connector with its suggested connection, applies both to an engine, and reads up to four pages. */
    private List<List<String>> read(ImportedConnector c, String file) {
        ImportFixture fixture = ImportFixture.named(file);
        List<SourceText> texts = List.of(new SourceText(c.name() + ".yaml", c.yaml()), new SourceText("connection.yaml", c.connection()));
        LoadResult loaded = new SpecLoader().loadTexts(texts);
        assertThat(loaded.problems()).isEmpty();
        String key = loaded.connectors().get(c.name()).streams().get(fixture.stream()).primaryKey();
        Map<String, String> env = fixture.env(c, api);
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, env::get).withEgress(EgressPolicy.DEFAULT.withAllowPrivate(true)))) {
            assertThat(engine.definitions().apply(texts).ok()).isTrue();
            return ImportFixture.read(engine, c.name(), fixture.stream(), key, 4);
        }
    }
}
