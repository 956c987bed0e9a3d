package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.engine.internal.QueueScheduler;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.ScheduleTick;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule's fires on the embedded H2 store, called the way the queue's scheduler calls them, with
 * a clock the test moves and no workers: runs queued by a fire stay queued (or are marked running by
 * the test), so each overlap and catch-up rule is seen on its own.
 */
class ScheduleFiresTest {
    private static final Instant START = Instant.parse("2026-05-04T10:00:00Z");

    @TempDir
    Path dataDir;

    private final QueueSandbox sandbox = new QueueSandbox(10);
    private final TestClock clock = new TestClock(START);
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        sandbox.close();
    }

    private Engine open(String schedule) {
        Map<String, String> env = sandbox.env();
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get, clock, RunQueueTest.SETTINGS));
        apply(schedule);
        return engine;
    }

    private void apply(String schedule) {
        List<SourceText> texts = new ArrayList<>(sandbox.definitions(0));
        texts.add(new SourceText("timed.sync.yaml", """
                kind: Sync
                name: timed
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                """ + (schedule == null ? "" : "schedule: " + schedule + "\n")));
        assertThat(engine.definitions().apply(texts).result().problems()).isEmpty();
    }

    private QueueScheduler.Next fire(Instant due) {
        String timing = engine.definitions().applied().syncs().get("timed").schedule().timing();
        return engine.schedules().fires().fire("timed", timing, due);
    }

    private List<ScheduleTick> ticks() {
        return engine.schedules().ticks("timed", null, 100);
    }

    private List<RunRecord> runs() {
        return engine.runs().list("timed", null, 100);
    }

    @Test
    void aFireQueuesARunWithTriggerScheduleAndTheNextFireKeepsTheCadence() {
        open("{ every: 1m }");

        QueueScheduler.Next next = fire(START);

        assertThat(next.at()).isEqualTo(START.plusSeconds(60));
        assertThat(runs()).singleElement().satisfies(run -> {
            assertThat(run.trigger()).isEqualTo("schedule");
            assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        });
        assertThat(ticks()).singleElement().satisfies(tick -> {
            assertThat(tick.outcome()).isEqualTo("queued");
            assertThat(tick.runId()).isEqualTo(runs().getFirst().id());
            assertThat(tick.dueAt()).isEqualTo(START);
        });
    }

    @Test
    void withOverlapSkipAFireWhileARunIsQueuedOrRunningIsSkippedAndRecordedWithTheReason() {
        open("{ every: 1m }");
        fire(START);
        String first = runs().getFirst().id();

        clock.advance(Duration.ofSeconds(60));
        fire(START.plusSeconds(60));
        engine.store().runs().claim(first, clock.instant());
        clock.advance(Duration.ofSeconds(60));
        fire(START.plusSeconds(120));

        assertThat(runs()).hasSize(1);
        assertThat(ticks()).extracting(ScheduleTick::outcome).containsExactly("skipped", "skipped", "queued");
        assertThat(ticks().get(1).reason()).isEqualTo("run " + first + " is still queued; overlap: skip starts none while one is queued or running");
        assertThat(ticks().get(0).reason()).isEqualTo("run " + first + " is still running; overlap: skip starts none while one is queued or running");
        assertThat(engine.schedules().list("timed", null).getFirst().last().outcome()).isEqualTo("skipped");
    }

    @Test
    void withOverlapQueueAFireWhileARunIsRunningQueuesOneRunButNeverASecond() {
        open("{ every: 1m, overlap: queue }");
        fire(START);
        String running = runs().getFirst().id();
        engine.store().runs().claim(running, clock.instant());

        clock.advance(Duration.ofSeconds(60));
        fire(START.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        fire(START.plusSeconds(120));

        assertThat(runs()).hasSize(2);
        assertThat(runs()).filteredOn(r -> r.status() == RunStatus.QUEUED).hasSize(1);
        assertThat(ticks()).extracting(ScheduleTick::outcome).containsExactly("skipped", "queued", "queued");
        assertThat(ticks().getFirst().reason()).endsWith("is still queued; overlap: queue keeps one run waiting, not more");
    }

    @Test
    void aFireMoreThanOnePeriodLateWithCatchUpNoneIsRecordedMissedAndTheNextFireCountsFromNow() {
        open("{ every: 1m, catchUp: none }");
        clock.advance(Duration.ofMinutes(30)); // the node was down

        QueueScheduler.Next next = fire(START);

        assertThat(next.at()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(runs()).isEmpty();
        assertThat(ticks()).singleElement().satisfies(tick -> {
            assertThat(tick.outcome()).isEqualTo("missed");
            assertThat(tick.reason()).isEqualTo("due at 2026-05-04T10:00:00Z but fired at 2026-05-04T10:30:00Z, more than one period late"
                    + " (no scheduler was running); catchUp: none skips it");
        });
    }

    @Test
    void aFireMoreThanOnePeriodLateWithCatchUpOneRunsOnceAndTheNextFireCountsFromNow() {
        open("{ cron: \"*/5 * * * *\" }");
        clock.advance(Duration.ofMinutes(31));

        QueueScheduler.Next next = fire(START);

        assertThat(next.at()).isEqualTo(Instant.parse("2026-05-04T10:35:00Z"));
        assertThat(runs()).hasSize(1);
        assertThat(ticks()).singleElement().satisfies(tick -> {
            assertThat(tick.outcome()).isEqualTo("queued");
            assertThat(tick.reason()).isEqualTo("caught up once on the fire due at 2026-05-04T10:00:00Z (catchUp: one)");
        });
    }

    @Test
    void aPausedScheduleKeepsItsPlaceButQueuesNothingAndResumingMovesItsNextFireFromNow() {
        open("{ every: 10m }");
        engine.schedules().reconcile();
        assertThat(engine.schedules().pause("timed", null)).singleElement().satisfies(e -> assertThat(e.paused()).isTrue());

        clock.advance(Duration.ofMinutes(10));
        QueueScheduler.Next next = fire(START.plus(Duration.ofMinutes(10)));

        assertThat(next.at()).isEqualTo(START.plus(Duration.ofMinutes(20)));
        assertThat(runs()).isEmpty();
        assertThat(ticks()).isEmpty();

        clock.advance(Duration.ofMinutes(3));
        Schedules.Entry resumed = engine.schedules().resume("timed", null).getFirst();
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextFires().getFirst()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        fire(clock.instant());
        assertThat(runs()).hasSize(1);
    }

    @Test
    void theExecutionsFollowTheDefinitionsAddedMovedWhenTheTimingChangesAndRemoved() {
        open("{ every: 10m }");
        engine.schedules().reconcile();
        assertThat(engine.runQueue().scheduler().scheduledFires()).containsOnlyKeys("timed")
                .extractingByKey("timed").satisfies(f -> assertThat(f.at()).isEqualTo(START.plus(Duration.ofMinutes(10))));

        clock.advance(Duration.ofMinutes(1));
        apply("{ cron: \"0 6 * * MON-FRI\", zone: Europe/Berlin }"); // the apply brings the executions in step
        QueueScheduler.ScheduledFire moved = engine.runQueue().scheduler().scheduledFires().get("timed");
        assertThat(moved.timing()).isEqualTo("cron:0 0 6 * * MON-FRI@Europe/Berlin");
        assertThat(moved.at()).isEqualTo(Instant.parse("2026-05-05T04:00:00Z"));
        Schedules.Entry entry = engine.schedules().get("timed", null).getFirst();
        assertThat(entry.zone()).isEqualTo("Europe/Berlin");
        assertThat(entry.nextFires()).containsExactly(Instant.parse("2026-05-05T04:00:00Z"), Instant.parse("2026-05-06T04:00:00Z"),
                Instant.parse("2026-05-07T04:00:00Z"), Instant.parse("2026-05-08T04:00:00Z"), Instant.parse("2026-05-11T04:00:00Z"));

        apply(null);
        assertThat(engine.runQueue().scheduler().scheduledFires()).isEmpty();
        assertThat(engine.schedules().list(null, null)).isEmpty();
        assertThatThrownBy(() -> engine.schedules().get("timed", null)).isInstanceOf(EngineException.NotFound.class)
                .hasMessage("sync 'timed' has no schedule; add schedule: (a cron expression, or { every: 15m }) to it and apply it");
    }

    @Test
    void aFireOfAScheduleTheDefinitionsNoLongerHaveRemovesItsExecution() {
        open(null);
        assertThat(engine.schedules().fires().fire("timed", "every:PT1M", START)).isNull();
        assertThat(engine.schedules().fires().fire("gone/acme", "every:PT1M", START)).isNull();
    }
}
