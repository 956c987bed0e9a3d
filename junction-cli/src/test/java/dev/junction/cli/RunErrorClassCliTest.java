package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --json} and {@code runs --json} say how a failed run's error was classified: the demo sync against the sandbox. */
class RunErrorClassCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aRunRefusedByTheSourceIsAnAuthErrorWithTheProvidersCodeInRunAndRuns() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5).withCrmRateLimit(0).withHelpdeskUsers(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox).env("ACME_CRM_TOKEN", "not-the-token");
            assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();

            CliRunner.Result run = cli.run("run", "crm-contacts-to-helpdesk", "--json");

            assertThat(run.exitCode()).as(run.toString()).isOne();
            JsonNode report = json.readTree(run.out());
            assertThat(report.path("status").asText()).isEqualTo("failed");
            assertThat(report.path("error").asText()).contains("was refused with HTTP 401: error unauthorized: ");
            assertThat(report.path("errorCategory").asText()).isEqualTo("auth");
            assertThat(report.path("errorCode").asText()).isEqualTo("unauthorized");

            JsonNode listed = json.readTree(cli.run("runs", "--json").out()).get(0);
            assertThat(listed.path("errorCategory").asText()).isEqualTo("auth");
            assertThat(listed.path("errorCode").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void aRunThatSucceedsHasNullErrorFields() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5).withCrmRateLimit(0).withHelpdeskUsers(0))) {
            CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
            assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();

            JsonNode report = json.readTree(cli.run("run", "crm-contacts-to-helpdesk", "--json").out());

            assertThat(report.path("status").asText()).isEqualTo("succeeded");
            assertThat(report.has("errorCategory")).isTrue();
            assertThat(report.path("errorCategory").isNull()).isTrue();
            assertThat(report.path("errorCode").isNull()).isTrue();
        }
    }
}
