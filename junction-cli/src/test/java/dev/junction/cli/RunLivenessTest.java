package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.internal.ThisProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs across processes on one data directory: a run whose engine was killed ({@code kill -9}) does
 * not hold its sync up (the next run starts at once and marks it abandoned, and {@code runs cancel}
 * marks it abandoned too), and a second process can list and cancel a running sync. The engine is a
 * separate JVM ({@code junction run}); the commands run in this JVM, itself a second process.
 */
class RunLivenessTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";
    private static final int CONTACTS = 2_000;

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();
    private Sandbox sandbox;
    private CliRunner cli;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(CONTACTS).withCrmRateLimit(0).withHelpdeskUsers(0));
        cli = CliRunner.forSandbox(dataDir, sandbox);
        CliRunner.Result applied = cli.run("apply", EXAMPLES.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        // slow writes: the run lasts long enough to be killed or cancelled midway
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(150)));
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        sandbox.close();
    }

    @Test
    void theRunAfterAKilledOneStartsAtOnceAndMarksItAbandoned() throws Exception {
        Process engine = startEngine("killed");
        // its counters are stored as it goes (the store's write delay may hold the latest back): kill it once some are
        await("saved counters").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> savedRead() > 0 || !engine.isAlive());
        killWhenWriting(engine);
        sandbox.helpdesk().setFaults(Faults.NONE);

        CliRunner.Result next = cli.run("run", SYNC, "--json");

        assertThat(next.exitCode()).as(next.toString()).isZero();
        JsonNode history = json.readTree(cli.run("runs", "--json").out());
        assertThat(history).hasSize(2);
        assertThat(history.get(1).path("status").asText()).isEqualTo("abandoned");
        assertThat(history.get(1).path("error").asText()).isEqualTo("abandoned: its process (" + process(engine) + ") ended without finishing it"
                + " (killed or crashed); run " + history.get(0).path("id").asText() + " resumed from the last checkpoint");
        assertThat(history.get(1).path("counters").path("read").asLong()).as("the counters it saved").isPositive();
        assertEveryContactWrittenOnce();
    }

    @Test
    void cancellingAKilledRunMarksItAbandonedAndFreesItsSync() throws Exception {
        Process engine = startEngine("killed");
        killWhenWriting(engine);
        String killed = json.readTree(cli.run("runs", "--json").out()).get(0).path("id").asText();
        assertThat(cli.run("state", "show", SYNC).out()).contains("lease          free: run " + killed + " held it, but its process ("
                + process(engine) + ") is gone (the next run takes it over at once)");

        CliRunner.Result cancel = cli.run("runs", "cancel", killed);

        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).isEqualTo("marked run " + killed + " of " + SYNC + " abandoned: its process (" + process(engine) + ") ended without"
                + " finishing it (killed or crashed); the next run resumes from the last checkpoint (its sync is free)\n");
        JsonNode run = json.readTree(cli.run("runs", "--json").out()).get(0);
        assertThat(run.path("status").asText()).isEqualTo("abandoned");
        assertThat(cli.run("state", "show", SYNC).out()).contains("lease          free\n");

        sandbox.helpdesk().setFaults(Faults.NONE);
        CliRunner.Result next = cli.run("run", SYNC);
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertEveryContactWrittenOnce();
    }

    @Test
    void aSecondProcessListsARunningSyncAndCancelsIt() throws Exception {
        // slower still: listing the run and cancelling it are two more processes opening the store, and the run
        // must still be going when the cancel lands (at 150 ms a write it sometimes finished first)
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(600)));
        Process engine = startEngine("cancelled");
        String running;
        try {
            running = await("the run listed as running by this process").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(this::runningRun, id -> id != null || !engine.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no running run listed; the engine: " + output("cancelled") + "\nlast listing: " + cli.run("runs", "--json"), e);
        }
        assertThat(engine.isAlive()).as(output("cancelled")).isTrue();

        CliRunner.Result cancel = cli.run("runs", "cancel", running);

        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).isEqualTo("asked run " + running + " of " + SYNC + " to stop; it stops after the batches in flight\n");
        assertThat(engine.waitFor(60, TimeUnit.SECONDS)).as("the engine stopped").isTrue();
        assertThat(engine.exitValue()).as(output("cancelled")).isEqualTo(4);
        JsonNode run = json.readTree(cli.run("runs", "--json").out()).get(0);
        assertThat(run.path("id").asText()).isEqualTo(running);
        assertThat(run.path("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aRunConnectedToAnotherProcessesStoreKeepsEveryRecordOnceWhenThatProcessIsKilled() throws Exception {
        // the first process to open the data directory serves it: the engine connects to it, then it is killed under the run
        Process server = startHolder();
        Process engine = startEngine("client");
        await("writes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> sandbox.helpdesk().ledger().size() >= 300 || !engine.isAlive());
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // whether the run goes on with a server of its own or stops, it ends and records how
        assertThat(engine.waitFor(120, TimeUnit.SECONDS)).as("the engine finished: " + output("client")).isTrue();
        assertThat(engine.exitValue()).as(output("client")).isIn(0, 1);
        System.out.printf("the engine whose store server was killed under it exited %d:%n%s%n", engine.exitValue(), output("client"));
        sandbox.helpdesk().setFaults(Faults.NONE);
        CliRunner.Result rest = cli.run("run", SYNC);
        assertThat(rest.exitCode()).as(rest.toString()).isZero();
        assertEveryContactWrittenOnce();
    }

    private long savedRead() throws IOException {
        JsonNode runs = json.readTree(cli.run("runs", "--json").out());
        return runs.size() == 1 ? runs.get(0).path("counters").path("read").asLong() : 0;
    }

    private String runningRun() throws IOException {
        JsonNode runs = json.readTree(cli.run("runs", "--json").out());
        return runs.size() == 1 && runs.get(0).path("status").asText().equals("running") ? runs.get(0).path("id").asText() : null;
    }

    /** Waits until the engine is writing, then kills it with SIGKILL. */
    private void killWhenWriting(Process engine) throws InterruptedException {
        await("writes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(() -> sandbox.helpdesk().ledger().size() >= 200 || !engine.isAlive());
        assertThat(engine.isAlive()).as("the engine ended before it could be killed: %s", output("killed")).isTrue();
        engine.destroyForcibly();
        assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private void assertEveryContactWrittenOnce() {
        Map<String, Integer> writes = new TreeMap<>();
        for (LedgerEntry entry : sandbox.helpdesk().ledger()) {
            writes.merge(entry.key(), 1, Integer::sum);
        }
        assertThat(writes).hasSize(CONTACTS).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
    }

    private static String process(Process engine) {
        return "pid " + engine.pid() + " on host " + ThisProcess.holder().host();
    }

    private Process startEngine(String name) throws IOException {
        return java(name, Main.class.getName(), "run", SYNC, "--data-dir", dataDir.toString(), "--no-color");
    }

    /** A process that opens the data directory first, and so serves it, until killed. */
    private Process startHolder() throws IOException {
        Process holder = java("holder", HoldStore.class.getName(), dataDir.toString());
        await("the holder opened the store").atMost(Duration.ofSeconds(60)).until(() -> output("holder").contains("> ready") || !holder.isAlive());
        assertThat(holder.isAlive()).as(output("holder")).isTrue();
        return holder;
    }

    private Process java(String name, String main, String... args) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        builder.environment().putAll(Map.of(
                "ACME_CRM_URL", sandbox.crm().baseUrl().toString(),
                "ACME_CRM_TOKEN", sandbox.crm().token(),
                "HELPDESK_URL", sandbox.helpdesk().baseUrl().toString(),
                "HELPDESK_API_KEY", sandbox.helpdesk().apiKey()));
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String output(String name) {
        try {
            return Files.readString(logs.resolve(name + ".out"), StandardCharsets.UTF_8) + Files.readString(logs.resolve(name + ".err"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Opens the store of a data directory, says "> ready", and keeps it open until killed. */
    public static final class HoldStore {
        public static void main(String[] args) throws Exception {
            try (JdbcStore store = JdbcStore.h2(Path.of(args[0]))) {
                System.out.println("> ready " + store.databaseName());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
    }
}
