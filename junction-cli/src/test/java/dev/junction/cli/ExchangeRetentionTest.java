package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request log keeps exchanges for a retention period and can be pruned by hand. */
class ExchangeRetentionTest {
    private static final String EXAMPLES = Path.of("..", "examples", "demo").toString();

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(60).withCrmRateLimit(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLES).exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void pruneDeletesExchangesOlderThanTheGivenDuration() {
        assertThat(cli.run("run", "crm-contacts-to-helpdesk").exitCode()).isZero();
        assertThat(cli.run("exchanges").out()).contains("/v1/contacts");

        CliRunner.Result kept = cli.run("exchanges", "prune", "--older-than", "1h");
        assertThat(kept.out()).startsWith("deleted 0 exchange(s)");

        CliRunner.Result pruned = cli.run("exchanges", "prune", "--older-than", "0s");
        assertThat(pruned.exitCode()).isZero();
        assertThat(pruned.out()).doesNotStartWith("deleted 0 ").startsWith("deleted ");
        assertThat(cli.run("exchanges").out()).contains("no exchanges match");
    }

    @Test
    void aRunPrunesToTheConfiguredRetention() {
        cli.env("JUNCTION_EXCHANGE_RETENTION", "0s");

        assertThat(cli.run("run", "crm-contacts-to-helpdesk").exitCode()).isZero();

        assertThat(cli.run("exchanges").out()).contains("no exchanges match");
    }

    @Test
    void aBadRetentionSettingStopsTheRunBeforeItStarts() {
        cli.env("JUNCTION_EXCHANGE_RETENTION", "a month");

        CliRunner.Result result = cli.run("run", "crm-contacts-to-helpdesk");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("JUNCTION_EXCHANGE_RETENTION='a month' is not a duration; write e.g. 7d, 12h or 'forever'");
        assertThat(cli.run("runs").out()).contains("no runs yet");
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    @Test
    void aBadDurationOnTheCommandLineIsABadInput() {
        CliRunner.Result result = cli.run("exchanges", "prune", "--older-than", "3 weeks");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'3 weeks' is not a duration; write a whole number and a unit: 500ms, 30s, 15m, 12h or 30d");
    }
}
