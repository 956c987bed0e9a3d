package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run queue on the embedded H2 store, one process: runs asked for are stored first, executed by
 * the workers, one at a time per sync; they survive the process (a restart runs them) and its death
 * (the reaper queues them again); a graceful stop sends runs in flight back to the queue. The sandbox's
 * Helpdesk ledger is the witness that no record's effect happens twice.
 */
class RunQueueTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Short leases, so that a dead run is found within seconds. */
    static final RunQueue.Settings SETTINGS = RunQueue.Settings.DEFAULT.withLeaseTtl(Duration.ofSeconds(3));

    @TempDir
    Path dataDir;

    private final QueueSandbox sandbox = new QueueSandbox(300);
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
        sandbox.close();
    }

    @Test
    void aSubmittedRunIsStoredQueuedBeforeSubmitReturnsAndTheWorkersRunItToTheEnd() {
        Engine engine = open();
        sandbox.apply(engine, 1);

        RunRecord queued = engine.runQueue().submit(new Runs.Request("contacts-00", null, "api", false));

        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.queued().attempt()).isEqualTo(1);
        assertThat(queued.trigger()).isEqualTo("api");
        assertThat(engine.runs().get(queued.id()).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(engine.runQueue().queued(10)).extracting(RunRecord::id).containsExactly(queued.id());

        engine.runQueue().start();

        RunRecord run = awaitEnd(engine, queued.id());
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().written()).isEqualTo(300);
        // the run records its end while it still holds the lease, then lets it go
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(engine.store().leases().find("contacts-00")).isEmpty());
        sandbox.assertEveryRecordWrittenOnce(1);
    }

    @Test
    void aRunOfASyncThatIsRunningWaitsAndRunsAfterItNeverBothAtOnce() {
        sandbox.withHelpdeskLatency(Duration.ofMillis(20));
        Engine engine = open();
        sandbox.apply(engine, 1);
        Set<String> started = ConcurrentHashMap.newKeySet();
        engine.runQueue().start(new RunListener() {
            @Override
            public void started(String runId, String sync) {
                started.add(runId);
            }
        });

        RunRecord first = engine.runQueue().submit(new Runs.Request("contacts-00", null, "api", false));
        await().atMost(PATIENCE).until(() -> started.contains(first.id()));
        RunRecord second = engine.runQueue().submit(new Runs.Request("contacts-00", null, "api", false));

        RunRecord firstEnd = awaitEnd(engine, first.id());
        RunRecord secondEnd = awaitEnd(engine, second.id());
        assertThat(firstEnd.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(secondEnd.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(secondEnd.startedAt()).as("the second started after the first ended").isAfterOrEqualTo(firstEnd.finishedAt());
        assertThat(secondEnd.counters().unchanged()).isEqualTo(300);
        sandbox.assertEveryRecordWrittenOnce(1);
    }

    @Test
    void aRunSubmittedWhereNoWorkersRunIsExecutedByTheNextProcessThatStartsThem() {
        Engine submitter = open();
        sandbox.apply(submitter, 2);
        RunRecord idle = submitter.runQueue().submit(new Runs.Request("contacts-00", null, "api", false));
        submitter.runQueue().start();
        RunRecord stoppedAtOnce = submitter.runQueue().submit(new Runs.Request("contacts-01", null, "api", false));
        close(submitter);

        Engine next = open();
        next.runQueue().start();

        assertThat(awaitEnd(next, idle.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(awaitEnd(next, stoppedAtOnce.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
        sandbox.assertEveryRecordWrittenOnce(2);
    }

    @Test
    void aRunWhoseProcessDiedIsQueuedAgainUnderItsIdAndResumedToTheEnd() {
        Engine engine = open();
        sandbox.apply(engine, 1);
        // a process claimed the run, took its lease, then died: nothing renews the lease
        Instant died = Clock.systemUTC().instant();
        engine.store().runs().enqueue("r-dead", "contacts-00", null, "api", false, died);
        engine.store().leases().acquire("contacts-00", "r-dead", died, died.plusMillis(500));
        engine.store().runs().claim("r-dead", died);

        engine.runQueue().start();

        RunRecord run = awaitEnd(engine, "r-dead");
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.queued().attempt()).isEqualTo(2);
        assertThat(engine.runs().list("contacts-00", null, 10)).extracting(RunRecord::id).containsExactly("r-dead");
        sandbox.assertEveryRecordWrittenOnce(1);
    }

    @Test
    void aRunWhoseProcessDiedMoreThanItsAttemptsAllowEndsFailedSayingSo() {
        Engine engine = open(SETTINGS.withMaxAttempts(1));
        sandbox.apply(engine, 1);
        Instant died = Clock.systemUTC().instant();
        engine.store().runs().enqueue("r-dead", "contacts-00", null, "api", false, died);
        engine.store().leases().acquire("contacts-00", "r-dead", died, died.plusMillis(500));
        engine.store().runs().claim("r-dead", died);

        engine.runQueue().start();

        RunRecord run = awaitEnd(engine, "r-dead");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).startsWith("gave up: its process stopped renewing its lease (it expired at ")
                .endsWith(") on attempt 1 of 1; see that process's log for why it died, then start the sync again");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(engine.store().leases().find("contacts-00")).isEmpty());
    }

    @Test
    void stoppingTheQueueSendsRunsInFlightBackToItAndTheNextProcessFinishesThemWritingEachRecordOnce() throws Exception {
        // every Helpdesk write waits for a permit: the test decides how far each run gets
        Semaphore permits = new Semaphore(0, true);
        sandbox.sandbox.helpdesk().setRequestHook((method, path) -> {
            if (path.startsWith("/api/users/batch")) {
                permits.acquire();
            }
        });
        Engine engine = open();
        sandbox.apply(engine, 3);
        engine.runQueue().start();
        List<RunRecord> submitted = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            submitted.add(engine.runQueue().submit(new Runs.Request(QueueSandbox.sync(n), null, "api", false)));
        }
        // each run has its two calls in flight (its concurrency) waiting; let them through, then the next two arrive
        await().atMost(PATIENCE).until(() -> permits.getQueueLength() == 6);
        permits.release(6);
        await().atMost(PATIENCE).until(() -> permits.getQueueLength() == 6
                && submitted.stream().allMatch(r -> engine.runs().get(r.id()).counters().written() >= 100));

        CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> engine.runQueue().stop(Duration.ofSeconds(60)));
        await().atMost(PATIENCE).until(engine.runQueue()::stopping);
        permits.release(1_000); // the calls in flight are answered; no run asks for more

        boolean allStopped = stop.get(90, TimeUnit.SECONDS);
        // a stop that takes the whole grace says where the runs waited (seen once in CI on a loaded machine)
        assertThat(allStopped).as(() -> "every run stopped within the grace; the threads then:\n" + threads()).isTrue();
        Map<String, Long> writtenBefore = new HashMap<>();
        for (RunRecord r : submitted) {
            RunRecord stopped = engine.runs().get(r.id());
            assertThat(stopped.status()).isEqualTo(RunStatus.QUEUED);
            assertThat(stopped.error()).isEqualTo("stopped by the shutdown of the process running it; queued again, to resume from the last checkpoint");
            // its two calls in flight, and a third already cut and waiting for a slot of its concurrency
            assertThat(stopped.counters().written()).as("its batches in flight were written, no more").isBetween(200L, 250L);
            writtenBefore.put(r.id(), stopped.counters().written());
            assertThat(engine.store().leases().find(stopped.sync())).as("lease given up").isEmpty();
        }
        assertThat(engine.runQueue().inFlight()).isEmpty();
        close(engine);

        Engine next = open();
        next.runQueue().start();
        for (RunRecord r : submitted) {
            RunRecord run = awaitEnd(next, r.id());
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.queued().attempt()).isEqualTo(1);
            assertThat(run.counters().unchanged()).as("what the first attempt wrote is not written again").isEqualTo(writtenBefore.get(r.id()));
            assertThat(run.counters().written()).isEqualTo(300 - writtenBefore.get(r.id()));
        }
        sandbox.assertEveryRecordWrittenOnce(3);
    }

    /** The stacks of this JVM's threads, virtual ones too (the runs'), that run Junction code. */
    private static String threads() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("run-queue-threads", ".txt");
            java.nio.file.Files.delete(file);
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            StringBuilder out = new StringBuilder();
            for (String thread : java.nio.file.Files.readString(file).split("\n\n")) {
                if (thread.contains("dev.junction") && !thread.contains("RunQueueTest.threads")) {
                    out.append(thread).append("\n\n");
                }
            }
            return out.toString();
        } catch (java.io.IOException e) {
            return "no thread dump: " + e;
        }
    }

    @Test
    void aQueuedRunCancelledBeforeItStartsEndsCancelledAndNeverRuns() {
        Engine engine = open();
        sandbox.apply(engine, 1);
        RunRecord cancelled = engine.runQueue().submit(new Runs.Request("contacts-00", null, "api", false));

        assertThat(engine.runs().cancel(cancelled.id()).outcome()).isEqualTo(Runs.Cancelled.WHILE_QUEUED);

        engine.runQueue().start();
        RunRecord later = engine.runQueue().submit(new Runs.Request("contacts-00", null, "api", false));
        assertThat(awaitEnd(engine, later.id()).counters().written()).isEqualTo(300);
        RunRecord run = engine.runs().get(cancelled.id());
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.error()).isEqualTo("cancelled on request while queued; it never started");
        assertThat(run.counters().read()).isZero();
        sandbox.assertEveryRecordWrittenOnce(1);
    }

    @Test
    void aRunOfASyncThatIsNotAppliedIsRefusedAtOnceAndNothingIsQueued() {
        Engine engine = open();
        sandbox.apply(engine, 1);

        assertThatThrownBy(() -> engine.runQueue().submit(new Runs.Request("no-such-sync", null, "api", false)))
                .isInstanceOf(EngineException.NotFound.class)
                .hasMessage("no sync named 'no-such-sync' is applied; applied syncs: contacts-00");
        assertThatThrownBy(() -> engine.runQueue().submit(new Runs.Request("contacts-00", "acme", "api", false)))
                .isInstanceOf(EngineException.Invalid.class);
        assertThat(engine.runQueue().queued(10)).isEmpty();
    }

    @Test
    void aQueuedRunWhoseSyncIsGoneWhenItsTurnComesEndsFailedSayingWhyAndFreesTheSync() {
        Engine engine = open();
        sandbox.apply(engine, 1);
        // queued while the sync was applied, by a process that died before it scheduled the dispatch
        engine.store().runs().enqueue("r-gone", "removed-sync", null, "api", false, Clock.systemUTC().instant());

        engine.runQueue().start();

        RunRecord run = awaitEnd(engine, "r-gone");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("could not run: no sync named 'removed-sync' is applied; applied syncs: contacts-00");
        assertThat(engine.store().leases().find("removed-sync")).isEmpty();
    }

    private Engine open() {
        return open(SETTINGS);
    }

    private Engine open(RunQueue.Settings settings) {
        var env = sandbox.env();
        Engine engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get, Clock.systemUTC(), settings));
        engines.add(engine);
        return engine;
    }

    private void close(Engine engine) {
        engines.remove(engine);
        engine.close();
    }

    static RunRecord awaitEnd(Engine engine, String runId) {
        await("run " + runId + " to end").atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> engine.runs().get(runId).status().finished());
        return engine.runs().get(runId);
    }
}
