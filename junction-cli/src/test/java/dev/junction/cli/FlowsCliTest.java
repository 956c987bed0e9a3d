package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Contact;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction flows list} and {@code junction flows run} with examples/flows against the sandbox. */
class FlowsCliTest {
    private static final String EXAMPLE = Path.of("..", "examples", "flows").toString();

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLE).exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theExampleFlowRunsHereOncePerKeyAndIsListed() {
        String id = sandbox.crm().changeContacts(1).getFirst();
        Contact contact = sandbox.crm().contact(id).orElseThrow();
        String input = "{\"id\": \"" + id + "\"}";

        CliRunner.Result first = cli.run("flows", "run", "contact-card", "--input", input, "--idempotency-key", "k1");
        CliRunner.Result again = cli.run("flows", "run", "contact-card", "--input", input, "--idempotency-key", "k1");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains(": succeeded 200").contains("1. contact  succeeded").contains("5. answer  succeeded")
                .contains(contact.property("firstname") + " " + contact.property("lastname"));
        assertThat(again.out()).contains("(an earlier execution, same key)");
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsExactlyEntriesOf(java.util.Map.of("crm-" + id, 1));
        assertThat(cli.run("flows", "list").out()).contains("contact-card  v1  trigger: api, manual  steps: contact, found, card, user, answer");
    }

    @Test
    void aMissingContactFailsWith404AndBadInputIsAUsageError() {
        CliRunner.Result missing = cli.run("flows", "run", "contact-card", "--input", "{\"id\": \"nobody\"}");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).contains(": failed 404").contains("no CRM contact nobody");

        CliRunner.Result bad = cli.run("flows", "run", "contact-card", "--input", "{\"id\": 7}");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("/id");
    }
}
