package dev.junction.cli;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.importer.ExampleStubs;
import dev.junction.importer.TaskboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction import}: as a user types it, then validate, apply and a first read through the CLI. */
class ImportCliTest {
    private static final Path FIXTURES = Path.of("..", "junction-engine", "src", "test", "resources", "import");

    @TempDir
    Path dir;

    @Test
    void importedConnectorValidatesAppliesAndReadsItsFirstPage() throws Exception {
        WireMockServer api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
        try {
            Path spec = FIXTURES.resolve("ledgerly.openapi31.yaml");
            ExampleStubs.openApi(api, spec, "https://api.ledgerly.example/v1", Map.of("Authorization", "Bearer tok"));
            Path defs = Files.createDirectories(dir.resolve("defs"));
            CliRunner cli = new CliRunner(dir.resolve("data")).env("LEDGERLY_BASE_URL", ExampleStubs.baseUrl(api, "https://api.ledgerly.example/v1"))
                    .env("LEDGERLY_TOKEN", "tok");

            CliRunner.Result imported = cli.run("import", "openapi", spec.toString(), "--name", "ledgerly", "--out", defs.resolve("ledgerly.yaml").toString(),
                    "--connection", defs.resolve("connection.yaml").toString());
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.out()).contains("imported: connector 'ledgerly', 2 stream(s) [invoices, customers], 3 action(s)");
            assertThat(Files.readString(defs.resolve("connection.yaml"))).contains("token: \"${env:LEDGERLY_TOKEN}\"");

            assertThat(cli.run("validate", defs.toString()).exitCode()).isZero();
            CliRunner.Result applied = cli.run("apply", defs.toString());
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
            CliRunner.Result read = cli.run("schema", "discover", "ledgerly", "invoices", "--sample", "3", "--data-dir", dir.resolve("data").toString());
            assertThat(read.exitCode()).as(read.toString()).isZero();
            assertThat(read.out()).contains("from 3 record(s)");
        } finally {
            api.stop();
        }
    }

    @Test
    void importedGraphQlConnectorAppliesAndReadsFromARealGraphQlServer() throws Exception {
        try (TaskboardServer api = new TaskboardServer(TaskboardServer.fixture(), "tb-token")) {
            Path defs = Files.createDirectories(dir.resolve("defs"));
            CliRunner cli = new CliRunner(dir.resolve("data")).env("TASKBOARD_BASE_URL", api.origin()).env("TASKBOARD_TOKEN", "tb-token");

            CliRunner.Result imported = cli.run("import", "graphql", FIXTURES.resolve("taskboard.graphql.json").toString(), "--out",
                    defs.resolve("taskboard.yaml").toString(), "--connection", defs.resolve("connection.yaml").toString());
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.out()).contains("imported: connector 'taskboard', 5 stream(s) [users, projects, tasks, auditLog, labels], 4 action(s)");

            assertThat(cli.run("validate", defs.toString()).exitCode()).isZero();
            CliRunner.Result applied = cli.run("apply", defs.toString());
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
            CliRunner.Result read = cli.run("schema", "discover", "taskboard", "tasks", "--sample", "5", "--data-dir", dir.resolve("data").toString());
            assertThat(read.exitCode()).as(read.toString()).isZero();
            assertThat(read.out()).contains("from 5 record(s)");

            CliRunner.Result refused = cli.run("import", "graphql", FIXTURES.resolve("ledgerly.openapi31.yaml").toString());
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).startsWith("junction: " + FIXTURES.resolve("ledgerly.openapi31.yaml") + ":").contains(": not JSON: ");
        }
    }

    @Test
    void aFileThatIsNotADescriptionExitsTwoWithOneLineAndTheYamlGoesToStandardOutput() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.json"), "[\"just\", \"a list\"]");
        CliRunner cli = new CliRunner(dir.resolve("data"));

        CliRunner.Result refused = cli.run("import", "postman", notes.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("junction: " + notes + ": expected JSON with an object at the top, found array\n");

        CliRunner.Result printed = cli.run("import", "postman", FIXTURES.resolve("mailbird.postman.json").toString(), "--no-color");
        assertThat(printed.exitCode()).isZero();
        assertThat(printed.out()).contains("kind: Connector\nname: mailbird-marketing-api\n");
        assertThat(printed.err()).startsWith("imported: connector 'mailbird-marketing-api', 2 stream(s)");

        Path existing = Files.writeString(dir.resolve("taken.yaml"), "x");
        CliRunner.Result exists = cli.run("import", "openapi", FIXTURES.resolve("repohub.openapi30.yaml").toString(), "--out", existing.toString());
        assertThat(exists.exitCode()).isEqualTo(2);
        assertThat(exists.err()).contains(existing + " exists; add --force to replace it");
    }

    @Test
    void anAirbyteManifestImportsValidatesAndAMissingReferenceExitsTwo() throws Exception {
        Path defs = Files.createDirectories(dir.resolve("defs"));
        CliRunner cli = new CliRunner(dir.resolve("data"));

        CliRunner.Result imported = cli.run("import", "airbyte", FIXTURES.resolve("tollgate.airbyte.yaml").toString(), "--name", "tollgate", "--out",
                defs.resolve("tollgate.yaml").toString(), "--connection", defs.resolve("connection.yaml").toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("imported: connector 'tollgate', 4 stream(s) [charges, payouts, disputes, events], 0 action(s)");
        assertThat(Files.readString(defs.resolve("tollgate.yaml"))).contains("pagination: { type: cursor, nextPath: \"$.data[-1].id\", param: starting_after");
        assertThat(Files.readString(defs.resolve("connection.yaml"))).contains("api_key: \"${env:TOLLGATE_API_KEY}\"");
        assertThat(cli.run("validate", defs.toString()).exitCode()).isZero();

        Path broken = Files.writeString(dir.resolve("manifest.yaml"), "type: DeclarativeSource\nstreams:\n  - $ref: \"#/definitions/nope\"\n");
        CliRunner.Result refused = cli.run("import", "airbyte", broken.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("junction: " + broken + ": streams[0].$ref: \"#/definitions/nope\" points to nothing in the manifest;"
                + " expected a path to a definition\n");
    }
}
