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

/**
 * {@code junction flows list}, {@code run}, {@code retry}, {@code cancel} and {@code resume} with
 * examples/flows against the sandbox.
 */
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

    private static String executionId(CliRunner.Result result) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("execution (\\S+) \\(").matcher(result.out());
        assertThat(m.find()).as(result.toString()).isTrue();
        return m.group(1);
    }

    @Test
    void aFailedExecutionIsRetriedFromItsFailedStepOrRefusedWhenTheStepIsGone() throws Exception {
        CliRunner.Result missing = cli.run("flows", "run", "contact-card", "--input", "{\"id\": \"nobody\"}");
        String id = executionId(missing);

        CliRunner.Result retried = cli.run("flows", "retry", id);
        assertThat(retried.exitCode()).as(retried.toString()).isEqualTo(1);
        assertThat(retried.out()).contains(": failed 404 (retried)").contains("1. contact  succeeded").contains("3. missing  failed")
                .contains("4. missing  failed")
                .doesNotContain("5. ");

        Path changed = dataDir.resolve("changed.flow.yaml");
        java.nio.file.Files.writeString(changed, java.nio.file.Files.readString(Path.of(EXAMPLE, "contact-card.flow.yaml"))
                .replace("name: missing", "name: absent"));
        assertThat(cli.run("apply", changed.toString()).exitCode()).isZero();
        CliRunner.Result refused = cli.run("flows", "retry", id);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("failed at step 'missing', which version 2 of flow 'contact-card' no longer has");
    }

    @Test
    void aWaitingExecutionIsCancelledAndResumeRunsWhatNoProcessRuns() throws Exception {
        Path later = dataDir.resolve("later.flow.yaml");
        java.nio.file.Files.writeString(later, """
                kind: Flow
                name: later
                steps:
                  - name: pause
                    wait: { for: 1h }
                  - name: answer
                    respond: { body: { done: true } }
                """);
        assertThat(cli.run("apply", later.toString()).exitCode()).isZero();
        CliRunner.Result waiting = cli.run("flows", "run", "later", "--timeout", "2s");
        assertThat(waiting.exitCode()).as(waiting.toString()).isEqualTo(3);
        assertThat(waiting.out()).contains(": waiting").contains("1. pause  waiting");

        assertThat(cli.run("flows", "resume").out()).contains("nothing to resume");
        CliRunner.Result cancelled = cli.run("flows", "cancel", executionId(waiting));
        assertThat(cancelled.exitCode()).isZero();
        assertThat(cancelled.out()).contains(": cancelled");
        CliRunner.Result again = cli.run("flows", "cancel", executionId(waiting));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already ended (cancelled)");
    }
}
