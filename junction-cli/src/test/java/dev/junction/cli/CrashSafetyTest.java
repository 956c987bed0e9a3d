package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Contact;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantee of docs/syncs.md "Crashes and idempotency keys": an engine process killed with
 * SIGKILL at any moment, then run again, leaves the destination with every record written exactly
 * once. The engine runs as a separate JVM ({@code dev.junction.cli.Main run}, the test's class
 * path) against the sandbox in this JVM; the Helpdesk's write ledger is the witness.
 */
class CrashSafetyTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";
    private static final int CONTACTS = 50_000;
    /** Ledger sizes at which the engine is killed: early, in the middle, late. */
    private static final List<Integer> KILL_AT = List.of(5_020, 20_020, 35_020);

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private Sandbox sandbox;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();
    private final List<Long> killedPids = new ArrayList<>();

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(CONTACTS).withCrmRateLimit(0).withHelpdeskUsers(0));
        // a little latency on each Helpdesk call widens the window between a write and its saved outcome
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(2)));
    }

    @AfterEach
    void stopEverything() {
        started.forEach(Process::destroyForcibly);
        sandbox.close();
    }

    @Test
    void killingTheEngineThreeTimesDuringAFiftyThousandRecordSyncWritesEveryRecordExactlyOnce() throws Exception {
        CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
        CliRunner.Result applied = cli.run("apply", EXAMPLES.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();

        List<String> killedRuns = new ArrayList<>();
        long began = System.nanoTime();
        for (int killAt : KILL_AT) {
            Process engine = startEngine("killed-at-" + killAt);
            System.out.printf("%.1f s: engine started%n", (System.nanoTime() - began) / 1e9);
            await("the ledger to reach " + killAt + " writes").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> ledgerSize() >= killAt || !engine.isAlive());
            assertThat(engine.isAlive()).as("the engine ended before it could be killed: %s", output("killed-at-" + killAt)).isTrue();
            engine.destroyForcibly();
            assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killedRuns.add(theKilledRun(engine));
        }

        Process last = startEngine("final");
        assertThat(last.waitFor(90, TimeUnit.SECONDS)).as("the final run finished").isTrue();
        assertThat(last.exitValue()).as(output("final")).isZero();
        System.out.printf("%.1f s: final run done%n%s%n", (System.nanoTime() - began) / 1e9, output("final"));

        // every contact reached the Helpdesk exactly once, whatever the kills interrupted
        Map<String, Integer> writes = new TreeMap<>();
        for (LedgerEntry entry : sandbox.helpdesk().ledger()) {
            writes.merge(entry.key(), 1, Integer::sum);
        }
        assertThat(writes).hasSize(CONTACTS);
        assertThat(writes.keySet()).allSatisfy(key -> assertThat(sandbox.crm().contact(key)).isPresent());
        List<String> writtenTwice = writes.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertThat(writtenTwice).as("%d keys written more than once, the first: %s", writtenTwice.size(),
                writtenTwice.stream().limit(5).toList()).isEmpty();

        // and arrived mapped as the sync says
        for (int i = 1; i <= CONTACTS; i += 997) {
            Contact contact = sandbox.crm().contact("c-%05d".formatted(i)).orElseThrow();
            HelpdeskUser user = sandbox.helpdesk().userByExternalId(contact.id()).orElseThrow();
            assertThat(user.email()).isEqualTo(contact.property("email"));
            assertThat(user.name()).isEqualTo(contact.property("firstname") + " " + contact.property("lastname"));
            assertThat(user.priority()).isEqualTo(Map.of("gold", 1, "silver", 2, "bronze", 3).getOrDefault(contact.property("tier"), 3));
            assertThat(user.profile()).containsEntry("first_name", contact.property("firstname"))
                    .containsEntry("last_name", contact.property("lastname"));
        }

        // the final run read everything, sent what was left and counted the rest unchanged
        CliRunner.Result runs = cli.run("runs", "--json");
        JsonNode history = json.readTree(runs.out());
        assertThat(history).hasSize(KILL_AT.size() + 1);
        JsonNode finalRun = history.get(0);
        assertThat(finalRun.path("status").asText()).isEqualTo("succeeded");
        JsonNode counters = finalRun.path("counters");
        assertThat(counters.path("read").asLong()).isEqualTo(CONTACTS);
        assertThat(counters.path("failed").asLong()).isZero();
        assertThat(counters.path("inserted").asLong() + counters.path("updated").asLong() + counters.path("unchanged").asLong()).isEqualTo(CONTACTS);
        assertThat(counters.path("unchanged").asLong()).isGreaterThanOrEqualTo(KILL_AT.getLast());

        // a killed run stays RUNNING until the next run of its sync takes the lease (at once: its process is gone) and closes it
        String host = dev.junction.sync.internal.ThisProcess.holder().host();
        for (int i = 1; i <= KILL_AT.size(); i++) {
            JsonNode killed = history.get(i);
            assertThat(killed.path("id").asText()).isEqualTo(killedRuns.get(KILL_AT.size() - i));
            assertThat(killed.path("status").asText()).isEqualTo("abandoned");
            assertThat(killed.path("error").asText()).isEqualTo("abandoned: its process (pid " + killedPids.get(KILL_AT.size() - i) + " on host " + host
                    + ") ended without finishing it (killed or crashed); run " + history.get(i - 1).path("id").asText() + " resumed from the last checkpoint");
        }
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.writeIntents().find(SYNC)).as("batches left without an outcome").isEmpty();
        }
    }

    /**
     * A killed engine leaves its run RUNNING and its lease naming the dead process: the next run
     * takes the lease over at once and marks the run abandoned.
     *
     * @return the killed run's id
     */
    private String theKilledRun(Process engine) {
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            Lease lease = store.leases().find(SYNC).orElseThrow();
            assertThat(lease.holder().pid()).isEqualTo(engine.pid());
            RunRecord killed = store.runs().find(lease.owner()).orElseThrow();
            assertThat(killed.status()).isEqualTo(RunStatus.RUNNING);
            System.out.printf("killed run %s at ledger size %d; %d batch(es) without a saved outcome%n", killed.id(), ledgerSize(),
                    store.writeIntents().find(SYNC).size());
            killedPids.add(engine.pid());
            return killed.id();
        }
    }

    private Process startEngine(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // C1 only and the serial collector: for a run of some seconds on 2 shared cores this halves the CPU time
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", SYNC, "--data-dir", dataDir.toString(), "--no-color")
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        Map<String, String> env = builder.environment();
        env.putAll(new HashMap<>(Map.of(
                "ACME_CRM_URL", sandbox.crm().baseUrl().toString(),
                "ACME_CRM_TOKEN", sandbox.crm().token(),
                "HELPDESK_URL", sandbox.helpdesk().baseUrl().toString(),
                "HELPDESK_API_KEY", sandbox.helpdesk().apiKey())));
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private int ledgerSize() {
        return sandbox.helpdesk().ledger().size();
    }

    private String output(String name) {
        try {
            return Files.readString(logs.resolve(name + ".out"), StandardCharsets.UTF_8) + Files.readString(logs.resolve(name + ".err"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
