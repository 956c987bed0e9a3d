package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction alerts rules}, {@code alerts list} and {@code alerts test} over examples/alerts. */
class AlertsCliTest {
    private static final String EXAMPLE = Path.of("..", "examples", "alerts").toString();

    @TempDir
    Path dataDir;

    @Test
    void theExampleRulesAreListedNoAlertFiresAndATestToAChannelWithoutItsSecretFailsSayingWhy() {
        CliRunner cli = new CliRunner(dataDir);
        CliRunner.Result applied = cli.run("apply", EXAMPLE);
        assertThat(applied.exitCode()).as(applied.toString()).isZero();

        CliRunner.Result rules = cli.run("alerts", "rules");
        assertThat(rules.exitCode()).as(rules.toString()).isZero();
        assertThat(rules.out()).contains("contacts-run-failed  run-failed  critical  scope: sync=crm-contacts-to-helpdesk  channels: oncall, ops-slack")
                .contains("inbox-lag  inbox-lag  critical  scope: any  channels: oncall");

        CliRunner.Result list = cli.run("alerts", "list", "--firing");
        assertThat(list.out()).contains("no alert fires");

        CliRunner.Result test = cli.run("alerts", "test", "ops-slack");
        assertThat(test.exitCode()).isEqualTo(1);
        assertThat(test.out()).startsWith("test message to ops-slack: dead (channel 'ops-slack': ").contains("SLACK_ALERTS_WEBHOOK_URL");
    }

    @Test
    void aChannelsStoredSecretIsSetFromTheEnvironmentAndAnUnknownFieldIsRefused() {
        CliRunner cli = new CliRunner(dataDir).env("PD_KEY", "R0UTINGKEY0123456789abcdef012345");
        assertThat(cli.run("apply", EXAMPLE).exitCode()).isZero();

        CliRunner.Result set = cli.run("alerts", "set-secret", "oncall", "--secret-env", "routingKey=PD_KEY");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).isEqualTo("alert channel oncall: routingKey stored (encrypted)\n");
        assertThat(set.toString()).doesNotContain("R0UTINGKEY");

        CliRunner.Result wrong = cli.run("alerts", "set-secret", "oncall", "--secret-env", "key=PD_KEY");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("'key' is not a stored secret of this channel; its stored secrets are routingKey").doesNotContain("R0UTINGKEY");
        CliRunner.Result fromEnv = cli.run("alerts", "set-secret", "ops-slack", "--secret-env", "url=PD_KEY");
        assertThat(fromEnv.exitCode()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("keeps no secret in the store");
    }
}
