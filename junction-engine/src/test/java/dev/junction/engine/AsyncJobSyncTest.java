package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.sync.RunListener;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync whose source is read through an asynchronous job: the example Salesforce connector's bulk query of accounts into a
 * warehouse's batch upsert, run by the engine twice. The first run asks the job for every account; its checkpoint is the newest
 * {@code SystemModstamp} read, and the second run's job asks only for what changed since (less the connector's lookback), with the
 * accounts it returns again counted unchanged.
 */
class AsyncJobSyncTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final String JOBS = "/services/data/v62.0/jobs/query";
    private static final String HEADER = "\"Id\",\"Name\",\"Industry\",\"Website\",\"SystemModstamp\"\n";

    @TempDir
    Path dataDir;
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void open() {
        Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]), "SF_SECRET", "sf-consumer-secret");
        engine = Engine.open(EngineConfig.embedded(dataDir, env::get));
        var applied = engine.definitions().apply(List.of(
                new SourceText("salesforce.connector.yaml", SaasExampleFiles.example("salesforce.connector.yaml")),
                new SourceText("warehouse.yaml", """
                        kind: Connector
                        name: warehouse
                        config: { baseUrl: { type: string } }
                        baseUrl: "{{ config.baseUrl }}"
                        actions:
                          upsertAccounts:
                            request: { method: POST, path: /warehouse/accounts, body: "{ 'rows': $records }" }
                            batch: { maxRecords: 100 }
                        ---
                        kind: Sync
                        name: salesforce-accounts
                        source: { connection: salesforce, stream: accounts, mode: incremental }
                        destination: { connection: warehouse, action: upsertAccounts, key: id, mode: upsert }
                        mapping:
                          id: { from: Id }
                          name: { from: Name }
                          changedAt: { from: SystemModstamp }
                        """),
                new SourceText("connections.yaml", """
                        kind: Connection
                        name: salesforce
                        connector: salesforce
                        config: { instanceUrl: "%1$s", clientId: "3MVG9sf-consumer-key" }
                        secrets: { clientSecret: "${env:SF_SECRET}" }
                        ---
                        kind: Connection
                        name: warehouse
                        connector: warehouse
                        config: { baseUrl: "%1$s" }
                        """.formatted(api.baseUrl()))), "test");
        assertThat(applied.ok()).as(applied.toString()).isTrue();
    }

    private RunRecord run() {
        return engine.runs().run(engine.definitions().applied(), new Runs.Request("salesforce-accounts", null, "cli", false), RunListener.NONE).run();
    }

    private static void job(String id, String csv) {
        api.stubFor(post(urlPathEqualTo(JOBS)).withRequestBody(containing(id.equals("750A") ? "FROM Account\"" : "WHERE")).willReturn(okJson(
                "{\"id\": \"" + id + "\", \"operation\": \"query\", \"state\": \"UploadComplete\"}")));
        api.stubFor(get(urlPathEqualTo(JOBS + "/" + id)).willReturn(okJson("{\"id\": \"" + id + "\", \"state\": \"JobComplete\"}")));
        api.stubFor(get(urlPathEqualTo(JOBS + "/" + id + "/results")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/csv")
                .withHeader("Sforce-Locator", "null").withBody(HEADER + csv)));
    }

    @Test
    void theFirstRunReadsEveryAccountThroughAJobAndTheNextAsksOnlyForWhatChangedSinceItsCheckpoint() {
        api.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(okJson(
                "{\"access_token\": \"00DHn!sf-access-1\", \"instance_url\": \"" + api.baseUrl() + "\", \"token_type\": \"Bearer\"}")));
        api.stubFor(post(urlPathEqualTo("/warehouse/accounts")).willReturn(okJson("{\"ok\": true}")));
        job("750A", """
                "001A","Acme","Manufacturing","acme.example","2026-12-01T10:00:00.000Z"
                "001B","Globex","","","2026-12-02T10:00:00.000Z"
                """);
        job("750B", """
                "001B","Globex","","","2026-12-02T10:00:00.000Z"
                "001C","Initech","Technology","initech.example","2026-12-05T08:00:00.000Z"
                """);
        open();

        RunRecord first = run();

        assertThat(first.status().name()).isEqualTo("SUCCEEDED");
        assertThat(first.counters().read()).isEqualTo(2);
        assertThat(first.counters().written()).isEqualTo(2);
        api.verify(1, postRequestedFor(urlPathEqualTo(JOBS)).withRequestBody(equalToJson(
                "{\"operation\": \"query\", \"query\": \"SELECT Id, Name, Industry, Website, SystemModstamp FROM Account\"}")));
        api.verify(postRequestedFor(urlPathEqualTo("/warehouse/accounts")).withRequestBody(matchingJsonPath("$.rows[1].id", containing("001B"))));

        RunRecord second = run();

        // the job asked only for what changed since the newest SystemModstamp of the first run, less the connector's 5-minute lookback
        api.verify(1, postRequestedFor(urlPathEqualTo(JOBS)).withRequestBody(equalToJson("{\"operation\": \"query\", \"query\":"
                + " \"SELECT Id, Name, Industry, Website, SystemModstamp FROM Account WHERE SystemModstamp >= 2026-12-02T09:55:00Z\"}")));
        assertThat(second.counters().read()).isEqualTo(2);
        assertThat(second.counters().written()).isEqualTo(1);
        assertThat(second.counters().unchanged()).isEqualTo(1);
        api.verify(2, postRequestedFor(urlPathEqualTo("/warehouse/accounts")));
    }
}
