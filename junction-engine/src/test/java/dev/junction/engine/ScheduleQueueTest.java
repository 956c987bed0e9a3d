package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.ScheduleTick;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules firing through started run queues, on the real clock: a tick faster than the run never
 * overlaps two runs of one sync (the ticks in between are recorded skipped), and two nodes on one
 * PostgreSQL take each tick once.
 */
class ScheduleQueueTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    private final List<Engine> engines = new ArrayList<>();
    private QueueSandbox sandbox;
    private EmbeddedPostgres postgres;

    @AfterEach
    void close() throws Exception {
        try {
            engines.forEach(Engine::close);
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static List<SourceText> definitions(QueueSandbox sandbox) {
        List<SourceText> texts = new ArrayList<>(sandbox.definitions(0));
        texts.add(new SourceText("ticking.sync.yaml", """
                kind: Sync
                name: ticking
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                  email: properties.email
                  name: "= properties.firstname & ' ' & properties.lastname"
                batch: { size: 10, concurrency: 1 }
                schedule: { every: 1s }
                """));
        return texts;
    }

    private List<RunRecord> scheduledRuns(Engine engine) {
        return engine.runs().list("ticking", null, 1000).stream().filter(r -> r.trigger().equals("schedule")).toList();
    }

    @Test
    void aTickFasterThanTheRunNeverOverlapsTwoRunsOfTheSyncAndRecordsTheSkippedTicks() {
        // each run writes 3 batches of 10 at 600 ms each: about 2 s, twice the tick
        sandbox = new QueueSandbox(30).withHelpdeskLatency(Duration.ofMillis(600));
        Engine engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, sandbox.env()::get, Clock.systemUTC(),
                RunQueueTest.SETTINGS));
        engines.add(engine);
        assertThat(engine.definitions().apply(definitions(sandbox)).result().problems()).isEmpty();
        engine.runQueue().start();

        await().atMost(PATIENCE).until(() -> scheduledRuns(engine).stream().filter(r -> r.status().finished()).count() >= 3
                && engine.schedules().ticks("ticking", null, 100).stream().anyMatch(t -> t.outcome().equals("skipped")));
        engine.schedules().pause("ticking", null);

        List<RunRecord> runs = new ArrayList<>(scheduledRuns(engine).stream().filter(r -> r.startedAt() != null).toList());
        runs.sort(Comparator.comparing(RunRecord::startedAt));
        for (int i = 1; i < runs.size(); i++) {
            RunRecord before = runs.get(i - 1);
            if (before.finishedAt() != null) {
                assertThat(runs.get(i).startedAt()).as("run %s started after run %s ended", runs.get(i).id(), before.id())
                        .isAfterOrEqualTo(before.finishedAt());
            }
        }
        assertThat(runs.stream().filter(r -> r.status().finished())).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
        List<ScheduleTick> skipped = engine.schedules().ticks("ticking", null, 100).stream().filter(t -> t.outcome().equals("skipped")).toList();
        assertThat(skipped).allSatisfy(t -> assertThat(t.reason()).matches("run \\S+ is still (running|queued); overlap: skip starts none while"
                + " one is queued or running"));
        assertThat(engine.schedules().list("ticking", null)).singleElement().satisfies(e -> assertThat(e.paused()).isTrue());
    }

    @Test
    void twoNodesOnOnePostgresqlTakeEachTickOnce() throws Exception {
        sandbox = new QueueSandbox(5);
        postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
        Engine a = openOnPostgres();
        Engine b = openOnPostgres();
        assertThat(a.definitions().apply(definitions(sandbox)).result().problems()).isEmpty();
        a.runQueue().start();
        b.runQueue().start();

        await().atMost(PATIENCE).until(() -> a.schedules().ticks("ticking", null, 100).stream().filter(t -> t.outcome().equals("queued")).count() >= 6);
        a.schedules().pause("ticking", null);

        List<ScheduleTick> ticks = b.schedules().ticks("ticking", null, 100);
        Set<java.time.Instant> dues = new HashSet<>();
        for (ScheduleTick tick : ticks) {
            assertThat(dues.add(tick.dueAt())).as("the tick due at %s was taken once", tick.dueAt()).isTrue();
        }
        List<String> queuedRuns = ticks.stream().filter(t -> t.outcome().equals("queued")).map(ScheduleTick::runId).toList();
        assertThat(new HashSet<>(queuedRuns)).as("each queued tick queued its own run").hasSameSizeAs(queuedRuns);
        // and every run the schedule queued is a tick's (a fire in progress at the pause records its tick just after its run)
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(b.schedules().ticks("ticking", null, 100)).extracting(ScheduleTick::runId)
                .containsAll(scheduledRuns(a).stream().map(RunRecord::id).toList()));
    }

    private Engine openOnPostgres() {
        Map<String, String> env = sandbox.env();
        env.put(StoreLocation.USER_ENV, "postgres");
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        Engine engine = Engine.open(new EngineConfig(StoreLocation.choose(url, env::get, null), null, env::get, Clock.systemUTC(),
                RunQueue.Settings.DEFAULT));
        engines.add(engine);
        return engine;
    }
}
