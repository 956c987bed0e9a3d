package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.engine.Engine;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.SyncJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a {@code junction serve} with runs in flight: it says it is not ready (503) while it
 * stops, the runs in flight stop after their batches in flight and go back to the queue with what they
 * did so far, the runs still queued stay queued, and the process exits by itself. A node started later
 * on the same store finishes every run, each record written once.
 */
class GracefulShutdownTest {
    private static final int SYNCS = 4;
    private static final int CONTACTS = 400;
    /** How long the process may take to exit after SIGTERM: its shutdown grace is 30 s, twice (requests, then runs). */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(90);

    /** The processes' output and logs; kept when the test fails. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;

    private final Closer closer = new Closer();

    @AfterEach
    void stopEverything() throws Exception {
        closer.close();
    }

    @Test
    void sigtermPutsRunsInFlightBackInTheQueueAndExitsAndTheNextNodeFinishesThem() throws Exception {
        Steps steps = new Steps("SIGTERM");
        PostgresStore store = closer.add(new PostgresStore());
        SyncSandbox sandbox = closer.add(new SyncSandbox(CONTACTS).slowedBy(Duration.ofMillis(80), Duration.ofMillis(120)));
        Engine observer = closer.add(store.observer(sandbox.env()));
        String token = PostgresStore.adminToken(observer);
        Map<String, String> env = store.env(sandbox.env());
        env.put("JUNCTION_WORKERS", "2");
        ServeNode first = closer.add(ServeNode.start("node-1", logs, env));
        Api api = new Api(Api.client(), first.baseUrl(), token);
        ReadinessProbe probe = closer.add(new ReadinessProbe(first.baseUrl()));
        await("the probe to see the node ready").atMost(Duration.ofSeconds(30)).until(() -> probe.answers().contains("200"));
        steps.done("store, sandbox and node 1 started");

        api.apply(sandbox.definitions(SYNCS));
        List<String> runs = new ArrayList<>();
        for (int n = 0; n < SYNCS; n++) {
            runs.add(api.startRun(SyncSandbox.sync(n)));
        }
        // both workers busy, a run mid-way: it has written some records but not all
        await("two runs in flight, one of them mid-way").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .failFast("node 1 exited", () -> !first.process().alive())
                .until(() -> running(observer, runs).size() == 2 && running(observer, runs).stream()
                        .anyMatch(id -> observer.runs().get(id).counters().written() > 0 && observer.runs().get(id).counters().written() < CONTACTS - 100));
        // a batch in flight is held at the Helpdesk: the node cannot finish stopping before it is let go, so what it answers
        // while it stops can be seen, however slow this machine is
        sandbox.holdWrites();
        await("a batch in flight").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> sandbox.heldWrites() > 0);
        Map<String, RunRecord> atSigterm = new LinkedHashMap<>();
        runs.forEach(id -> atSigterm.put(id, observer.runs().get(id)));
        Set<String> inFlight = running(observer, runs);
        steps.done("4 runs requested, 2 in flight");

        first.process().terminate();
        long sigterm = System.nanoTime();
        await("node 1 to say it is not ready").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> probe.answers().contains("503"));
        for (String id : inFlight) {
            assertThat(api.get("/api/v1/runs/" + id).statusCode()).as("the API answers while node 1 stops").isEqualTo(200);
        }
        assertThat(first.process().alive()).as("node 1 waits for its batch in flight").isTrue();
        long released = System.nanoTime();
        sandbox.releaseWrites();
        assertThat(first.process().waitFor(EXIT_BOUND)).as("node 1 exits by itself after SIGTERM\n" + first.process().describe()).isTrue();
        long exitMillis = (System.nanoTime() - sigterm) / 1_000_000;
        steps.done("SIGTERM until node 1 exited");
        probe.close();
        System.out.printf("node 1 exited %d ms after SIGTERM (%d ms after its batch in flight was let go) with code %d; readiness seen: %s%n",
                exitMillis, (System.nanoTime() - released) / 1_000_000, first.process().exitCode(), probe.changes());
        System.out.println("node 1 said: " + first.process().out().lines().filter(l -> l.startsWith("stop")).toList());

        assertThat(first.process().exitCode()).as(first.process().describe()).isZero();
        assertThat(probe.answers()).as("readiness while node 1 stopped").containsSubsequence("200", "503");
        ReadinessProbe.Seen notReady = probe.changes().stream().filter(s -> s.answer().equals("503")).findFirst().orElseThrow();
        assertThat(notReady.body()).startsWith("application/problem+json").contains("Retry-After=").doesNotContain("Retry-After=-");
        assertThat(first.process().out()).contains("stopping on SIGTERM").containsPattern("stopped in \\d+ ms");
        // every run not ended at the SIGTERM is queued again, on its first attempt, its sync free, with what it had written
        assertThat(atSigterm.values()).as("a run mid-way at the SIGTERM").anyMatch(r -> r.status() == RunStatus.RUNNING && r.counters().written() > 0);
        for (RunRecord before : atSigterm.values()) {
            RunRecord run = observer.runs().get(before.id());
            if (before.status().finished()) {
                assertThat(run.status()).as("run %s ended before the SIGTERM", run.id()).isEqualTo(before.status());
                continue;
            }
            assertThat(run.status()).as("run %s after the shutdown", run.id()).isEqualTo(RunStatus.QUEUED);
            assertThat(run.queued().attempt()).as("a shutdown is not a death: run %s is on its first attempt", run.id()).isEqualTo(1);
            assertThat(observer.store().leases().find(SyncJob.stateKey(run.sync(), run.tenant())))
                    .as("the lease of run %s's sync was given up", run.id()).isEmpty();
            assertThat(run.counters().written()).as("run %s went back to the queue with what it wrote", run.id())
                    .isGreaterThanOrEqualTo(before.counters().written());
            if (before.status() == RunStatus.QUEUED) {
                assertThat(run.counters().written()).as("run %s had not started", run.id()).isZero();
            }
        }
        steps.done("runs checked back in the queue");

        ServeNode second = closer.add(ServeNode.start("node-2", logs, env));
        Api onSecond = api.on(second.baseUrl());
        await("node 2 to finish every run").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .failFast("node 2 exited", () -> !second.process().alive())
                .until(() -> runs.stream().allMatch(id -> RunStatus.valueOf(onSecond.run(id).path("status").asText().toUpperCase(Locale.ROOT)).finished()));
        steps.done("node 2 started and finished the runs");
        for (String id : runs) {
            assertThat(onSecond.run(id).path("status").asText()).as("run %s\n%s", id, second.process().describe()).isEqualTo("succeeded");
        }
        sandbox.assertEveryRecordWrittenOnce(SYNCS);
    }

    /** The runs executing now (RUNNING). */
    private static Set<String> running(Engine observer, List<String> runs) {
        Set<String> running = new TreeSet<>();
        for (String id : runs) {
            if (observer.runs().get(id).status() == RunStatus.RUNNING) {
                running.add(id);
            }
        }
        return running;
    }
}
