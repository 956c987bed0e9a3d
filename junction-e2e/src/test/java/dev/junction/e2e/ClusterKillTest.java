package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.SyncJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's cluster test, on real processes: two {@code junction serve} nodes on one embedded
 * PostgreSQL, definitions applied and 20 runs requested through their REST API (half on each), one node
 * killed with kill -9 while runs are in flight on it. The survivor resumes the dead node's runs under
 * their ids; every run ends exactly once, and the sandbox Helpdesk's ledger has each record's effect
 * exactly once. How soon the survivor picked the dead node's runs up is printed, not asserted.
 */
class ClusterKillTest {
    private static final int SYNCS = 10;
    private static final int CONTACTS = 400;

    /** The processes' output and logs; kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;

    private final Closer closer = new Closer();

    @AfterEach
    void stopEverything() throws Exception {
        closer.close();
    }

    @Test
    void killingANodeMidRunLeavesEveryRunEndedOnceAndEveryRecordWrittenOnce() {
        Steps steps = new Steps("kill -9");
        PostgresStore store = closer.add(new PostgresStore());
        steps.done("embedded PostgreSQL started");
        // 8 CRM pages and 8 Helpdesk batches (2 at a time) per run, each slowed down: a first run of a sync writes for about a second
        SyncSandbox sandbox = closer.add(new SyncSandbox(CONTACTS).slowedBy(Duration.ofMillis(50), Duration.ofMillis(200)));
        Engine observer = closer.add(store.observer(sandbox.env()));
        String token = PostgresStore.adminToken(observer);
        steps.done("sandbox started, store migrated, admin token made");
        Map<String, String> env = store.env(sandbox.env());
        env.put("JUNCTION_WORKERS", "4");
        ServeNode a = closer.add(ServeNode.start("node-a", logs, env));
        ServeNode b = closer.add(ServeNode.start("node-b", logs, env));
        steps.done("two nodes listen");
        Api onA = new Api(Api.client(), a.baseUrl(), token);
        Api onB = onA.on(b.baseUrl());

        onA.apply(sandbox.definitions(SYNCS));
        // the Helpdesk holds every write until 20 runs are requested and each node executes some
        sandbox.holdWrites();
        List<String> runs = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int n = 0; n < SYNCS; n++) {
                runs.add((n % 2 == 0 ? onA : onB).startRun(SyncSandbox.sync(n)));
            }
        }
        assertThat(new HashSet<>(runs)).hasSize(20);
        steps.done("definitions applied, 20 runs requested");
        await("runs claimed on both nodes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .failFast("a node exited", () -> !a.process().alive() || !b.process().alive())
                .until(() -> !heldBy(observer, a, runs).isEmpty() && !heldBy(observer, b, runs).isEmpty());
        Set<String> claimedOnA = heldBy(observer, a, runs);
        sandbox.releaseWrites();
        // kill node a once a run of it wrote some records but not all
        await("a run mid-way on node a").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .failFast("a node exited", () -> !a.process().alive() || !b.process().alive())
                .until(() -> !midWay(observer, claimedOnA).isEmpty());
        Set<String> writingOnA = midWay(observer, claimedOnA);
        Set<String> onAWhenKilled = heldBy(observer, a, runs);
        a.process().kill();
        Instant killedAt = Instant.now();
        steps.done("runs in flight on both nodes; node a killed");
        System.out.printf("killed node a (pid %d) at %s with %d run(s) in flight: %s (writing: %s)%n", a.pid(), killedAt, onAWhenKilled.size(),
                onAWhenKilled, writingOnA);

        await("every run to end").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .failFast("node b exited", () -> !b.process().alive())
                .until(() -> runs.stream().allMatch(id -> terminal(onB.run(id))));
        Instant allEnded = Instant.now();
        steps.done("every run ended");
        Map<String, String> ended = statuses(onB, runs);

        assertThat(ended.values()).as("every run's status on node b\n" + b.process().describe()).containsOnly("succeeded");
        List<JsonNode> listed = onB.allRuns();
        assertThat(listed.stream().map(r -> r.path("id").asText()).toList()).as("the runs the API lists: the 20, each once")
                .containsExactlyInAnyOrderElementsOf(runs);
        // a process that died under a run costs it one attempt: the runs node a held (give or take one it claimed or ended in the
        // instant before the kill) are on attempt 2, every other on attempt 1
        Set<String> resumed = new TreeSet<>();
        for (String id : runs) {
            RunRecord run = observer.runs().get(id);
            assertThat(run.queued().attempt()).as("run %s: attempts", id).isBetween(1, 2);
            assertThat(run.finishedAt()).as("run %s ended", id).isNotNull();
            if (run.queued().attempt() == 2) {
                resumed.add(id);
            }
        }
        assertThat(resumed).as("the runs resumed after node a died").containsAll(writingOnA);
        for (String id : resumed) {
            JsonNode run = onB.run(id);
            Duration pickedUp = Duration.between(killedAt, Instant.parse(run.path("startedAt").asText()));
            System.out.printf("run %s of %s: node b started it again %d ms after the kill (it ended at %s)%n", id, run.path("sync").asText(),
                    pickedUp.toMillis(), run.path("finishedAt").asText());
        }
        b.process().err().lines().filter(line -> line.contains("QueueReaper") && resumed.stream().anyMatch(line::contains))
                .forEach(line -> System.out.println("node b: " + line));
        System.out.printf("all 20 runs ended %d ms after the kill%n", Duration.between(killedAt, allEnded).toMillis());
        sandbox.assertEveryRecordWrittenOnce(SYNCS);

        // ended means ended: a few reaper passes later (one every 2 s) nothing has changed
        await("the ended runs to stay as they are").during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> statuses(onB, runs).equals(ended));
        sandbox.assertEveryRecordWrittenOnce(SYNCS);
        steps.done("statuses unchanged over a few reaper passes");
    }

    private static boolean terminal(JsonNode run) {
        return RunStatus.valueOf(run.path("status").asText().toUpperCase(Locale.ROOT)).finished();
    }

    private static Map<String, String> statuses(Api api, List<String> runs) {
        return runs.stream().collect(Collectors.toMap(Function.identity(), id -> api.run(id).path("status").asText(), (x, y) -> x, LinkedHashMap::new));
    }

    /** The runs that node's process executes now: RUNNING, their sync's lease held for them by its pid. */
    private static Set<String> heldBy(Engine observer, ServeNode node, List<String> runs) {
        Set<String> held = new TreeSet<>();
        for (String id : runs) {
            RunRecord run = observer.runs().get(id);
            if (run.status() == RunStatus.RUNNING) {
                Lease lease = observer.store().leases().find(SyncJob.stateKey(run.sync(), run.tenant())).orElse(null);
                if (lease != null && lease.owner().equals(id) && lease.holder() != null && lease.holder().pid() == node.pid()) {
                    held.add(id);
                }
            }
        }
        return held;
    }

    /** Of {@code runs}, those that are RUNNING and wrote some of their records but not nearly all: they are mid-run. */
    private static Set<String> midWay(Engine observer, Set<String> runs) {
        Set<String> writing = new TreeSet<>();
        for (String id : runs) {
            RunRecord run = observer.runs().get(id);
            long written = run.counters().written();
            if (run.status() == RunStatus.RUNNING && written > 0 && written < CONTACTS - 100) {
                writing.add(id);
            }
        }
        return writing;
    }
}
