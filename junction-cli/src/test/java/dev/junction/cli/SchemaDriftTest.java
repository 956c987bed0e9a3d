package dev.junction.cli;

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

/** {@code junction schema discover/show} and the drift check of {@code junction run}, against an API played by WireMock. */
class SchemaDriftTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private WireMockServer api;
    private CliRunner cli;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        items("""
                [{"id": 1, "email": "ada@example.com", "status": "active", "custom": {"plan": "pro"}},
                 {"id": 2, "email": "grace@example.com", "status": "active", "custom": {"plan": "free"}}]""");
        api.stubFor(get(urlPathEqualTo("/v1/fields")).willReturn(okJson("""
                {"fields": [{"key": "plan", "kind": "enumeration"}, {"key": "seats", "kind": "number"}, {"key": "renews", "kind": "date"}]}""")));
        api.stubFor(post(urlPathEqualTo("/v1/records")).willReturn(okJson("{}")));
        Files.writeString(work.resolve("defs.yaml"), """
                kind: Connector
                name: shop
                config: { baseUrl: { type: string } }
                secrets: { key: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: api-key, in: header, name: X-Key, value: "{{ secrets.key }}" }
                streams:
                  items:
                    request: { path: /v1/items }
                    records: "$.items"
                    primaryKey: id
                    discovery: { request: { path: /v1/fields }, fields: "$.fields", name: key, type: kind, under: custom }
                actions:
                  put: { request: { path: /v1/records, body: "{ 'records': $records }" }, batch: { maxRecords: 10 } }
                ---
                kind: Connection
                name: shop1
                connector: shop
                config: { baseUrl: "%s" }
                secrets: { key: "${env:SHOP_KEY}" }
                ---
                kind: Sync
                name: items-to-records
                source: { connection: shop1, stream: items }
                destination: { connection: shop1, action: put, key: id }
                mapping: { id: id, email: email }
                """.formatted(api.baseUrl()));
        cli = new CliRunner(dataDir).env("SHOP_KEY", "k-123");
        assertThat(cli.run("apply", work.toString()).exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    private void items(String array) {
        api.stubFor(get(urlPathEqualTo("/v1/items")).willReturn(okJson("{\"items\": " + array + "}")));
    }

    private CliRunner.Result schema(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "schema";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return cli.runRaw(all);
    }

    @Test
    void discoverInfersTheSchemaMergesTheDeclaredCustomFieldsAndStoresIt() throws Exception {
        CliRunner.Result discovered = schema("discover", "shop1", "items", "--json");

        assertThat(discovered.exitCode()).as(discovered.toString()).isZero();
        assertThat(json.readTree(discovered.out())).isEqualTo(json.readTree("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "type": "object",
                 "properties": {
                   "custom": {"type": "object",
                              "properties": {"plan": {"type": "string"},
                                             "renews": {"type": "string", "format": "date", "x-discovered": true},
                                             "seats": {"type": "number", "x-discovered": true}},
                              "required": ["plan"]},
                   "email": {"type": "string", "format": "email"},
                   "id": {"type": "integer"},
                   "status": {"type": "string"}},
                 "required": ["custom", "email", "id", "status"]}"""));
        api.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v1/fields"))
                .withHeader("X-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo("k-123")));

        CliRunner.Result shown = schema("show", "shop1", "items", "--no-color");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains("schema of shop1/items from 2 record(s)")
                .containsPattern("custom\\.seats\\s+number\\s+yes")
                .containsPattern("email\\s+string/email\\s+yes");
    }

    @Test
    void aRunStoresTheFirstSchemaAndLaterRunsReportAddedRemovedAndRetypedFields() throws Exception {
        CliRunner.Result first = cli.run("run", "items-to-records", "--no-color");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("schema of shop1/items stored from 2 record(s); later runs report drift against it");

        CliRunner.Result same = cli.run("run", "items-to-records", "--no-color");
        assertThat(same.out()).doesNotContain("schema");

        items("""
                [{"id": "3", "status": "active", "phone": "+47 22 00 00 00", "custom": {"plan": "pro"}},
                 {"id": "4", "status": "gone", "phone": null, "custom": {"plan": "free", "seats": 3}}]""");
        CliRunner.Result drifted = cli.run("run", "items-to-records", "--no-color");

        assertThat(drifted.exitCode()).as(drifted.toString()).isZero();
        assertThat(drifted.out()).contains("schema drift in shop1/items (4 change(s), from 2 sampled record(s)):")
                .containsPattern("added\\s+custom\\.seats\\s+-\\s+integer")
                .containsPattern("type\\s+id\\s+integer\\s+string")
                .containsPattern("added\\s+phone\\s+-\\s+string\\|null")
                .containsPattern("removed\\s+email\\s+string/email\\s+-");

        CliRunner.Result again = cli.run("run", "items-to-records", "--json");
        assertThat(json.readTree(again.out()).path("drift")).isEmpty(); // each change is reported once

        items("[{\"id\": 5.5, \"status\": \"active\", \"phone\": \"1\", \"custom\": {\"plan\": \"pro\"}}]");
        JsonNode run = json.readTree(cli.run("run", "items-to-records", "--json").out());
        assertThat(run.path("drift")).isEqualTo(json.readTree("""
                [{"connection": "shop1", "stream": "items", "field": "id", "change": "type", "before": "integer|string", "after": "number"}]"""));

        CliRunner.Result shown = schema("show", "shop1", "items", "--no-color");
        assertThat(shown.out()).containsPattern("type\\s+id\\s+integer\\|string\\s+number")
                .containsPattern("removed\\s+email");
    }

    @Test
    void unknownConnectionsStreamsAndMissingSchemasAreClearErrors() {
        CliRunner.Result noConnection = schema("discover", "nope", "items");
        assertThat(noConnection.exitCode()).isEqualTo(1);
        assertThat(noConnection.err()).contains("junction: no connection named 'nope' is applied; applied connections: shop1");

        CliRunner.Result noStream = schema("discover", "shop1", "orders");
        assertThat(noStream.err()).contains("junction: connector 'shop' (of connection 'shop1') has no stream 'orders'; it has items");

        CliRunner.Result nothingStored = schema("show", "shop1", "items");
        assertThat(nothingStored.err()).contains(
                "junction: no schema is stored for stream 'items' of connection 'shop1'; infer one with: junction schema discover shop1 items"
                        + " (a sync run stores one too)");

        CliRunner.Result badSample = schema("discover", "shop1", "items", "--sample", "0");
        assertThat(badSample.err()).contains("junction: --sample must be at least 1, was 0");
    }

    @Test
    void aSubStreamIsCheckedAcrossItsPartitionsOnceEveryParentWasRead() throws Exception {
        api.stubFor(get(urlPathEqualTo("/v1/items/1/lines")).willReturn(okJson("{\"lines\": [{\"sku\": \"a-1\", \"qty\": 2}]}")));
        api.stubFor(get(urlPathEqualTo("/v1/items/2/lines")).willReturn(okJson("{\"lines\": [{\"sku\": \"b-1\", \"qty\": 1}]}")));
        Files.writeString(work.resolve("lines.yaml"), """
                kind: Connector
                name: shop-lines
                config: { baseUrl: { type: string } }
                baseUrl: "{{ config.baseUrl }}"
                streams:
                  items:
                    request: { path: /v1/items }
                    records: "$.items"
                    primaryKey: id
                  lines:
                    request: { path: "/v1/items/{{ parent.id }}/lines" }
                    records: "$.lines"
                    primaryKey: sku
                    parent: { stream: items, key: id, as: item, parallel: 2 }
                actions:
                  put: { request: { path: /v1/records, body: "{ 'records': $records }" }, batch: { maxRecords: 10 } }
                ---
                kind: Connection
                name: lines1
                connector: shop-lines
                config: { baseUrl: "%s" }
                ---
                kind: Sync
                name: lines-to-records
                source: { connection: lines1, stream: lines }
                destination: { connection: lines1, action: put, key: sku }
                mapping: { sku: sku, item: item }
                """.formatted(api.baseUrl()));
        assertThat(cli.run("apply", work.toString()).exitCode()).isZero();

        CliRunner.Result first = cli.run("run", "lines-to-records", "--no-color");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("schema of lines1/lines stored from 2 record(s)");

        api.stubFor(get(urlPathEqualTo("/v1/items/2/lines")).willReturn(okJson("{\"lines\": [{\"sku\": \"b-1\", \"qty\": \"1\", \"note\": \"x\"}]}")));
        CliRunner.Result drifted = cli.run("run", "lines-to-records", "--no-color");

        assertThat(drifted.exitCode()).as(drifted.toString()).isZero();
        assertThat(drifted.out()).contains("schema drift in lines1/lines (2 change(s), from 2 sampled record(s)):")
                .containsPattern("added\\s+note\\s+-\\s+string")
                .containsPattern("type\\s+qty\\s+integer\\s+integer\\|string");
    }
}
