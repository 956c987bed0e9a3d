package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction purge}: one retention purge by hand, over the logs it is told to trim. */
class PurgeCliTest {
    private static final String EXAMPLES = Path.of("..", "examples", "demo").toString();

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(30).withCrmRateLimit(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLES).exitCode()).isZero();
        assertThat(cli.run("run", "crm-contacts-to-helpdesk").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void withTheDefaultRetentionAFreshRunsLogsStay() {
        CliRunner.Result result = cli.run("purge");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("purged 0 exchanges, 0 runs, 0 dead letters, 0 audit entries\n");
        assertThat(cli.run("exchanges").out()).contains("/v1/contacts");
    }

    @Test
    void onlyTheSelectedLogsArePurgedByTheGivenAge() {
        CliRunner.Result result = cli.run("purge", "--only", "exchanges", "--older-than", "0s", "--batch-size", "2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("purged ").doesNotStartWith("purged 0 ").endsWith(" exchanges\n");
        assertThat(cli.run("exchanges").out()).contains("no exchanges match");
        assertThat(cli.run("runs").out()).contains("crm-contacts-to-helpdesk");
    }

    @Test
    void aSizeLimitFromTheEnvironmentKeepsTheNewestRows() {
        cli.env("JUNCTION_RETENTION_EXCHANGES_MAX_ROWS", "1");

        CliRunner.Result result = cli.run("purge", "--only", "exchanges");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.run("exchanges", "--json").out()).containsOnlyOnce("\"url\"");
    }

    @Test
    void aBadSettingIsABadInputThatNamesIt() {
        CliRunner.Result unknown = cli.run("purge", "--only", "logs");
        cli.env("JUNCTION_RETENTION_RUNS_MAX_ROWS", "lots");
        CliRunner.Result bad = cli.run("purge");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("JUNCTION_RETENTION_RUNS_MAX_ROWS: expected a number of rows such as 1000000, or none, was 'lots'");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--only: expected exchanges, runs, deadLetters or audit, was 'logs'");
    }
}
