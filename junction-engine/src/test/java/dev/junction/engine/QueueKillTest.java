package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's promise across a {@code kill -9}: two node processes ({@link QueueNode}) on one embedded
 * PostgreSQL, 20 runs queued over both, one node killed while runs are in flight. The other node finds
 * the dead node's runs (their leases stop being renewed), resumes each under its id, and every run ends
 * exactly once; the sandbox Helpdesk's ledger has each record's effect exactly once. The time from the
 * kill to the survivor starting the dead node's runs is printed, not asserted.
 */
class QueueKillTest {
    private static final int SYNCS = 10;
    private static final int CONTACTS = 600;

    @TempDir
    Path logs;

    /** Each Helpdesk call takes a while, so runs are in flight when the node dies. */
    private final QueueSandbox sandbox = new QueueSandbox(CONTACTS).withHelpdeskLatency(Duration.ofMillis(150));
    private final List<Process> nodes = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private Engine client;

    @BeforeEach
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
        Map<String, String> env = nodeEnv();
        client = Engine.open(new EngineConfig(StoreLocation.choose(url(), env::get, null), null, env::get, Clock.systemUTC()));
        sandbox.apply(client, SYNCS);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            nodes.forEach(Process::destroyForcibly);
            client.close();
        } finally {
            sandbox.close();
            postgres.close();
        }
    }

    @Test
    void killingANodeMidRunLetsTheOtherResumeItsRunsAndEveryRunEndsOnceWritingEachRecordOnce() throws Exception {
        Process a = startNode("a");
        Process b = startNode("b");
        await("both nodes ready").atMost(Duration.ofMinutes(2)).until(() -> lines("a").contains("ready") && lines("b").contains("ready"));

        List<RunRecord> submitted = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int n = 0; n < SYNCS; n++) {
                submitted.add(client.runQueue().submit(new Runs.Request(QueueSandbox.sync(n), null, "api", false)));
            }
        }
        // node a has runs that wrote some records but not all, and node b has started some too
        await("runs in flight on both nodes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> !inFlightWriting("a").isEmpty() && !startedOn("b").isEmpty());
        Set<String> killedInFlight = inFlightWriting("a");
        a.destroyForcibly();
        assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.currentTimeMillis();
        Set<String> unfinishedOnA = new TreeSet<>(startedOn("a"));
        unfinishedOnA.removeAll(endedOn("a"));
        System.out.printf("killed node a at %s with %d run(s) in flight: %s%n", LocalTime.ofInstant(Instant.ofEpochMilli(killedAt), ZoneId.systemDefault()),
                unfinishedOnA.size(), unfinishedOnA);

        await("every run to end").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> submitted.stream().allMatch(r -> client.runs().get(r.id()).status().finished()));

        for (RunRecord r : submitted) {
            RunRecord run = client.runs().get(r.id());
            assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
        }
        for (String id : unfinishedOnA) {
            RunRecord run = client.runs().get(id);
            assertThat(run.queued().attempt()).as("run %s was resumed after its node died", id).isEqualTo(2);
            assertThat(endedOn("b")).as("node b finished run %s", id).contains(id);
            long pickedUp = startedAt("b", id);
            System.out.printf("run %s of %s: node b started it %.1f s after the kill%n", id, run.sync(), (pickedUp - killedAt) / 1000.0);
        }
        // when the reaper queued them again (it runs on one node at a time, and logs it)
        for (String line : Files.readAllLines(logs.resolve("b.err"), StandardCharsets.UTF_8)) {
            if (unfinishedOnA.stream().anyMatch(line::contains) && line.contains("QueueReaper")) {
                System.out.println("node b: " + line);
            }
        }
        assertThat(killedInFlight).isNotEmpty();
        assertThat(unfinishedOnA).containsAll(killedInFlight);
        Set<String> endedTwice = new TreeSet<>(endedOn("a"));
        endedTwice.retainAll(endedOn("b"));
        assertThat(endedTwice).as("no run ended on both nodes").isEmpty();
        sandbox.assertEveryRecordWrittenOnce(SYNCS);
    }

    /** The runs node {@code name} started and has not ended that have written records, but not all. */
    private Set<String> inFlightWriting(String name) throws IOException {
        Set<String> running = new TreeSet<>(startedOn(name));
        running.removeAll(endedOn(name));
        running.removeIf(id -> {
            RunRecord run = client.runs().get(id);
            return run.status() != RunStatus.RUNNING || run.counters().written() == 0 || run.counters().written() >= CONTACTS - 100;
        });
        return running;
    }

    private Set<String> startedOn(String name) throws IOException {
        return field(name, "started", 1);
    }

    private Set<String> endedOn(String name) throws IOException {
        return field(name, "ended", 1);
    }

    private long startedAt(String name, String runId) throws IOException {
        long last = -1;
        for (String line : lines(name)) {
            String[] parts = line.split(" ");
            if (parts[0].equals("started") && parts[1].equals(runId)) {
                last = Long.parseLong(parts[2]);
            }
        }
        return last;
    }

    private Set<String> field(String name, String event, int index) throws IOException {
        Set<String> values = new TreeSet<>();
        for (String line : lines(name)) {
            String[] parts = line.split(" ");
            if (parts[0].equals(event)) {
                values.add(parts[index]);
            }
        }
        return values;
    }

    private List<String> lines(String name) throws IOException {
        Path out = logs.resolve(name + ".out");
        return Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
    }

    private Process startNode(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), QueueNode.class.getName(), url())
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        builder.environment().putAll(nodeEnv());
        Process process = builder.start();
        nodes.add(process);
        return process;
    }

    private Map<String, String> nodeEnv() {
        Map<String, String> env = new HashMap<>(sandbox.env());
        env.put(StoreLocation.USER_ENV, "postgres");
        return env;
    }

    private String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }
}
