package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction connections create|set-secret|delete}: secrets read from the environment or files, stored encrypted, used by runs. */
class ManagedConnectionsCliTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path secrets;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(4).withCrmRateLimit(0).withCrmToken("cli-crm-token-value")
                .withHelpdeskApiKey("cli-helpdesk-key-value"));
        cli = new CliRunner(dataDir).env("CRM_TOKEN_FOR_CLI", sandbox.crm().token());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void connectionsMadeHereRunASyncAndTheirSecretsAreNeitherPrintedNorStoredInPlaintext() throws Exception {
        assertThat(cli.run("apply", "../examples/demo/acme-crm.connector.yaml", "../examples/demo/helpdesk.connector.yaml").exitCode()).isZero();
        Files.writeString(secrets.resolve("helpdesk-key"), sandbox.helpdesk().apiKey() + "\n");

        CliRunner.Result crm = cli.run("connections", "create", "crm", "--connector", "acme-crm", "--config", "baseUrl=" + sandbox.crm().baseUrl(),
                "--secret-env", "token=CRM_TOKEN_FOR_CLI");
        CliRunner.Result helpdesk = cli.run("connections", "create", "helpdesk", "--connector", "helpdesk", "--config",
                "baseUrl=" + sandbox.helpdesk().baseUrl(), "--secret-file", "apiKey=" + secrets.resolve("helpdesk-key"));
        assertThat(crm.exitCode()).as(crm.toString()).isZero();
        assertThat(helpdesk.exitCode()).as(helpdesk.toString()).isZero();
        assertThat(crm.out()).contains("connection crm (connector acme-crm, tenant default, primary) made, version 1; secrets stored: token");
        assertThat(cli.run("apply", "../examples/demo/crm-contacts-to-helpdesk.sync.yaml").exitCode()).isZero();

        CliRunner.Result run = cli.run("run", "crm-contacts-to-helpdesk");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String store = Files.readString(dataDir.resolve("junction.mv.db"), StandardCharsets.ISO_8859_1);
        for (String secret : new String[] {"cli-crm-token-value", "cli-helpdesk-key-value"}) {
            assertThat(store).doesNotContain(secret);
            assertThat(crm + helpdesk.toString() + run).doesNotContain(secret);
        }
    }

    @Test
    void setSecretReplacesAValueAndDeleteRemovesTheConnection() {
        cli.run("apply", "../examples/demo/acme-crm.connector.yaml");
        cli.run("connections", "create", "crm", "--connector", "acme-crm", "--tenant", "acme", "--config", "baseUrl=http://127.0.0.1:9",
                "--secret-env", "token=CRM_TOKEN_FOR_CLI");

        CliRunner.Result set = cli.env("ROTATED", "rotated-value").run("connections", "set-secret", "crm", "--secret-env", "token=ROTATED");
        CliRunner.Result missing = cli.run("connections", "set-secret", "crm", "--secret-env", "token=NOT_SET");
        CliRunner.Result deleted = cli.run("connections", "delete", "crm");

        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).contains("connection crm: token replaced, version 2");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--secret-env token=NOT_SET: environment variable NOT_SET is not set");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(cli.run("connections", "delete", "crm").err()).contains("no connection named 'crm' is applied");
    }
}
