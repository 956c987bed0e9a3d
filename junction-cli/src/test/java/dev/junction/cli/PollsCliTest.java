package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction polls} on the demo definitions with two syncs polling the CRM's contacts. */
class PollsCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        try (var files = Files.list(EXAMPLES)) {
            for (Path f : files.toList()) {
                Files.writeString(defs.resolve(f.getFileName()), Files.readString(f));
            }
        }
        for (String every : new String[] {"5m", "90s"}) {
            Files.writeString(defs.resolve("polled-" + every + ".sync.yaml"), """
                    kind: Sync
                    name: polled-%s
                    source: { connection: crm, stream: contacts }
                    destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                    mapping: { external_id: id, email: properties.email }
                    on: { poll: { every: %s } }
                    """.formatted(every, every));
        }
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void listsOnePollPerStreamWithItsSyncsAtTheShortestPeriod() {
        CliRunner.Result none = cli.run("polls");
        assertThat(none.out()).as(none.toString()).contains("no polls; add on: { poll: { every: 1m } } to a sync");
        CliRunner.Result applied = cli.run("apply", defs.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();

        CliRunner.Result listed = cli.run("polls");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("crm/contacts [default]  every 90s").contains("  syncs: polled-5m, polled-90s")
                .contains("  cursor: none").contains("  last: never ticked").containsPattern("  next: \\d{4}-\\d\\d-\\d\\dT");
        assertThat(cli.run("polls", "--tenant", "acme").out()).contains("no polls for tenant 'acme'");
    }
}
