package dev.junction.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind gets a clear message, a nonzero exit and nothing half-written. */
class BadInputTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private Sandbox sandbox;
    private CliRunner cli;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(120).withCrmRateLimit(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void invalidYamlIsReportedWithFileLineAndColumnAndExitCodeTwo() throws IOException {
        Path file = write("broken.yaml", """
                kind: Connector
                name: broken
                baseUrl: http://127.0.0.1:1
                streams:
                  things:
                    request: { path: /things
                    records: "$.items"
                """);

        CliRunner.Result result = cli.runRaw("validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(file + ":").contains("1 problem found").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMistypedPaginationTypeNamesTheAllowedValues() throws IOException {
        Path file = write("crm.yaml", Files.readString(EXAMPLES.resolve("acme-crm.connector.yaml")).replace("type: cursor", "type: cursr"));

        CliRunner.Result result = cli.runRaw("validate", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).containsPattern(
                "crm\\.yaml:\\d+:\\d+ streams\\.contacts\\.pagination\\.type: 'cursr' is not one of cursor, offset, page, link, next-url");
    }

    @Test
    void applyingASyncWithAnUnknownConnectionStoresNothing() throws IOException {
        Path dir = Files.createDirectories(work.resolve("defs"));
        for (String f : new String[] {"acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml"}) {
            Files.copy(EXAMPLES.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("sync.yaml"), Files.readString(EXAMPLES.resolve("crm-contacts-to-helpdesk.sync.yaml"))
                .replace("connection: helpdesk", "connection: helpdsk"));

        CliRunner.Result result = cli.run("apply", dir.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("sync.yaml:").contains("'helpdsk'").contains("helpdesk").contains("nothing was applied");
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.definitions().list()).isEmpty();
        }
    }

    @Test
    void anUnreachableSourceFailsTheRunWithTheHostInTheReason() throws Exception {
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
        cli.env("ACME_CRM_URL", "http://127.0.0.1:9"); // discard port: nothing listens

        CliRunner.Result result = cli.run("run", "crm-contacts-to-helpdesk", "--no-color");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("failed").contains("127.0.0.1:9");
        JsonNode runs = json.readTree(cli.run("runs", "--json").out());
        assertThat(runs.get(0).path("status").asText()).isEqualTo("failed");
        assertThat(runs.get(0).path("error").asText()).contains("127.0.0.1:9");
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    @Test
    void aMissingSecretVariableNamesTheVariableButNoValue() {
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
        CliRunner other = new CliRunner(dataDir)
                .env("ACME_CRM_URL", sandbox.crm().baseUrl().toString())
                .env("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString())
                .env("HELPDESK_API_KEY", sandbox.helpdesk().apiKey());

        CliRunner.Result result = other.run("run", "crm-contacts-to-helpdesk");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("ACME_CRM_TOKEN").doesNotContain(sandbox.helpdesk().apiKey());
    }

    @Test
    void recordsTheDestinationRefusesBecomeDeadLettersAndTheRestArrive() throws IOException {
        Path dir = Files.createDirectories(work.resolve("defs"));
        for (String f : new String[] {"acme-crm.connector.yaml", "helpdesk.connector.yaml", "connections.yaml"}) {
            Files.copy(EXAMPLES.resolve(f), dir.resolve(f));
        }
        // gold contacts map to priority 7, which the Helpdesk refuses record by record
        Files.writeString(dir.resolve("sync.yaml"), Files.readString(EXAMPLES.resolve("crm-contacts-to-helpdesk.sync.yaml"))
                .replace("gold: 1", "gold: 7"));
        assertThat(cli.run("apply", dir.toString()).exitCode()).isZero();

        CliRunner.Result result = cli.run("run", "crm-contacts-to-helpdesk", "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        JsonNode run = json.readTree(result.out());
        JsonNode counters = run.path("counters");
        long failed = counters.path("failed").asLong();
        JsonNode listed = json.readTree(cli.run("deadletters", "list", "--run", run.path("id").asText(), "--json", "--limit", "1000").out());
        assertThat(listed).hasSize((int) failed);
        assertThat(listed.get(0).path("reason").asText()).contains("priority must be 1, 2 or 3, got 7");
        assertThat(failed).isPositive();
        assertThat(counters.path("inserted").asLong() + counters.path("updated").asLong() + failed).isEqualTo(120);
        assertThat(sandbox.helpdesk().ledger()).hasSize(120 - (int) failed);
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            var deadLetters = store.deadLetters().list("crm-contacts-to-helpdesk", 1000);
            assertThat(deadLetters).hasSize((int) failed)
                    .allSatisfy(d -> assertThat(d.reason()).contains("priority must be 1, 2 or 3, got 7"))
                    .allSatisfy(d -> assertThat(d.payload()).contains("\"priority\":7"));
        }
    }

    @Test
    void aWholeBatchRefusedWith400IsSplitUntilOnlyTheBadRecordIsADeadLetter() throws IOException {
        WireMockServer destination = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        destination.start();
        try {
            destination.stubFor(post(urlEqualTo("/records")).willReturn(okJson("{\"ok\":true}")));
            destination.stubFor(post(urlEqualTo("/records")).withRequestBody(containing("\"c-00007\""))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                            .withBody("{\"message\":\"record c-00007 is not allowed\"}")));
            Path dir = Files.createDirectories(work.resolve("defs"));
            Files.copy(EXAMPLES.resolve("acme-crm.connector.yaml"), dir.resolve("acme-crm.connector.yaml"));
            Files.writeString(dir.resolve("dest.yaml"), """
                    kind: Connector
                    name: strict
                    config: { baseUrl: { type: string } }
                    baseUrl: "{{ config.baseUrl }}"
                    actions:
                      put:
                        request: { method: POST, path: /records, body: "{ 'records': $records }" }
                        batch: { maxRecords: 20 }
                    ---
                    kind: Connection
                    name: crm
                    connector: acme-crm
                    config: { baseUrl: "${env:ACME_CRM_URL}" }
                    secrets: { token: "${env:ACME_CRM_TOKEN}" }
                    ---
                    kind: Connection
                    name: strict
                    connector: strict
                    config: { baseUrl: "%s" }
                    ---
                    kind: Sync
                    name: to-strict
                    source: { connection: crm, stream: contacts }
                    destination: { connection: strict, action: put, key: id }
                    mapping: { id: id, email: properties.email }
                    batch: { size: 20, concurrency: 2 }
                    """.formatted(destination.baseUrl()));
            assertThat(cli.run("apply", dir.toString()).exitCode()).isZero();

            CliRunner.Result result = cli.run("run", "to-strict", "--json");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            JsonNode counters = json.readTree(result.out()).path("counters");
            assertThat(counters.path("failed").asLong()).isEqualTo(1);
            assertThat(counters.path("inserted").asLong()).isEqualTo(119);
            try (JdbcStore store = JdbcStore.h2(dataDir)) {
                var dead = store.deadLetters().list("to-strict", 10);
                assertThat(dead).singleElement().satisfies(d -> {
                    assertThat(d.recordKey()).isEqualTo("c-00007");
                    assertThat(d.reason()).contains("400").contains("record c-00007 is not allowed");
                });
            }
        } finally {
            destination.stop();
        }
    }

    @Test
    void unknownOptionsAndMissingArgumentsExitTwoWithUsageHint() {
        CliRunner.Result unknown = cli.runRaw("runs", "--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--frobnicate'").contains("junction runs --help");

        CliRunner.Result missing = cli.runRaw("run");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("SYNC");
    }

    @Test
    void runningASyncThatIsNotAppliedSaysWhichAreApplied() {
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();

        CliRunner.Result result = cli.run("run", "nope");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no sync named 'nope' is applied; applied syncs: crm-contacts-to-helpdesk");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }
}
