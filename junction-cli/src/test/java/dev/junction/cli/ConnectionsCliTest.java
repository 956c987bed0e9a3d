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

/** {@code junction connections health|check|checks|reset|request} on examples/demo, against the sandbox's CRM and Helpdesk. */
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
    void aRequestThroughAConnectionPrintsTheApisBodyAndExitsOneForAnErrorStatus() throws Exception {
        CliRunner.Result owners = cli.run("connections", "request", "crm", "GET", "/v1/owners", "--query", "limit=2", "-i");

        assertThat(owners.exitCode()).as(owners.toString()).isZero();
        assertThat(owners.out()).startsWith("HTTP 200\n").contains("content-type: application/json").doesNotContain(sandbox.crm().token());
        JsonNode body = new ObjectMapper().readTree(owners.out().substring(owners.out().indexOf("\n\n") + 2));
        assertThat(body.path("results")).hasSize(2);

        CliRunner.Result missing = cli.run("connections", "request", "crm", "GET", "/v1/contacts/no-such-contact");

        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).contains("answered HTTP 404", "junction exchanges --run request:");
        String logId = missing.err().substring(missing.err().indexOf("request:")).split("[)\\s]")[0];
        assertThat(cli.run("exchanges", "--run", logId).out()).contains("/v1/contacts/no-such-contact", "404");

        CliRunner.Result refused = cli.run("connections", "request", "crm", "GET", "/v1/owners", "--header", "Authorization: Bearer mine");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("header 'Authorization' is the connection's").doesNotContain("Exception");
        assertThat(cli.run("connections", "request", "crm", "GET", "/v1/owners", "--query", "limit").err()).contains("--query 'limit': expected NAME=VALUE");
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
