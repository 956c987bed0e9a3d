package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --dry-run}, one run per sync at a time, and {@code runs cancel}, through the CLI against the sandbox. */
class RunControlCliTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    private final ObjectMapper json = new ObjectMapper();
    private Sandbox sandbox;
    private CliRunner cli;

    private void start(int contacts) {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(contacts).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        CliRunner.Result applied = cli.run("apply", EXAMPLES.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aDryRunPrintsWhatWouldBeInsertedWithSamplesAndLeavesNoTrace() throws Exception {
        start(120);

        CliRunner.Result dry = cli.run("run", SYNC, "--dry-run", "--samples", "2", "--no-color");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("dry run of crm-contacts-to-helpdesk: nothing was written or stored")
                .containsPattern("would insert\\s+would update")
                .containsPattern("120\\s+120\\s+0\\s+0\\s+0\\s+0");
        assertThat(dry.out().lines().filter(l -> l.startsWith("  would insert c-"))).hasSize(2);
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
        assertThat(cli.run("runs").out()).contains("no runs yet");

        JsonNode asJson = json.readTree(cli.run("run", SYNC, "--dry-run", "--json").out());
        assertThat(asJson.path("wouldInsert").asLong()).isEqualTo(120);
        assertThat(asJson.path("samples")).hasSize(3);
        assertThat(asJson.path("samples").get(0).path("record").path("external_id").asText()).startsWith("c-");

        CliRunner.Result real = cli.run("run", SYNC, "--json");
        assertThat(json.readTree(real.out()).path("counters").path("inserted").asLong()).isEqualTo(120);
    }

    @Test
    void aSecondRunWhileOneIsRunningFailsFastAndCancelStopsTheFirstBetweenBatches() throws Exception {
        start(1000);
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(400)));
        CompletableFuture<CliRunner.Result> first = CompletableFuture.supplyAsync(() -> cli.run("run", SYNC, "--json"));
        AtomicReference<String> runId = new AtomicReference<>();
        await().atMost(30, TimeUnit.SECONDS).until(() -> {
            JsonNode runs = json.readTree(cli.run("runs", "--json").out());
            if (runs.size() == 1 && runs.get(0).path("status").asText().equals("running")) {
                runId.set(runs.get(0).path("id").asText());
            }
            return runId.get() != null;
        });

        CliRunner.Result second = cli.run("run", SYNC);
        assertThat(second.exitCode()).as(second.toString()).isOne();
        assertThat(second.err()).startsWith("junction: sync 'crm-contacts-to-helpdesk' is already running as run '" + runId.get() + "' (since ")
                .contains("; wait for it to finish or stop it with: junction runs cancel " + runId.get());

        CliRunner.Result cancel = cli.run("runs", "cancel", runId.get());
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).isEqualTo("asked run " + runId.get() + " of crm-contacts-to-helpdesk to stop; it stops after the batches in flight\n");

        CliRunner.Result stopped = first.get(60, TimeUnit.SECONDS);
        assertThat(stopped.exitCode()).as(stopped.toString()).isEqualTo(4);
        JsonNode run = json.readTree(stopped.out());
        assertThat(run.path("status").asText()).isEqualTo("cancelled");
        long written = run.path("counters").path("inserted").asLong();
        assertThat(written).isLessThan(1000);
        assertThat(sandbox.helpdesk().ledger()).hasSize((int) written);

        CliRunner.Result late = cli.run("runs", "cancel", runId.get());
        assertThat(late.exitCode()).isOne();
        assertThat(late.err()).isEqualTo("junction: run '" + runId.get() + "' of sync 'crm-contacts-to-helpdesk' has already finished (cancelled);"
                + " there is nothing to cancel\n");

        sandbox.helpdesk().setFaults(Faults.NONE);
        CliRunner.Result rest = cli.run("run", SYNC, "--json");
        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(1000).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    @Test
    void cancellingARunThatHoldsNoLeaseMarksItAbandonedAtOnce() {
        start(10);
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            store.runs().start("ghost", SYNC, "cli", Instant.parse("2026-11-22T00:00:00Z"));
        }

        CliRunner.Result cancel = cli.run("runs", "cancel", "ghost");

        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).isEqualTo("marked run ghost of crm-contacts-to-helpdesk abandoned: the process running it ended without finishing"
                + " it (killed or crashed); the next run resumes from the last checkpoint (its sync is free)\n");
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.runs().find("ghost").orElseThrow().status()).isEqualTo(dev.junction.store.RunStatus.ABANDONED);
        }
        CliRunner.Result again = cli.run("runs", "cancel", "ghost");
        assertThat(again.err()).isEqualTo("junction: run 'ghost' of sync 'crm-contacts-to-helpdesk' has already finished (abandoned);"
                + " there is nothing to cancel\n");
    }

    @Test
    void cancellingARunThatDoesNotExistSaysSo() {
        start(10);

        CliRunner.Result cancel = cli.run("runs", "cancel", "nope");

        assertThat(cancel.exitCode()).isOne();
        assertThat(cancel.err()).isEqualTo("junction: no run with id 'nope'; list runs with: junction runs\n");
    }
}
