package dev.junction.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deprecation, Sunset and Warning headers show up in the run summary and in connectors health. */
class DeprecationSignalsTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private WireMockServer api;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        api.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Deprecation", "@1767225600")
                .withHeader("Sunset", "Sat, 01 May 2027 00:00:00 GMT")
                .withBody("{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}]}")));
        api.stubFor(post(urlPathEqualTo("/v1/records")).willReturn(okJson("{}").withHeader("Warning", "299 - \"v1 is going away, use v2\"")));
        Files.writeString(work.resolve("defs.yaml"), """
                kind: Connector
                name: old-api
                config: { baseUrl: { type: string } }
                baseUrl: "{{ config.baseUrl }}"
                streams:
                  items: { request: { path: /v1/items, query: { limit: 10 } }, records: "$.items", primaryKey: id }
                actions:
                  put: { request: { path: /v1/records, body: "{ 'records': $records }" }, batch: { maxRecords: 10 } }
                ---
                kind: Connection
                name: old
                connector: old-api
                config: { baseUrl: "%s" }
                ---
                kind: Sync
                name: items-to-records
                source: { connection: old, stream: items }
                destination: { connection: old, action: put, key: id }
                mapping: { id: id }
                """.formatted(api.baseUrl()));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void theRunSummaryAndConnectorsHealthShowWhatTheApiSaidAboutGoingAway() throws Exception {
        CliRunner cli = new CliRunner(dataDir);
        assertThat(cli.run("apply", work.toString()).exitCode()).isZero();

        CliRunner.Result run = cli.run("run", "items-to-records", "--no-color");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("API deprecation signals")
                .contains("old  GET /v1/items  Deprecation: @1767225600")
                .contains("old  GET /v1/items  Sunset: Sat, 01 May 2027 00:00:00 GMT")
                .contains("old  POST /v1/records  Warning: 299 - \"v1 is going away, use v2\"");

        CliRunner.Result health = cli.run("connectors", "health", "--no-color");
        assertThat(health.exitCode()).as(health.toString()).isZero();
        assertThat(health.out()).contains("3 deprecation signal(s)").contains("GET /v1/items").contains("Sat, 01 May 2027 00:00:00 GMT");

        // the second run only reads (nothing changed), so it sees the two read-side signals
        JsonNode again = json.readTree(cli.run("run", "items-to-records", "--json").out());
        assertThat(again.path("deprecations")).extracting(n -> n.path("header").asText()).containsExactly("Deprecation", "Sunset");
        JsonNode signals = json.readTree(cli.run("connectors", "health", "--json").out()).path("signals");
        assertThat(signals).hasSize(3);
        assertThat(signals.get(0).path("firstSeen").asText()).isNotEqualTo(signals.get(0).path("lastSeen").asText());
    }

    @Test
    void aRunWithoutSignalsPrintsNoDeprecationSection() throws Exception {
        api.resetAll();
        api.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{\"items\":[{\"id\":\"a\"}]}")));
        api.stubFor(post(urlPathEqualTo("/v1/records")).willReturn(okJson("{}")));
        CliRunner cli = new CliRunner(dataDir);
        assertThat(cli.run("apply", work.toString()).exitCode()).isZero();

        CliRunner.Result run = cli.run("run", "items-to-records", "--no-color");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("deprecation");
        assertThat(cli.run("connectors", "health").out()).contains("none");
    }
}
