package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.connector.ConnectionClient;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineListener;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record-key index of the exchange log (what {@code junction exchanges --key} reads) finds a
 * record's calls whatever a connection keeps of bodies: here {@code exchangeLog: { bodies: none }},
 * stored through the engine's store, against WireMock.
 */
class ExchangeLogSettingIndexTest {
    @TempDir
    Path dataDir;

    private final WireMockServer api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private Engine engine;

    @BeforeEach
    void start() {
        api.start();
        engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get));
    }

    @AfterEach
    void stop() {
        engine.close();
        api.stop();
    }

    @Test
    void aCallLoggedWithoutHeadersOrBodiesIsFoundByItsRecordKeys() {
        api.stubFor(post("/users").willReturn(okJson("{\"ok\": true}")));
        LoadResult applied = engine.definitions().apply(List.of(new SourceText("quiet.yaml", """
                kind: Connector
                name: quiet
                baseUrl: "%s"
                exchangeLog: { bodies: full }
                ---
                kind: Connection
                name: quiet-1
                connector: quiet
                exchangeLog: { bodies: none }
                """.formatted(api.baseUrl())))).result();
        assertThat(applied.problems()).isEmpty();

        try (ConnectionClient client = ConnectionClient.create(applied.connectors().get("quiet"), applied.connections().get("quiet-1"),
                engine.connections().secrets(), engine.connections().pipeline(PipelineListener.NONE, true))) {
            client.send("POST", "/users", null, Map.of("Content-Type", "application/json"), "[{\"id\": \"u-7\"}]".getBytes(StandardCharsets.UTF_8),
                    new CallContext("run-1", null, null, List.of("u-7"), true));
        }

        List<ExchangeRecord> found = engine.store().exchanges().find(new ExchangeQuery(null, null, "u-7", 10));
        assertThat(found).singleElement().satisfies(e -> {
            assertThat(e.connection()).isEqualTo("quiet-1");
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.requestBody()).isNull();
            assertThat(e.responseBody()).isNull();
            assertThat(e.responseHeaders()).isEmpty();
        });
    }
}
