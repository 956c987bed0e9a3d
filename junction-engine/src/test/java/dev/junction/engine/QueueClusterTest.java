package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines (two nodes) in one JVM sharing one embedded PostgreSQL: the queue's runs are spread
 * over both, each run is executed by exactly one node and ends once, and the Helpdesk's ledger has
 * each record's effect exactly once.
 */
class QueueClusterTest {
    private static final int SYNCS = 10;
    private static final int RUNS_PER_SYNC = 2;

    private final QueueSandbox sandbox = new QueueSandbox(300).withHelpdeskLatency(Duration.ofMillis(15));
    private final List<Engine> engines = new ArrayList<>();
    private EmbeddedPostgres postgres;

    @BeforeEach
    void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            engines.forEach(Engine::close);
        } finally {
            sandbox.close();
            postgres.close();
        }
    }

    @Test
    void twentyRunsSubmittedToTwoNodesAreSpreadOverBothAndEachEndsOnceWritingEveryRecordOnce() {
        Engine a = open();
        Engine b = open();
        sandbox.apply(a, SYNCS);
        Node nodeA = new Node(a);
        Node nodeB = new Node(b);

        List<RunRecord> submitted = new ArrayList<>();
        for (int round = 0; round < RUNS_PER_SYNC; round++) {
            for (int n = 0; n < SYNCS; n++) {
                Engine via = n % 2 == 0 ? a : b;
                submitted.add(via.runQueue().submit(new Runs.Request(QueueSandbox.sync(n), null, "api", false)));
            }
        }
        await("every run to end").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> submitted.stream().allMatch(r -> a.runs().get(r.id()).status().finished()));

        Set<String> ids = new HashSet<>(submitted.stream().map(RunRecord::id).toList());
        for (String id : ids) {
            RunRecord run = a.runs().get(id);
            assertThat(run.status()).as(run.toString()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.queued().attempt()).isEqualTo(1);
            int endings = nodeA.finished.getOrDefault(id, new AtomicInteger()).get() + nodeB.finished.getOrDefault(id, new AtomicInteger()).get();
            assertThat(endings).as("run %s ended once, on one node", id).isOne();
        }
        assertThat(nodeA.finished.keySet()).as("both nodes ran some").isNotEmpty().doesNotContainAnyElementsOf(nodeB.finished.keySet());
        assertThat(nodeB.finished.keySet()).isNotEmpty();
        Set<String> all = new HashSet<>(nodeA.finished.keySet());
        all.addAll(nodeB.finished.keySet());
        assertThat(all).isEqualTo(ids);
        System.out.printf("node A ran %d runs, node B %d%n", nodeA.finished.size(), nodeB.finished.size());
        sandbox.assertEveryRecordWrittenOnce(SYNCS);
    }

    /** What one node's workers did: how often each run ended there. */
    private static final class Node {
        final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();

        Node(Engine engine) {
            engine.runQueue().start(new RunListener() {
                @Override
                public void finished(RunRecord run) {
                    finished.computeIfAbsent(run.id(), id -> new AtomicInteger()).incrementAndGet();
                }
            });
        }
    }

    private Engine open() {
        Map<String, String> env = sandbox.env();
        env.put(StoreLocation.USER_ENV, "postgres");
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        Engine engine = Engine.open(new EngineConfig(StoreLocation.choose(url, env::get, null), null, env::get, Clock.systemUTC(),
                RunQueue.Settings.DEFAULT));
        engines.add(engine);
        return engine;
    }
}
