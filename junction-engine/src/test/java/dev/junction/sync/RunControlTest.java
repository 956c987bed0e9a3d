package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.BAD_BRONZE;
import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.junction.sandbox.Faults;
import dev.junction.store.Lease;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run per sync (the lease), cancel, timeout, abort thresholds and dry runs, against the sandbox and H2. */
class RunControlTest {
    private final SandboxSyncs syncs = new SandboxSyncs(300);

    @AfterEach
    void close() {
        syncs.close();
    }

    private SyncJob job(String extra) {
        return syncs.plan(syncYaml("", PRIORITY, extra), "test");
    }

    @Test
    void aSecondRunOfTheSameSyncFailsFastNamingTheRunThatHoldsTheLease() {
        SyncJob job = job("");
        AtomicReference<Throwable> second = new AtomicReference<>();
        AtomicReference<String> firstId = new AtomicReference<>();
        RunRecord first = new SyncEngine(syncs.store, syncs.json, Clock.systemUTC(), () -> "run-1").run(job, new RunListener() {
            @Override
            public void started(String runId, String sync) {
                firstId.set(runId);
                try {
                    new SyncEngine(syncs.store, syncs.json, Clock.systemUTC(), () -> "run-2").run(job, RunListener.NONE);
                } catch (RuntimeException e) {
                    second.set(e);
                }
            }
        });

        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.get()).isInstanceOf(SyncAlreadyRunningException.class)
                .hasMessageStartingWith("sync 'contacts' is already running as run 'run-1' (since ")
                .hasMessageEndingWith("); wait for it to finish or stop it with: junction runs cancel run-1");
        assertThat(syncs.store.runs().find("run-2")).isEmpty();
        assertThat(syncs.store.leases().find(SYNC)).isEmpty();
        assertThat(syncs.writesPerKey()).hasSize(300).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    @Test
    void theLeaseHoldsForAnotherStoreOnTheSameDatabase(@TempDir Path dataDir) {
        try (JdbcStore here = JdbcStore.h2(dataDir); JdbcStore elsewhere = JdbcStore.h2(dataDir)) {
            Instant now = Instant.now();
            assertThat(elsewhere.leases().acquire(SYNC, "run-elsewhere", now, now.plusSeconds(600))).isEmpty();

            assertThatThrownBy(() -> new SyncEngine(here, syncs.json, Clock.systemUTC()).run(job(""), RunListener.NONE))
                    .isInstanceOf(SyncAlreadyRunningException.class)
                    .hasMessageContaining("already running as run 'run-elsewhere'");
            assertThat(syncs.sandbox.helpdesk().ledger()).isEmpty();
            assertThat(here.runs().list(SYNC, 10)).isEmpty();

            elsewhere.leases().release(SYNC, "run-elsewhere");
            assertThat(new SyncEngine(here, syncs.json, Clock.systemUTC()).run(job(""), RunListener.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void theLeaseIsRenewedWhileTheRunGoesOn() throws Exception {
        // 6 calls, 2 at a time, 1 s each: the run lasts about 3 s, past the first renewal (after 1 s)
        syncs.sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(1000)));
        SyncJob job = job("");
        CompletableFuture<RunRecord> run = CompletableFuture.supplyAsync(() -> syncs.engine().run(job, RunListener.NONE, Duration.ofSeconds(3)));
        Lease first = await().atMost(30, TimeUnit.SECONDS).until(() -> syncs.store.leases().find(SYNC).orElse(null), l -> l != null);

        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> syncs.store.leases().find(SYNC).map(Lease::expiresAt).orElse(Instant.MIN), t -> t.isAfter(first.expiresAt()));
        syncs.store.runs().list(SYNC, 1).forEach(r -> syncs.store.runs().requestCancel(r.id(), Instant.now()));

        assertThat(run.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(syncs.store.leases().find(SYNC)).isEmpty();
    }

    @Test
    void aLeaseLeftByACrashedRunIsTakenOverOnceItExpires() {
        Instant now = Instant.now();
        syncs.store.leases().acquire(SYNC, "crashed-run", now.minusSeconds(600), now.minusSeconds(1));

        RunRecord run = syncs.engine().run(job(""), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(syncs.store.leases().find(SYNC)).isEmpty();
    }

    @Test
    void cancelStopsTheRunBetweenBatchesAndTheNextRunSendsTheRestExactlyOnce() {
        SyncJob job = job("");
        RunRecord cancelled = syncs.engine().run(job, new RunListener() {
            @Override
            public void progress(RunCounters counters, Duration elapsed) {
                if (counters.written() > 0) {
                    syncs.store.runs().list(SYNC, 1).forEach(r -> syncs.store.runs().requestCancel(r.id(), Instant.now()));
                }
            }
        });

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("cancelled on request; records written before stay written, the rest are sent by the next run");
        assertThat(syncs.store.runs().find(cancelled.id()).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        long written = cancelled.counters().written();
        assertThat(written).isPositive().isLessThan(300);
        assertThat(syncs.sandbox.helpdesk().ledger()).hasSize((int) written);
        assertThat(syncs.store.leases().find(SYNC)).isEmpty();

        RunRecord next = syncs.engine().run(job, RunListener.NONE);
        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.counters().written()).isEqualTo(300 - written);
        assertThat(syncs.writesPerKey()).hasSize(300).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    @Test
    void aRunLongerThanItsTimeoutFailsWithTheReasonAndKeepsWhatItWrote() {
        Clock ticking = new TickingClock(Instant.parse("2026-11-22T10:00:00Z"), Duration.ofMinutes(1));
        SyncJob job = syncs.plan(syncYaml("", PRIORITY, "timeout: 30m"), "test", ticking);

        RunRecord run = new SyncEngine(syncs.store, syncs.json, ticking).run(job, RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("timed out: the run took longer than its timeout of 30m (set timeout: in the sync to change it)");
        assertThat(run.counters().read()).isLessThan(300);
        assertThat(syncs.sandbox.helpdesk().ledger()).hasSize((int) run.counters().written());
    }

    @Test
    void aRunAbortsWhenFailedRecordsExceedTheCount() {
        RunRecord run = syncs.engine().run(syncs.plan(syncYaml("", BAD_BRONZE, "abortAfter: { failures: 5 }"), "test"), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).startsWith("aborted: ").endsWith(" records failed, more than abortAfter.failures (5)");
        assertThat(run.counters().failed()).isGreaterThan(5).isLessThan(100);
        assertThat(syncs.store.deadLetters().listForRun(run.id())).hasSize((int) run.counters().failed());
        assertThat(run.counters().read()).isLessThan(300);
    }

    @Test
    void aRunAbortsWhenTheShareOfFailedRecordsExceedsThePercentOnceEnoughWereRead() {
        RunRecord run = syncs.engine().run(
                syncs.plan(syncYaml("", BAD_BRONZE, "abortAfter: { percent: 10, minRecords: 100 }"), "test"), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).matches("aborted: \\d+ of \\d+ records failed \\(\\d+\\.\\d%\\), more than abortAfter.percent \\(10%\\)");
        assertThat(run.counters().read()).isGreaterThanOrEqualTo(100).isLessThan(300);
    }

    @Test
    void aRunWithFewerFailuresThanTheThresholdsFinishesWithDeadLetters() {
        RunRecord run = syncs.engine().run(
                syncs.plan(syncYaml("", BAD_BRONZE, "abortAfter: { failures: 1000, percent: 90 }"), "test"), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.counters().read()).isEqualTo(300);
    }

    @Test
    void aDryRunCountsWhatWouldChangeWithSamplesAndStoresAndWritesNothing() {
        RunRecord real = syncs.engine().run(job(""), RunListener.NONE);
        assertThat(real.counters().inserted()).isEqualTo(300);
        syncs.sandbox.crm().changeContacts(20);
        int ledger = syncs.sandbox.helpdesk().ledger().size();

        DryRun dry = syncs.engine().dryRun(syncs.plan(syncYaml("", BAD_BRONZE, ""), "dry-run"), 2, RunListener.NONE);

        RunCounters c = dry.run().counters();
        assertThat(dry.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(c.read()).isEqualTo(300);
        assertThat(c.inserted()).isZero();
        assertThat(c.updated() + c.unchanged()).isEqualTo(300);
        assertThat(c.updated()).isGreaterThanOrEqualTo(20);
        assertThat(dry.samples()).hasSize(2).allSatisfy(s -> {
            assertThat(s.change()).isEqualTo(DryRun.Change.UPDATE);
            assertThat(s.record().path("external_id").asText()).isEqualTo(s.key());
        });
        assertThat(syncs.sandbox.helpdesk().ledger()).hasSize(ledger);
        assertThat(syncs.store.runs().list(SYNC, 10)).extracting(RunRecord::id).containsExactly(real.id());
        assertThat(syncs.store.deadLetters().list(SYNC, 10)).isEmpty();
        assertThat(syncs.store.leases().find(SYNC)).isEmpty();
    }

    @Test
    void aDryRunOfANewSyncSaysEverythingWouldBeInsertedAndTheRealRunAgrees() {
        DryRun dry = syncs.engine().dryRun(job(""), 3, RunListener.NONE);
        assertThat(dry.run().counters()).isEqualTo(new RunCounters(300, 300, 0, 0, 0, 0, 0, 0, 0));
        assertThat(dry.samples()).hasSize(3).extracting(DryRun.Sample::change).containsOnly(DryRun.Change.INSERT);
        assertThat(syncs.store.fingerprints().count(SYNC)).isZero();
        assertThat(syncs.sandbox.helpdesk().ledger()).isEmpty();

        assertThat(syncs.engine().run(job(""), RunListener.NONE).counters().inserted()).isEqualTo(300);
    }

    @Test
    void aDryRunShowsRecordsThatWouldFailMappingWithTheReasonAndStoresNoDeadLetter() {
        DryRun dry = syncs.engine().dryRun(syncs.plan(syncYaml("", "{ from: properties.tier, values: { gold: 1 } }", ""), "dry-run"), 1,
                RunListener.NONE);

        RunCounters c = dry.run().counters();
        assertThat(c.failed()).isPositive();
        assertThat(c.inserted() + c.failed()).isEqualTo(300);
        assertThat(dry.run().status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(dry.samples()).extracting(DryRun.Sample::change).containsExactlyInAnyOrder(DryRun.Change.INSERT, DryRun.Change.FAIL);
        DryRun.Sample fail = dry.samples().stream().filter(s -> s.change() == DryRun.Change.FAIL).findFirst().orElseThrow();
        assertThat(fail.key()).startsWith("source:c-");
        assertThat(fail.reason()).startsWith("mapping failed: ").contains("priority");
        assertThat(fail.record().path("properties").path("tier").asText()).isIn("silver", "bronze");
        assertThat(syncs.store.deadLetters().list(SYNC, 10)).isEmpty();
        assertThat(syncs.store.runs().list(SYNC, 10)).isEmpty();
    }
}
