package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.RequestHook;
import dev.junction.sandbox.Sandbox;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction run SYNC} of a per-tenant sync runs its tenants in parallel, at most the sync's
 * {@code tenants.concurrency} (or {@code --tenant-concurrency}) at once, each its own run with its
 * own state; against two sandboxes, one per tenant (examples/tenants).
 */
class ParallelTenantsCliTest {
    private static final String SYNC = TwoTenants.SYNC;

    @TempDir
    Path dataDir;

    @TempDir
    Path defs;

    private TwoTenants tenants;
    private CliRunner cli;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        tenants = new TwoTenants(dataDir, defs);
        cli = tenants.cli;
    }

    @AfterEach
    void stop() {
        tenants.close();
    }

    @Test
    void tenantsRunAtOnceEachWithItsOwnCountersAndState() throws Exception {
        // each tenant's first CRM request waits for the other's: both return only if both tenants are reading at once
        CountDownLatch bothReading = new CountDownLatch(2);
        Map<String, Boolean> sawTheOther = new ConcurrentHashMap<>();
        holdFirstRequest(tenants.northwind, "northwind", bothReading, sawTheOther);
        holdFirstRequest(tenants.globex, "globex", bothReading, sawTheOther);

        CliRunner.Result run = cli.run("run", SYNC, "--no-color");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(sawTheOther).as("each tenant's first request was in flight with the other's").containsOnly(
                Map.entry("northwind", true), Map.entry("globex", true));
        assertThat(run.out()).containsPattern("run \\S+ of contacts-to-helpdesk for tenant globex succeeded in \\S+ · read 7 · inserted \\d+ · updated \\d+"
                        + " · unchanged 0 · skipped 0 · deleted 0 · failed 0")
                .containsPattern("run \\S+ of contacts-to-helpdesk for tenant northwind succeeded in \\S+ · read 12 ")
                .contains("contacts-to-helpdesk: 2 tenant(s): 2 succeeded, 0 with dead letters, 0 failed, 0 cancelled");
        List<String> table = tableRows(run.out());
        assertThat(table).hasSize(2);
        assertThat(table.get(0)).matches("  globex\\s+succeeded\\s+\\S+\\s+7\\s+.*");
        assertThat(table.get(1)).matches("  northwind\\s+succeeded\\s+\\S+\\s+12\\s+.*");
        assertThat(tenants.northwind.helpdesk().writeCountsByKey()).hasSize(12).allSatisfy((key, n) -> assertThat(n).isOne());
        assertThat(tenants.globex.helpdesk().writeCountsByKey()).hasSize(7).allSatisfy((key, n) -> assertThat(n).isOne());

        JsonNode again = json.readTree(cli.run("run", SYNC, "--json").out());
        assertThat(again.findValuesAsText("tenant")).as("JSON in tenant name order").containsExactly("globex", "northwind");
        assertThat(again.get(0).path("counters").path("unchanged").asLong()).as("globex's own fingerprints").isEqualTo(7);
        assertThat(again.get(1).path("counters").path("unchanged").asLong()).as("northwind's own fingerprints").isEqualTo(12);
        for (JsonNode r : again) {
            JsonNode exchanges = json.readTree(cli.run("exchanges", "--run", r.path("id").asText(), "--json").out());
            assertThat(exchanges.findValuesAsText("tenant")).as("calls of %s's run", r.path("tenant").asText())
                    .containsOnly(r.path("tenant").asText());
        }
    }

    @Test
    void withConcurrencyOneEachTenantStartsAfterThePreviousFinished() throws Exception {
        Files.writeString(defs.resolve("contacts-to-helpdesk.sync.yaml"), Files.readString(defs.resolve("contacts-to-helpdesk.sync.yaml"))
                .replace("tenants: { concurrency: 2 }", "tenants: { concurrency: 1 }"));
        tenants.apply();

        CliRunner.Result run = cli.run("run", SYNC, "--no-color");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().indexOf("for tenant globex")).isLessThan(run.out().indexOf("for tenant northwind"));
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            RunRecord globex = store.runs().list(SYNC, "globex", 1).getFirst();
            RunRecord northwind = store.runs().list(SYNC, "northwind", 1).getFirst();
            assertThat(northwind.startedAt()).as("northwind starts once globex finished").isAfterOrEqualTo(globex.finishedAt());
        }

        CliRunner.Result overridden = cli.run("run", SYNC, "--no-color", "--tenant-concurrency", "2");
        assertThat(overridden.exitCode()).as(overridden.toString()).isZero();
        assertThat(overridden.out()).contains("2 tenant(s): 2 succeeded");
    }

    @Test
    void aThirdTenantStartsOnlyOnceOneOfTheFirstTwoFinished() throws Exception {
        try (Sandbox initech = Sandbox.start(dev.junction.sandbox.SandboxOptions.defaults().withSeed(3).withCrmContacts(5).withCrmRateLimit(0))) {
            cli.env("INITECH_CRM_URL", initech.crm().baseUrl().toString()).env("INITECH_CRM_TOKEN", initech.crm().token())
                    .env("INITECH_HELPDESK_URL", initech.helpdesk().baseUrl().toString()).env("INITECH_HELPDESK_API_KEY", initech.helpdesk().apiKey());
            Files.writeString(defs.resolve("initech.yaml"), """
                    kind: Connection
                    name: initech-crm
                    connector: acme-crm
                    tenant: initech
                    config: { baseUrl: "${env:INITECH_CRM_URL}" }
                    secrets: { token: "${env:INITECH_CRM_TOKEN}" }
                    ---
                    kind: Connection
                    name: initech-helpdesk
                    connector: helpdesk
                    tenant: initech
                    config: { baseUrl: "${env:INITECH_HELPDESK_URL}" }
                    secrets: { apiKey: "${env:INITECH_HELPDESK_API_KEY}" }
                    """);
            tenants.apply();

            CliRunner.Result run = cli.run("run", SYNC, "--no-color", "--tenant-concurrency", "2");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("3 tenant(s): 3 succeeded");
            assertThat(initech.helpdesk().writeCountsByKey()).hasSize(5);
            try (JdbcStore store = JdbcStore.h2(dataDir)) {
                // started in name order: globex and initech at once, northwind in the first free place
                RunRecord globex = store.runs().list(SYNC, "globex", 1).getFirst();
                RunRecord initechRun = store.runs().list(SYNC, "initech", 1).getFirst();
                RunRecord northwind = store.runs().list(SYNC, "northwind", 1).getFirst();
                Instant firstFree = globex.finishedAt().isBefore(initechRun.finishedAt()) ? globex.finishedAt() : initechRun.finishedAt();
                assertThat(northwind.startedAt()).isAfterOrEqualTo(firstFree);
            }
        }
    }

    @Test
    void aFailingTenantLeavesTheOthersResultsAloneAndTheWorstExitCodeWins() throws Exception {
        // globex's Helpdesk refuses its key (the run fails); northwind maps only gold contacts' priority (dead letters)
        cli.env("GLOBEX_HELPDESK_API_KEY", "wrong");
        tenants.mapOnlyNorthwindsGoldPriority();

        CliRunner.Result run = cli.run("run", SYNC, "--no-color");

        assertThat(run.exitCode()).as("failed (1) is worse than dead letters (3): " + run).isOne();
        assertThat(run.out()).containsPattern("for tenant globex failed in .*\\n    reason: .*401")
                .containsPattern("for tenant northwind finished with dead letters in \\S+ · read 12 ")
                .contains("2 tenant(s): 0 succeeded, 1 with dead letters, 1 failed, 0 cancelled");
        long deadLetters = json.readTree(cli.run("deadletters", "list", "--tenant", "northwind", "--json").out()).size();
        assertThat(deadLetters).isPositive();
        assertThat(tenants.northwind.helpdesk().ledger()).hasSize((int) (12 - deadLetters));
        assertThat(tenants.globex.helpdesk().ledger()).isEmpty();
        assertThat(cli.run("deadletters", "list", "--tenant", "globex").out()).contains("no dead letters");

        cli.env("GLOBEX_HELPDESK_API_KEY", tenants.globex.helpdesk().apiKey());
        CliRunner.Result fixed = cli.run("run", SYNC, "--no-color");
        assertThat(fixed.exitCode()).as("dead letters (3) are worse than success: " + fixed).isEqualTo(3);
        assertThat(tenants.globex.helpdesk().writeCountsByKey()).hasSize(7);
    }

    @Test
    void cancellingOneTenantsRunLeavesTheOtherRunningToItsEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CliRunner.Result> running = runHeldWhileBothRead(release);
        try {
            String globexRun = null;
            for (JsonNode r : json.readTree(cli.run("runs", "--tenant", "globex", "--json").out())) {
                globexRun = r.path("id").asText();
            }
            CliRunner.Result cancel = cli.run("runs", "cancel", globexRun);
            assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        } finally {
            release.countDown();
        }

        CliRunner.Result run = running.get(60, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as("cancelled (4) is worse than success: " + run).isEqualTo(4);
        assertThat(run.out()).containsPattern("for tenant globex was cancelled in ")
                .containsPattern("for tenant northwind succeeded in \\S+ · read 12 ")
                .contains("2 tenant(s): 1 succeeded, 0 with dead letters, 0 failed, 1 cancelled");
        assertThat(tenants.northwind.helpdesk().writeCountsByKey()).hasSize(12).allSatisfy((key, n) -> assertThat(n).isOne());

        CliRunner.Result rest = cli.run("run", SYNC, "--tenant", "globex", "--json");
        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        assertThat(tenants.globex.helpdesk().writeCountsByKey()).hasSize(7).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    @Test
    void cancelWithSyncStopsEveryRunningTenantCleanlyAndTheNextRunSendsTheRest() throws Exception {
        CliRunner.Result idle = cli.run("runs", "cancel", "--sync", SYNC);
        assertThat(idle.exitCode()).isOne();
        assertThat(idle.err()).isEqualTo("junction: sync 'contacts-to-helpdesk' has no running run; there is nothing to cancel"
                + " (see: junction runs --sync contacts-to-helpdesk)\n");
        assertThat(cli.run("runs", "cancel").exitCode()).isEqualTo(2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<CliRunner.Result> running = runHeldWhileBothRead(release);
        try {
            CliRunner.Result cancel = cli.run("runs", "cancel", "--sync", SYNC);
            assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
            assertThat(cancel.out()).containsPattern("asked run \\S+ of contacts-to-helpdesk for tenant globex to stop")
                    .containsPattern("asked run \\S+ of contacts-to-helpdesk for tenant northwind to stop");
        } finally {
            release.countDown();
        }

        CliRunner.Result run = running.get(60, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.out()).contains("2 tenant(s): 0 succeeded, 0 with dead letters, 0 failed, 2 cancelled");
        CliRunner.Result rest = cli.run("run", SYNC, "--no-color");
        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        assertThat(tenants.northwind.helpdesk().writeCountsByKey()).hasSize(12).allSatisfy((key, n) -> assertThat(n).isOne());
        assertThat(tenants.globex.helpdesk().writeCountsByKey()).hasSize(7).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    @Test
    void aDryRunOfEveryTenantPrintsEachTenantsReportInNameOrder() throws Exception {
        CliRunner.Result dry = cli.run("run", SYNC, "--dry-run", "--samples", "0", "--no-color");

        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).containsPattern("(?s)tenant globex\n  dry run of contacts-to-helpdesk: nothing was written or stored\n.*"
                + "tenant northwind\n  dry run of contacts-to-helpdesk: nothing was written or stored\n");
        assertThat(tenants.globex.helpdesk().ledger()).isEmpty();
        assertThat(tenants.northwind.helpdesk().ledger()).isEmpty();
    }

    @Test
    void aTenantConcurrencyThatIsNotAPositiveIntegerIsRefused() throws Exception {
        CliRunner.Result zero = cli.run("run", SYNC, "--tenant-concurrency", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--tenant-concurrency 0: expected a positive integer, the most tenants to run at once"
                + " (1 runs them one after another)");

        assertThat(tenants.globex.helpdesk().ledger()).isEmpty();
    }

    @Test
    void ctrlCOrSigtermStopsEveryRunningTenantWhichEndsCancelledAndTheNextRunSendsTheRest() throws Exception {
        // both tenants' first CRM request is held until the engine process has been told to stop
        CountDownLatch bothReading = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        holdFirstRequestUntil(tenants.northwind, bothReading, release);
        holdFirstRequestUntil(tenants.globex, bothReading, release);
        Path err = dataDir.resolve("engine.err");
        Process engine = startEngine(err);
        try {
            assertThat(bothReading.await(60, TimeUnit.SECONDS)).as("both tenants reading: " + Files.readString(err)).isTrue();

            // SIGTERM runs the same shutdown hook as Ctrl-C (SIGINT), which a shell may have told background processes to ignore
            engine.destroy();
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> Files.readString(err).contains("junction: stopping: asked 2"));
            release.countDown();

            assertThat(engine.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            engine.destroyForcibly();
        }
        assertThat(engine.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            for (String tenant : List.of("globex", "northwind")) {
                RunRecord run = store.runs().list(SYNC, tenant, 1).getFirst();
                assertThat(run.status()).as(tenant + "'s run: " + run.error()).isEqualTo(RunStatus.CANCELLED);
                assertThat(run.finishedAt()).isNotNull();
                assertThat(store.leases().find(dev.junction.sync.SyncJob.stateKey(SYNC, tenant))).as("lease given up").isEmpty();
            }
        }

        tenants.northwind.crm().setRequestHook(RequestHook.NONE);
        tenants.globex.crm().setRequestHook(RequestHook.NONE);
        CliRunner.Result rest = cli.run("run", SYNC, "--no-color");
        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        assertThat(tenants.northwind.helpdesk().writeCountsByKey()).hasSize(12).allSatisfy((key, n) -> assertThat(n).isOne());
        assertThat(tenants.globex.helpdesk().writeCountsByKey()).hasSize(7).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    /** The engine as its own process ({@code junction run SYNC}), so that it can be sent SIGINT. */
    private Process startEngine(Path err) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", SYNC, "--data-dir", dataDir.toString(), "--no-color")
                .redirectOutput(dataDir.resolve("engine.out").toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(tenants.env());
        return builder.start();
    }

    private static void holdFirstRequest(Sandbox sandbox, String tenant, CountDownLatch both, Map<String, Boolean> sawTheOther) {
        AtomicBoolean first = new AtomicBoolean(true);
        sandbox.crm().setRequestHook((method, path) -> {
            if (first.getAndSet(false)) {
                both.countDown();
                sawTheOther.put(tenant, both.await(60, TimeUnit.SECONDS));
            }
        });
    }

    /**
     * Starts {@code junction run SYNC} on another thread and returns once both tenants' runs are
     * reading: their first CRM requests are held until {@code release}.
     */
    private CompletableFuture<CliRunner.Result> runHeldWhileBothRead(CountDownLatch release) throws InterruptedException {
        CountDownLatch bothReading = new CountDownLatch(2);
        holdFirstRequestUntil(tenants.northwind, bothReading, release);
        holdFirstRequestUntil(tenants.globex, bothReading, release);
        CompletableFuture<CliRunner.Result> running = CompletableFuture.supplyAsync(() -> cli.run("run", SYNC, "--no-color"));
        assertThat(bothReading.await(60, TimeUnit.SECONDS)).as("both tenants reading").isTrue();
        return running;
    }

    /** Holds the sandbox's first CRM request, once it counted down {@code arrived}, until {@code release}. */
    private static void holdFirstRequestUntil(Sandbox sandbox, CountDownLatch arrived, CountDownLatch release) {
        AtomicBoolean first = new AtomicBoolean(true);
        sandbox.crm().setRequestHook((method, path) -> {
            if (first.getAndSet(false)) {
                arrived.countDown();
                release.await(60, TimeUnit.SECONDS);
            }
        });
    }

    /** The rows of the final table of tenants (after its header). */
    private static List<String> tableRows(String out) {
        List<String> lines = out.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s+tenant\\s+status\\s+run\\s+read.*")) {
                header = i;
            }
        }
        assertThat(header).as("the table of tenants in:\n" + out).isNotNegative();
        return new ArrayList<>(lines.subList(header + 1, lines.size()));
    }
}
