package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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

    private Path syncSpec(String file, String mode) throws Exception {
        Path spec = work.resolve("file.sync.yaml");
        Files.writeString(spec, """
                kind: Sync
                name: file-to-helpdesk
                source:
                  file: %s
                  mode: %s
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                  email: email
                  name: name
                  profile.plan: plan
                """.formatted(file, mode));
        return spec;
    }

    private void applySync(String file) throws Exception {
        applySync(file, "full");
    }

    private void applySync(String file, String mode) throws Exception {
        CliRunner.Result applied = cli.run("apply", syncSpec(file, mode).toString());
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

    /**
     * {@code mode: incremental}: lines are read again each run, but only those at or above the
     * checkpoint (less the lookback) are records.
     */
    @Nested
    class Incremental {
        private JsonNode runCounters() throws Exception {
            CliRunner.Result result = cli.run("run", SYNC, "--json");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            return json.readTree(result.out()).path("counters");
        }

        private static void append(Path file, String lines) throws Exception {
            Files.writeString(file, lines, StandardOpenOption.APPEND);
        }

        @Test
        void aCsvFileSendsOnlyTheLinesAppendedWithLaterCursorsAndSkipsAnOlderOne() throws Exception {
            Path csv = work.resolve("customers.csv");
            Files.writeString(csv, """
                    id,email,name,updated_at
                    c-1,one@example.com,One,2026-01-05T09:00:00Z
                    c-2,two@example.com,Two,2026-01-05T10:00:00+01:00
                    c-3,three@example.com,Three,2026-01-05T09:30:00Z
                    """);
            applySync("{ path: \"" + csv + "\", primaryKey: id, cursorField: updated_at }", "incremental");

            assertThat(runCounters().path("inserted").asLong()).isEqualTo(3);

            // unchanged: only c-3, at the checkpoint (09:30Z, after c-2's 10:00+01:00 = 09:00Z), is read again, and it is unchanged
            JsonNode again = runCounters();
            assertThat(again.path("read").asLong()).isEqualTo(1);
            assertThat(again.path("unchanged").asLong()).isEqualTo(1);
            assertThat(again.path("inserted").asLong() + again.path("updated").asLong()).isZero();

            append(csv, """
                    c-4,four@example.com,Four,2026-01-05T11:00:00Z
                    c-1,one@example.com,One Renamed,2026-01-05T12:00:00Z
                    c-2,two@example.com,Two Renamed Too Late,2026-01-05T08:00:00Z
                    """);
            JsonNode appended = runCounters();

            assertThat(appended.path("read").asLong()).isEqualTo(3); // c-3 at the checkpoint, c-4, c-1; not the older c-2
            assertThat(appended.path("inserted").asLong()).isEqualTo(1);
            assertThat(appended.path("updated").asLong()).isEqualTo(1);
            assertThat(sandbox.helpdesk().userByExternalId("c-1").orElseThrow().name()).isEqualTo("One Renamed");
            assertThat(sandbox.helpdesk().userByExternalId("c-2").orElseThrow().name()).isEqualTo("Two");
            assertThat(sandbox.helpdesk().writeCountsByKey()).containsExactlyInAnyOrderEntriesOf(Map.of("c-1", 2, "c-2", 1, "c-3", 1, "c-4", 1));
        }

        @Test
        void aJsonLinesFileWithALookbackReadsALateLineInsideItAndLinesWithoutACursor() throws Exception {
            Path jsonl = work.resolve("customers.jsonl");
            Files.writeString(jsonl, """
                    {"id": "j-1", "email": "one@example.com", "name": "One", "meta": {"updated": "2026-01-05T09:00:00Z"}}
                    {"id": "j-2", "email": "two@example.com", "name": "Two", "meta": {"updated": "2026-01-05T10:00:00Z"}}
                    """);
            applySync("{ path: \"" + jsonl + "\", cursorField: meta.updated, lookback: 10m }", "incremental");
            assertThat(runCounters().path("inserted").asLong()).isEqualTo(2);

            JsonNode again = runCounters();
            assertThat(again.path("read").asLong()).isEqualTo(1); // j-2, within the lookback of itself
            assertThat(again.path("unchanged").asLong()).isEqualTo(1);

            append(jsonl, """
                    {"id": "j-3", "email": "three@example.com", "name": "Late", "meta": {"updated": "2026-01-05T09:55:00Z"}}
                    {"id": "j-4", "email": "four@example.com", "name": "Too late", "meta": {"updated": "2026-01-05T09:45:00Z"}}
                    {"id": "j-5", "email": "five@example.com", "name": "No cursor"}
                    """);
            JsonNode appended = runCounters();

            assertThat(appended.path("read").asLong()).isEqualTo(3); // j-2, j-3 (5 minutes below the checkpoint), j-5 (no cursor value)
            assertThat(appended.path("inserted").asLong()).isEqualTo(2);
            assertThat(sandbox.helpdesk().userByExternalId("j-3")).isPresent();
            assertThat(sandbox.helpdesk().userByExternalId("j-4")).isEmpty();
            assertThat(sandbox.helpdesk().userByExternalId("j-5")).isPresent();

            JsonNode last = runCounters(); // the checkpoint stays at j-2's 10:00Z; j-5 is read each run and found unchanged
            assertThat(last.path("read").asLong()).isEqualTo(3);
            assertThat(last.path("unchanged").asLong()).isEqualTo(3);
        }

        @Test
        void numericCursorsCompareAsNumbersAndALookbackOnThemFailsTheRunClearly() throws Exception {
            Path jsonl = work.resolve("numbered.jsonl");
            Files.writeString(jsonl, """
                    {"id": "n-9", "email": "nine@example.com", "name": "Nine", "seq": 9}
                    {"id": "n-10", "email": "ten@example.com", "name": "Ten", "seq": "10"}
                    """);
            applySync("{ path: \"" + jsonl + "\", cursorField: seq }", "incremental");
            runCounters();
            assertThat(runCounters().path("read").asLong()).isEqualTo(1); // 10 > 9 as numbers, though "10" < "9" as text

            applySync("{ path: \"" + jsonl + "\", cursorField: seq, lookback: 10m }", "incremental");
            CliRunner.Result result = cli.run("run", SYNC, "--json");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(json.readTree(result.out()).path("error").asText()).isEqualTo("sync 'file-to-helpdesk' source.file.lookback: a lookback needs"
                    + " ISO-8601 date-time cursor values with an offset (2026-01-30T22:57:50Z), but the checkpoint of cursorField 'seq' is '10';"
                    + " remove lookback, or make cursorField such a field (and reset the sync's checkpoint)");
        }

        @Test
        void anIncrementalFileSourceWithoutACursorFieldIsALoadProblem() throws Exception {
            Path spec = syncSpec("{ path: \"" + work.resolve("customers.csv") + "\" }", "incremental");

            CliRunner.Result validate = cli.run("validate", EXAMPLES.toString(), spec.toString());

            assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(2);
            assertThat(validate.out() + validate.err()).contains("file.sync.yaml:4:3 source.file: missing required key 'cursorField' (mode is"
                    + " incremental: the field of the file's records whose highest value becomes the checkpoint)");
        }
    }
}
