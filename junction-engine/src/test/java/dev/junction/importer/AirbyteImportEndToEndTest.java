package dev.junction.importer;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.http.EgressPolicy;
import dev.junction.spec.SourceText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Airbyte manifests imported, applied with their suggested connection ({@code ${env:...}} values) and
 * read through the engine: page 1 and page 2 of a stream from WireMock stubs that answer only the
 * right credentials and the right paging parameters, so a wrong auth, records path or pagination
 * makes the read fail or come back short.
 */
class AirbyteImportEndToEndTest {
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
    void aCursorWithAHasMoreFlagAndABearerTokenReadsBothPages() {
        ImportedConnector c = importer.airbyte(AirbyteImportTest.fixture("pinecrest.airbyte.yaml"), null);
        String bearer = "Bearer pc-token";
        api.stubFor(get(urlPathEqualTo("/v2/projects")).withHeader("Authorization", equalTo(bearer)).withHeader("X-Workspace", equalTo("acme"))
                .withQueryParam("per_page", equalTo("2")).withQueryParam("cursor", absent())
                .willReturn(okJson("{\"data\":[{\"id\":\"p1\"},{\"id\":\"p2\"}],\"meta\":{\"next_cursor\":\"c2\",\"has_more\":true}}")));
        api.stubFor(get(urlPathEqualTo("/v2/projects")).withHeader("Authorization", equalTo(bearer)).withQueryParam("cursor", equalTo("c2"))
                .willReturn(okJson("{\"data\":[{\"id\":\"p3\"}],\"meta\":{\"next_cursor\":\"c3\",\"has_more\":false}}")));

        List<List<String>> pages = read(c, "projects", Map.of("PINECREST_BASE_URL", api.baseUrl() + "/v2", "PINECREST_WORKSPACE", "acme",
                "PINECREST_TASK_STATUS", "open", "PINECREST_API_TOKEN", "pc-token"));

        assertThat(pages).containsExactly(List.of("p1", "p2"), List.of("p3")); // has_more false: no third request for c3
    }

    @Test
    void startingAfterTheLastRecordWithAnApiKeyPrefixReadsBothPages() {
        ImportedConnector c = importer.airbyte(AirbyteImportTest.fixture("tollgate.airbyte.yaml"), null);
        String key = "Token tg-key";
        api.stubFor(get(urlPathEqualTo("/v1/charges")).withHeader("Authorization", equalTo(key)).withQueryParam("limit", equalTo("2"))
                .withQueryParam("currency", equalTo("eur")).withQueryParam("starting_after", absent())
                .willReturn(okJson("{\"data\":[{\"id\":\"ch_1\"},{\"id\":\"ch_2\"}],\"has_more\":true}")));
        api.stubFor(get(urlPathEqualTo("/v1/charges")).withHeader("Authorization", equalTo(key)).withQueryParam("starting_after", equalTo("ch_2"))
                .willReturn(okJson("{\"data\":[{\"id\":\"ch_3\"}],\"has_more\":false}")));

        List<List<String>> pages = read(c, "charges", Map.of("TOLLGATE_BASE_URL", api.baseUrl(), "TOLLGATE_CURRENCY", "eur", "TOLLGATE_API_KEY", "tg-key"));

        assertThat(pages).containsExactly(List.of("ch_1", "ch_2"), List.of("ch_3"));
    }

    private List<List<String>> read(ImportedConnector c, String stream, Map<String, String> env) {
        List<SourceText> texts = List.of(new SourceText(c.name() + ".yaml", c.yaml()), new SourceText("connection.yaml", c.connection()));
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, env::get).withEgress(EgressPolicy.DEFAULT.withAllowPrivate(true)))) {
            var applied = engine.definitions().apply(texts);
            assertThat(applied.ok()).as(String.valueOf(applied)).isTrue();
            return ImportFixture.read(engine, c.name(), stream, "id", 4);
        }
    }
}
