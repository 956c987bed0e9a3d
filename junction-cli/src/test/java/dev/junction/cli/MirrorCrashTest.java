package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.store.Lease;
import dev.junction.store.jdbc.JdbcStore;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode mirror under SIGKILL: an engine process ({@code junction run --force-deletes}, a separate
 * JVM) killed while it deletes, then run again, leaves exactly the records still in the source, each
 * gone record deleted once (the Helpdesk's ledger records a deletion only when a user was there),
 * and counts the deletes the killed run did not get to record.
 */
class MirrorCrashTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private static final String SYNC = "users-mirror";
    private static final int BEFORE = 3_000;
    private static final int AFTER = 1_000;

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private Sandbox sandbox;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();
    private Path users;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(0).withCrmRateLimit(0).withHelpdeskUsers(0));
        users = work.resolve("users.jsonl");
    }

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
        sandbox.close();
    }

    private void users(int count) throws IOException {
        Files.writeString(users, IntStream.range(0, count)
                .mapToObj(i -> "{\"id\": \"u%05d\", \"email\": \"user%d@example.com\"}".formatted(i, i)).collect(Collectors.joining("\n")));
    }

    @Test
    void killingTheEngineWhileItDeletesAndRunningAgainDeletesEachGoneRecordOnce() throws Exception {
        CliRunner cli = CliRunner.forSandbox(dataDir, sandbox);
        assertThat(cli.run("apply", EXAMPLES.toString()).exitCode()).isZero();
        Path spec = work.resolve("mirror.sync.yaml");
        Files.writeString(spec, """
                kind: Sync
                name: %s
                source: { file: { path: "%s", primaryKey: id } }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: mirror, deleteAction: deleteUsers }
                mapping:
                  external_id: id
                  email: email
                """.formatted(SYNC, users.toString().replace("\\", "/")));
        assertThat(cli.run("apply", spec.toString()).exitCode()).isZero();
        users(BEFORE);
        CliRunner.Result first = cli.run("run", SYNC);
        assertThat(first.exitCode()).as(first.toString()).isZero();

        users(AFTER);
        // latency on each Helpdesk call keeps the deletes going long enough to be interrupted
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(40)));
        Process engine = startEngine("killed");
        await("some deletes").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                .until(() -> deletes().size() >= 300 || !engine.isAlive());
        assertThat(engine.isAlive()).as("the engine ended before it could be killed: %s", output("killed")).isTrue();
        engine.destroyForcibly();
        assertThat(engine.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int deletedBeforeKill = deletes().size();
        assertThat(deletedBeforeKill).isLessThan(BEFORE - AFTER);
        long stillKnown;
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            Lease lease = store.leases().find(SYNC).orElseThrow();
            assertThat(lease.holder().pid()).as("the lease names the killed process").isEqualTo(engine.pid()); // the next run takes it at once
            stillKnown = store.fingerprints().count(SYNC);
        }
        sandbox.helpdesk().setFaults(Faults.NONE);

        Process last = startEngine("final");
        assertThat(last.waitFor(90, TimeUnit.SECONDS)).as("the final run finished").isTrue();
        assertThat(last.exitValue()).as(output("final")).isZero();

        Map<String, Integer> deletions = new TreeMap<>();
        deletes().forEach(key -> deletions.merge(key, 1, Integer::sum));
        assertThat(deletions).hasSize(BEFORE - AFTER).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(deletions.keySet()).allSatisfy(key -> assertThat(key.compareTo("u%05d".formatted(AFTER))).isNotNegative());
        assertThat(sandbox.helpdesk().userCount()).isEqualTo(AFTER);

        JsonNode history = json.readTree(cli.run("runs", "--json").out());
        JsonNode finalRun = history.get(0).path("counters");
        JsonNode killedRun = history.get(1).path("counters");
        assertThat(history.get(1).path("status").asText()).isEqualTo("abandoned");
        // the final run deletes every key still known, those the killed run deleted without forgetting them included
        assertThat(finalRun.path("deleted").asLong()).isEqualTo(stillKnown - AFTER);
        assertThat(finalRun.path("unchanged").asLong()).isEqualTo(AFTER);
        // nothing counted twice: the killed run's stored count misses at most its last call's deletes
        long counted = killedRun.path("deleted").asLong() + finalRun.path("deleted").asLong();
        assertThat(counted).isBetween((long) BEFORE - AFTER - 50, (long) BEFORE - AFTER);
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.fingerprints().count(SYNC)).isEqualTo(AFTER);
        }
    }

    private List<String> deletes() {
        return sandbox.helpdesk().ledger().stream().filter(e -> e.endpoint().equals("users.delete")).map(LedgerEntry::key).toList();
    }

    private Process startEngine(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", SYNC, "--force-deletes", "--data-dir", dataDir.toString(), "--no-color")
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile());
        builder.environment().putAll(Map.of(
                "HELPDESK_URL", sandbox.helpdesk().baseUrl().toString(),
                "HELPDESK_API_KEY", sandbox.helpdesk().apiKey(),
                "ACME_CRM_URL", sandbox.crm().baseUrl().toString(),
                "ACME_CRM_TOKEN", sandbox.crm().token()));
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String output(String name) {
        try {
            return Files.readString(work.resolve(name + ".out"), StandardCharsets.UTF_8)
                    + Files.readString(work.resolve(name + ".err"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
