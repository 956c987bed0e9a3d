package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction connections health|check|checks|reset} on examples/demo, against the sandbox's CRM and Helpdesk. */
class ConnectionsCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void apply() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5).withCrmRateLimit(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        CliRunner.Result applied = cli.run("apply", EXAMPLES.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void checksEveryConnectionAndHealthShowsTheirStatus() {
        assertThat(cli.run("connections", "health", "--no-color").out()).contains("crm", "unknown", "never");

        CliRunner.Result checked = cli.run("connections", "check", "--no-color");

        assertThat(checked.exitCode()).as(checked.toString()).isZero();
        assertThat(checked.out()).contains("crm: ok (HTTP 200)", "helpdesk: ok (HTTP 200)");
        CliRunner.Result health = cli.run("connections", "health", "--no-color");
        assertThat(health.out()).containsPattern("crm\\s+acme-crm\\s+default\\s+ok\\s+check\\s+20")
                .doesNotContain("unknown");
    }

    @Test
    void aFailingCheckExitsOneSaysWhyKeepsItsHistoryAndAResetForgetsTheStatus() throws Exception {
        CliRunner wrongToken = CliRunner.forSandbox(dataDir, sandbox).env("ACME_CRM_TOKEN", "not-the-token");
        assertThat(cli.run("connections", "check", "crm").exitCode()).isZero();

        CliRunner.Result failed = wrongToken.run("connections", "check", "crm", "--no-color");

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        // a refused bearer token is nothing Junction can refresh: somebody has to give the connection a new one
        assertThat(failed.out()).contains("crm: needs_reauth (HTTP 401)", "give it new ones in its secrets").doesNotContain("not-the-token");
        assertThat(cli.run("connections", "health", "--no-color").out()).contains("crm: ").contains("401");
        JsonNode checks = new ObjectMapper().readTree(cli.run("connections", "checks", "crm", "--json").out());
        assertThat(checks).extracting(c -> c.path("status").asText()).containsExactly("needs_reauth", "ok");

        CliRunner.Result reset = cli.run("connections", "reset", "crm", "--no-color");

        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).contains("crm: unknown");
        assertThat(cli.run("connections", "check", "no-such").exitCode()).isNotZero();
    }
}
