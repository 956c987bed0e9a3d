package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction state show} and {@code state reset} on the demo sync, read incrementally: what a
 * run stored, and how a reset changes what the next run reads and sends.
 */
class StateCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";
    private static final int CONTACTS = 30;

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private final ObjectMapper json = new ObjectMapper();
    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(CONTACTS).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        try (var files = Files.list(EXAMPLES)) {
            for (Path f : files.toList()) {
                Files.writeString(defs.resolve(f.getFileName()), Files.readString(f).replace("mode: full", "mode: incremental"));
            }
        }
        CliRunner.Result applied = cli.run("apply", defs.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void showSaysWhatARunStoredAndAResetMakesTheNextRunReadAndSendEverythingAgain() throws Exception {
        CliRunner.Result before = cli.run("state", "show", SYNC, "--no-color");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).containsPattern("lease\\s+free").containsPattern("last run\\s+none").containsPattern("fingerprints\\s+0 ")
                .contains("checkpoints    none (the next run reads everything)");

        JsonNode first = run();
        assertThat(written(first)).isEqualTo(CONTACTS);
        CliRunner.Result after = cli.run("state", "show", SYNC, "--no-color");
        assertThat(after.out()).containsPattern("fingerprints\\s+" + CONTACTS + " \\(records the next run skips")
                .containsPattern("last run\\s+" + first.path("id").asText() + " succeeded, finished ")
                .containsPattern("stream\\s+partition\\s+checkpoint\\s+saved\\s+complete")
                .containsPattern("contacts\\s+-\\s+20\\d\\d-");
        JsonNode shown = json.readTree(cli.run("state", "show", SYNC, "--json").out());
        assertThat(shown.path("fingerprints").asLong()).isEqualTo(CONTACTS);
        assertThat(shown.path("checkpoints").get(0).path("stream").asText()).isEqualTo("contacts");
        assertThat(shown.path("checkpoints").get(0).path("value").asText()).isNotEmpty();
        assertThat(shown.path("lastRun").path("status").asText()).isEqualTo("succeeded");
        assertThat(shown.path("lease").isNull()).isTrue();

        CliRunner.Result asked = cli.run("state", "reset", SYNC);
        assertThat(asked.exitCode()).as("no terminal to ask on: exit 2, nothing changed").isEqualTo(2);
        assertThat(asked.out()).contains("would reset sync 'crm-contacts-to-helpdesk':", "remove 1 checkpoint(s) (contacts: (stream))",
                "remove " + CONTACTS + " fingerprint(s)", "kept: run history and dead letters");
        assertThat(asked.err()).contains("junction: nothing was reset; add --yes to reset (no terminal to ask on)");
        assertThat(json.readTree(cli.run("state", "show", SYNC, "--json").out()).path("fingerprints").asLong()).isEqualTo(CONTACTS);

        CliRunner.Result reset = cli.run("state", "reset", SYNC, "--yes");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).contains("reset sync 'crm-contacts-to-helpdesk': removed 1 checkpoint(s) and " + CONTACTS + " fingerprint(s)",
                "next run: reads everything again and sends every record (as upserts", "kept: run history and dead letters");
        assertThat(cli.run("state", "show", SYNC, "--no-color").out()).contains("checkpoints    none").containsPattern("fingerprints\\s+0 ");

        int ledger = sandbox.helpdesk().ledger().size();
        JsonNode again = run();
        assertThat(again.path("counters").path("read").asLong()).isEqualTo(CONTACTS);
        assertThat(written(again)).as("every record is sent again").isEqualTo(CONTACTS);
        assertThat(again.path("counters").path("unchanged").asLong()).isZero();
        assertThat(sandbox.helpdesk().ledger()).hasSize(ledger + CONTACTS);
        assertThat(json.readTree(cli.run("runs", "--sync", SYNC, "--json").out())).as("run history kept").hasSize(2);
    }

    @Test
    void aCheckpointOnlyResetReadsEverythingAgainButStillSkipsUnchangedRecords() throws Exception {
        run();
        JsonNode incremental = run();
        assertThat(incremental.path("counters").path("read").asLong()).as("the checkpoint narrows the read").isLessThan(CONTACTS);

        CliRunner.Result reset = cli.run("state", "reset", SYNC, "--checkpoint-only", "--yes");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).contains("removed 1 checkpoint(s)").doesNotContain("fingerprint(s)")
                .contains("records whose fingerprint is unchanged are still skipped");
        int ledger = sandbox.helpdesk().ledger().size();

        JsonNode again = run();
        assertThat(again.path("counters").path("read").asLong()).isEqualTo(CONTACTS);
        assertThat(again.path("counters").path("unchanged").asLong()).isEqualTo(CONTACTS);
        assertThat(written(again)).isZero();
        assertThat(sandbox.helpdesk().ledger()).hasSize(ledger);
    }

    @Test
    void aPartitionResetClearsOnlyThatPartitionsCheckpointAndKeepsFingerprints() throws Exception {
        run();
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            store.checkpoints().save(SYNC, "contacts", "parent:co-1", "2026-01-01T00:00:00Z", Instant.parse("2026-02-01T00:00:00Z"));
            store.checkpoints().complete(SYNC, "contacts", "parent:co-2", Instant.parse("2026-02-02T00:00:00Z"));
        }
        assertThat(cli.run("state", "show", SYNC, "--no-color").out())
                .containsPattern("contacts\\s+parent:co-1\\s+2026-01-01T00:00:00Z\\s+2026-02-01T00:00:00Z\\s+-")
                .containsPattern("contacts\\s+parent:co-2\\s+-\\s+2026-02-02T00:00:00Z\\s+2026-02-02T00:00:00Z");

        CliRunner.Result unknown = cli.run("state", "reset", SYNC, "--partition", "parent:co-9", "--yes");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("sync 'crm-contacts-to-helpdesk' has no checkpoint of partition 'parent:co-9'; stored partitions:"
                + " parent:co-1, parent:co-2");

        CliRunner.Result reset = cli.run("state", "reset", SYNC, "--partition", "parent:co-1", "--yes");
        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        assertThat(reset.out()).contains("removed 1 checkpoint(s)", "reads partition 'parent:co-1' from its start");
        JsonNode shown = json.readTree(cli.run("state", "show", SYNC, "--json").out());
        assertThat(shown.path("checkpoints").findValuesAsText("partition")).containsExactly("", "parent:co-2");
        assertThat(shown.path("fingerprints").asLong()).isEqualTo(CONTACTS);
        assertThat(cli.run("state", "reset", SYNC, "--partition", "parent:co-2", "--checkpoint-only").exitCode()).isEqualTo(2);
    }

    @Test
    void aResetIsRefusedWhileARunHoldsTheLeaseAndGoesAheadOnceItIsGone() throws Exception {
        run();
        Instant now = Instant.now();
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            store.runs().start("busy", SYNC, "cli", now);
            store.leases().acquire(SYNC, "busy", now, now.plusSeconds(3600));
        }
        assertThat(cli.run("state", "show", SYNC, "--no-color").out()).containsPattern("lease\\s+held by run busy since ")
                .containsPattern("last run\\s+busy running since ");

        CliRunner.Result refused = cli.run("state", "reset", SYNC, "--yes");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("junction: sync 'crm-contacts-to-helpdesk' is running as run 'busy' (since ")
                .contains("); nothing was reset. Wait for it to finish or stop it with: junction runs cancel busy");
        assertThat(json.readTree(cli.run("state", "show", SYNC, "--json").out()).path("fingerprints").asLong()).isEqualTo(CONTACTS);

        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            store.leases().release(SYNC, "busy");
        }
        assertThat(cli.run("state", "reset", SYNC, "--yes").exitCode()).isZero();
    }

    @Test
    void anUnknownSyncOrATenantOptionOnAClassicSyncIsRefused() {
        for (CliRunner.Result unknown : new CliRunner.Result[] {cli.run("state", "show", "nope"), cli.run("state", "reset", "nope", "--yes")}) {
            assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(1);
            assertThat(unknown.err()).contains("junction: no sync named 'nope' is applied; applied syncs: crm-contacts-to-helpdesk");
        }
        CliRunner.Result tenant = cli.run("state", "reset", SYNC, "--tenant", "globex", "--yes");
        assertThat(tenant.exitCode()).isEqualTo(2);
        assertThat(tenant.err()).contains("--tenant globex: sync 'crm-contacts-to-helpdesk' is not per tenant");
        CliRunner.Result all = cli.run("state", "reset", SYNC, "--all-tenants", "--yes");
        assertThat(all.exitCode()).isEqualTo(2);
        assertThat(all.err()).contains("--all-tenants: sync 'crm-contacts-to-helpdesk' is not per tenant; leave --all-tenants out");
        CliRunner.Result nothing = cli.run("state", "reset", SYNC);
        assertThat(nothing.exitCode()).as("nothing stored: nothing to ask").isZero();
        assertThat(nothing.out()).contains("nothing to reset: sync 'crm-contacts-to-helpdesk' has no stored checkpoint or fingerprint");
    }

    private JsonNode run() throws Exception {
        CliRunner.Result run = cli.run("run", SYNC, "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return json.readTree(run.out());
    }

    private static long written(JsonNode run) {
        return run.path("counters").path("inserted").asLong() + run.path("counters").path("updated").asLong();
    }
}
