package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Contact;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction backfill} with no server holding the data directory: the chunks run here, one after another. */
class BackfillCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private Sandbox sandbox;
    private CliRunner cli;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void runsEachChunkHereAndWritesTheContactsOfTheRange() throws Exception {
        start("incremental");

        CliRunner.Result done = cli.run("backfill", SYNC, "--from", "2026-01-05", "--to", "2026-01-20", "--chunk", "10d");

        assertThat(done.exitCode()).as(done.toString()).isZero();
        assertThat(done.out()).contains("chunk 1 of 2: [2026-01-05T00:00:00Z, 2026-01-15T00:00:00Z)")
                .contains("chunk 2 of 2: [2026-01-15T00:00:00Z, 2026-01-20T00:00:00Z)").contains("backfill of [");
        long inRange = 0;
        for (int i = 1; i <= 30; i++) {
            Instant at = sandbox.crm().contact("c-%05d".formatted(i)).map(Contact::updatedAt).orElseThrow();
            inRange += !at.isBefore(Instant.parse("2026-01-05T00:00:00Z")) && at.isBefore(Instant.parse("2026-01-20T00:00:00Z")) ? 1 : 0;
        }
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize((int) inRange);
    }

    @Test
    void aSyncThatReadsInFullIsRefusedWithTheReason() throws Exception {
        start("full");

        CliRunner.Result refused = cli.run("backfill", SYNC, "--from", "2026-01-05", "--to", "2026-01-20");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("sync '" + SYNC + "' cannot be backfilled: it reads stream 'contacts' in full (source.mode: full)");
        assertThat(sandbox.helpdesk().writeCountsByKey()).isEmpty();
    }

    @Test
    void aRangeThatIsNotADateIsAUsageError() throws Exception {
        start("incremental");

        CliRunner.Result bad = cli.run("backfill", SYNC, "--from", "yesterday", "--to", "2026-01-20");

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--from: expected a date such as 2026-01-01 or an instant such as 2026-01-01T00:00:00Z, found 'yesterday'");
    }

    private void start(String mode) throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(30).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        try (var files = Files.list(EXAMPLES)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f);
                Files.writeString(defs.resolve(f.getFileName()), text.replace("stream: contacts, mode: full }", "stream: contacts, mode: " + mode + " }"));
            }
        }
        CliRunner.Result applied = cli.run("apply", defs.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }
}
