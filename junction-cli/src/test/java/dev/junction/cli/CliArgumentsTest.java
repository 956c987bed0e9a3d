package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arguments a user may reasonably type: options before a group's subcommand, values out of range,
 * a data directory nothing can be written to. Each gets what it asks for or a usage error (exit 2)
 * that says what fits, never a stack trace or an "unexpected error".
 */
class CliArgumentsTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    @Test
    void theCommonOptionsMayComeBeforeAGroupsSubcommand() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
            assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
            assertThat(cli.run("run", "crm-contacts-to-helpdesk").exitCode()).isZero();

            CliRunner.Result before = cli.runRaw("state", "--data-dir", dataDir.toString(), "--no-color", "show", "crm-contacts-to-helpdesk");
            CliRunner.Result top = cli.runRaw("connections", "--data-dir", dataDir.toString(), "health", "--no-color");

            assertThat(before.exitCode()).as(before.toString()).isZero();
            assertThat(before.out()).isEqualTo(cli.run("state", "show", "crm-contacts-to-helpdesk", "--no-color").out());
            assertThat(before.out()).containsPattern("fingerprints +3 ");
            assertThat(top.exitCode()).as(top.toString()).isZero();
            assertThat(top.out()).contains("crm", "helpdesk");
        }
    }

    @Test
    void exchangesShowsTheNewestInTheOrderTheyWereMade() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(120).withCrmRateLimit(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
            assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
            assertThat(cli.run("run", "crm-contacts-to-helpdesk").exitCode()).isZero();

            List<String> all = times(cli.run("exchanges", "--limit", "1000", "--no-color").out());
            List<String> newest = times(cli.run("exchanges", "--limit", "2", "--no-color").out());

            assertThat(all.size()).isGreaterThan(3);
            assertThat(newest).containsExactlyElementsOf(all.subList(all.size() - 2, all.size()));
            CliRunner.Result zero = cli.run("exchanges", "--limit", "0");
            assertThat(zero.exitCode()).isEqualTo(2);
            assertThat(zero.err()).contains("--limit must be between 1 and 1000, got 0");
        }
    }

    @Test
    void valuesOutOfRangeAreUsageErrorsThatSayWhatFits() {
        CliRunner cli = new CliRunner(dataDir);

        CliRunner.Result runs = cli.run("runs", "--limit", "0");
        CliRunner.Result sandbox = cli.runRaw("sandbox", "--contacts", "-1", "--seconds", "0");

        assertThat(runs.exitCode()).as(runs.toString()).isEqualTo(2);
        assertThat(runs.err()).contains("--limit must be at least 1, got 0").doesNotContain("Exception");
        assertThat(sandbox.exitCode()).as(sandbox.toString()).isEqualTo(2);
        assertThat(sandbox.err()).contains("--contacts must be between 0 and 99999, got -1").doesNotContain("unexpected");
    }

    @Test
    void aDataDirectoryNothingCanBeWrittenToIsRefusedWithItsReason() {
        CliRunner.Result proc = new CliRunner(dataDir).runRaw("runs", "--data-dir", "/proc/1");

        assertThat(proc.exitCode()).as(proc.toString()).isNotZero();
        assertThat(proc.err()).contains("the data directory /proc/1 cannot hold the database: a file cannot be written there")
                .doesNotContain("\tat ").doesNotContain("DbException");
    }

    @Test
    void validateAndApplyWarnAboutAFileWithNoDefinitionInIt() throws java.io.IOException {
        Path folder = dataDir.resolve("defs");
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Files.writeString(folder.resolve("api.connector.yaml"), "kind: Connector\nname: api\nbaseUrl: http://127.0.0.1:1\n");
        java.nio.file.Files.writeString(folder.resolve("api.sync.yaml"), "");
        CliRunner cli = new CliRunner(dataDir.resolve("store"));

        CliRunner.Result validated = cli.runRaw("validate", folder.toString(), "--no-color");
        CliRunner.Result applied = cli.run("apply", folder.toString(), "--no-color");

        for (CliRunner.Result r : List.of(validated, applied)) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("warning: " + folder.resolve("api.sync.yaml") + ":1:1: holds no definition (it is empty, or only comments)");
        }
    }

    @Test
    void validateWarnsOfABodyVariableThePaginationDoesNotBindAndStillPasses() throws java.io.IOException {
        Path file = dataDir.resolve("search.yaml");
        java.nio.file.Files.createDirectories(dataDir);
        java.nio.file.Files.writeString(file, """
                kind: Connector
                name: search
                baseUrl: http://127.0.0.1:1
                streams:
                  hits:
                    request: { method: POST, path: /search, body: "{ 'page': $page }" }
                    records: "$.hits"
                    primaryKey: id
                    pagination: { type: cursor, nextPath: "$.next", param: after }
                """);

        CliRunner.Result validated = new CliRunner(dataDir.resolve("store")).runRaw("validate", file.toString(), "--no-color");

        assertThat(validated.exitCode()).as(validated.toString()).isZero();
        assertThat(validated.err()).contains("warning: " + file + ":6:51 streams.hits.request.body: variable $page is never bound here");
    }

    @Test
    void runApplyAppliesAFolderAndRunsInOneCommand() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(4).withCrmRateLimit(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);

            CliRunner.Result run = cli.run("run", "crm-contacts-to-helpdesk", "--apply", EXAMPLES.toString(), "--json");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).startsWith("{").contains("\"status\" : \"succeeded\"").doesNotContain("applied to");
            assertThat(sandbox.helpdesk().ledger()).hasSize(4);
            CliRunner.Result bad = cli.run("run", "crm-contacts-to-helpdesk", "--apply", dataDir.resolve("nowhere").toString());
            assertThat(bad.exitCode()).as(bad.toString()).isNotZero();
            assertThat(bad.err()).contains("no such file or folder");
        }
    }

    /** The first column (the time) of each row of an exchanges table. */
    private static List<String> times(String table) {
        Matcher m = Pattern.compile("(?m)^(\\d{4}-\\d\\d-\\d\\dT\\S+)\\s").matcher(table);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
