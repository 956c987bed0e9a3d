package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV and JSON Lines files as a sync's source, end to end through {@code junction run} into the sandbox Helpdesk. */
class FileSourceTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "file-to-helpdesk";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();
    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(0).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private void applySync(String file) throws Exception {
        Path spec = work.resolve("file.sync.yaml");
        Files.writeString(spec, """
                kind: Sync
                name: file-to-helpdesk
                source:
                  file: %s
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                  email: email
                  name: name
                  profile.plan: plan
                """.formatted(file));
        CliRunner.Result applied = cli.run("apply", spec.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    private CliRunner.Result run() {
        return cli.run("run", SYNC, "--json");
    }

    @Test
    void aCsvFileWithAByteOrderMarkAndQuotedValuesIsSyncedAcrossSeveralPagesAndSkippedWhenUnchanged() throws Exception {
        Path csv = work.resolve("customers.csv");
        String rows = IntStream.rangeClosed(1, 1200)
                .mapToObj(i -> "c-" + i + ",customer" + i + "@example.com,\"Customer " + i + ", Jr.\",pro")
                .collect(Collectors.joining("\n"));
        Files.writeString(csv, "\uFEFFid,email,name,plan\n" + rows + "\n");
        applySync("{ path: \"" + csv + "\", primaryKey: id }");

        CliRunner.Result first = run();

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(json.readTree(first.out()).path("counters").path("inserted").asLong()).isEqualTo(1200);
        HelpdeskUser user = sandbox.helpdesk().userByExternalId("c-1001").orElseThrow();
        assertThat(user.email()).isEqualTo("customer1001@example.com");
        assertThat(user.name()).isEqualTo("Customer 1001, Jr.");
        assertThat(user.profile()).containsEntry("plan", "pro");

        JsonNode again = json.readTree(run().out()).path("counters");
        assertThat(again.path("read").asLong()).isEqualTo(1200);
        assertThat(again.path("unchanged").asLong()).isEqualTo(1200);
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(1200);
    }

    @Test
    void aJsonLinesFileIsSyncedRecordByRecord() throws Exception {
        Path jsonl = work.resolve("customers.jsonl");
        Files.writeString(jsonl, """
                {"id": "j-1", "email": "one@example.com", "name": "One", "plan": "free"}

                {"id": "j-2", "email": "two@example.com", "name": "Two", "plan": "pro"}
                """);
        applySync("{ path: \"" + jsonl + "\" }");

        CliRunner.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(json.readTree(result.out()).path("counters").path("inserted").asLong()).isEqualTo(2);
        assertThat(sandbox.helpdesk().userByExternalId("j-2").orElseThrow().profile()).containsEntry("plan", "pro");
    }

    @Test
    void aMissingFileFailsTheRunNamingTheSyncAndThePath() throws Exception {
        Path missing = work.resolve("nowhere.csv");
        applySync("{ path: \"" + missing + "\" }");

        CliRunner.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(json.readTree(result.out()).path("error").asText())
                .isEqualTo("sync 'file-to-helpdesk': source file " + missing + " does not exist");
    }

    @Test
    void aCsvRowWithTooManyValuesFailsTheRunWithItsLineNumber() throws Exception {
        Path csv = work.resolve("broken.csv");
        Files.writeString(csv, "id,email,name,plan\nc-1,a@example.com,A,pro\nc-2,b@example.com,B,pro,extra\nc-3,c@example.com,C,pro\n");
        applySync("{ path: \"" + csv + "\" }");

        CliRunner.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(json.readTree(result.out()).path("error").asText())
                .isEqualTo("sync 'file-to-helpdesk': source file " + csv + " line 3: expected 4 values (id, email, name, plan), found 5");
    }

    @Test
    void aCsvRowWithAnUnclosedQuoteFailsTheRunWithTheLineTheRowStartsOn() throws Exception {
        Path csv = work.resolve("unclosed.csv");
        Files.writeString(csv, "id,email,name,plan\nc-1,a@example.com,\"A,pro\n");
        applySync("{ path: \"" + csv + "\" }");

        CliRunner.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(json.readTree(result.out()).path("error").asText())
                .isEqualTo("sync 'file-to-helpdesk': source file " + csv + " line 2: Missing closing quote for value");
    }

    @Test
    void aJsonLinesLineThatIsNotAnObjectFailsTheRunWithItsLineNumber() throws Exception {
        Path jsonl = work.resolve("broken.jsonl");
        Files.writeString(jsonl, "{\"id\": \"j-1\", \"email\": \"one@example.com\", \"name\": \"One\"}\n[1, 2]\n");
        applySync("{ path: \"" + jsonl + "\" }");

        CliRunner.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(json.readTree(result.out()).path("error").asText())
                .isEqualTo("sync 'file-to-helpdesk': source file " + jsonl + " line 2: expected a JSON object, found array");
    }
}
