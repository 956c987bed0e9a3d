package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncEngine#runClaimed}: a run of the run queue, already stored and claimed, executed with its
 * own id; stopped by its process's {@link StopSignal}, it goes back to QUEUED and its next attempt
 * (same id) writes only what the first did not.
 */
class ClaimedRunTest {
    private static final int CONTACTS = 600;
    private final SandboxSyncs syncs = new SandboxSyncs(CONTACTS);
    private final LeaseKeeper keeper = new LeaseKeeper(syncs.store.leases(), java.time.Clock.systemUTC());

    @AfterEach
    void close() {
        keeper.close();
        syncs.close();
    }

    @Test
    void aClaimedRunIsUpdatedInPlaceAndEndsWithItsIdAndQueueRequest() {
        Instant requested = Instant.now();
        syncs.store.runs().enqueue("q1", SYNC, null, "api", false, requested);
        claim("q1");

        RunRecord run = engine().runClaimed("q1", syncs.plan(syncYaml("", PRIORITY, ""), "api"), RunListener.NONE, new StopSignal());

        assertThat(run.id()).isEqualTo("q1");
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().written()).isEqualTo(CONTACTS);
        assertThat(run.queued().attempt()).isEqualTo(1);
        assertThat(syncs.store.runs().find("q1").orElseThrow()).usingRecursiveComparison().ignoringFields("finishedAt").isEqualTo(run);
        assertThat(syncs.store.runs().list(SYNC, 10)).extracting(RunRecord::id).containsExactly("q1");
        assertThat(syncs.store.leases().find(SYNC)).as("lease given up").isEmpty();
    }

    @Test
    void aRunStoppedByItsProcessGoesBackToTheQueueAndItsNextAttemptWritesOnlyWhatTheFirstDidNot() {
        syncs.store.runs().enqueue("q1", SYNC, null, "api", false, Instant.now());
        claim("q1");
        StopSignal shutdown = new StopSignal();
        RunListener stopAfterAFewBatches = new RunListener() {
            @Override
            public void progress(RunCounters counters, Duration elapsed) {
                if (counters.written() >= 150) {
                    shutdown.raise();
                }
            }
        };

        RunRecord stopped = engine().runClaimed("q1", syncs.plan(syncYaml("", PRIORITY, ""), "api"), stopAfterAFewBatches, shutdown);

        assertThat(stopped.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(stopped.finishedAt()).isNull();
        assertThat(stopped.error()).isEqualTo("stopped by the shutdown of the process running it; queued again, to resume from the last checkpoint");
        assertThat(stopped.counters().written()).isBetween(150L, (long) CONTACTS - 1);
        assertThat(syncs.store.runs().find("q1")).contains(stopped);
        assertThat(syncs.store.leases().find(SYNC)).as("lease given up").isEmpty();
        assertThat(syncs.writesPerKey()).hasSize((int) stopped.counters().written());

        claim("q1");
        RunRecord resumed = engine().runClaimed("q1", syncs.plan(syncYaml("", PRIORITY, ""), "api"), RunListener.NONE, new StopSignal());

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resumed.queued().attempt()).as("a stop is not a death").isEqualTo(1);
        assertThat(resumed.counters().unchanged()).isEqualTo(stopped.counters().written());
        assertThat(resumed.counters().written()).isEqualTo(CONTACTS - stopped.counters().written());
        assertThat(syncs.writesPerKey()).hasSize(CONTACTS).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(syncs.store.runs().list(SYNC, 10)).extracting(RunRecord::id).containsExactly("q1");
    }

    @Test
    void anIncrementalRunStoppedByItsProcessLeavesNoCheckpointAboveUnreadContactsAndItsNextAttemptMissesNone() {
        String incremental = syncYaml("", PRIORITY, "").replace("stream: contacts, mode: full", "stream: contacts, mode: incremental");
        syncs.store.runs().enqueue("q1", SYNC, null, "api", false, Instant.now());
        claim("q1");
        StopSignal shutdown = new StopSignal();
        RunListener stopAfterAFewPages = new RunListener() {
            @Override
            public void progress(RunCounters counters, Duration elapsed) {
                if (counters.written() >= 300) {
                    shutdown.raise();
                }
            }
        };

        RunRecord stopped = engine().runClaimed("q1", syncs.plan(incremental, "api"), stopAfterAFewPages, shutdown);

        assertThat(stopped.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(stopped.counters().written()).isBetween(300L, (long) CONTACTS - 1);
        // the CRM pages by id, not by updatedAt: the highest updatedAt written is above contacts not read yet
        assertThat(syncs.store.checkpoints().find(SYNC, "contacts", "")).isEmpty();

        claim("q1");
        RunRecord resumed = engine().runClaimed("q1", syncs.plan(incremental, "api"), RunListener.NONE, new StopSignal());

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resumed.counters().read()).isEqualTo(CONTACTS);
        assertThat(resumed.counters().written()).isEqualTo(CONTACTS - stopped.counters().written());
        assertThat(syncs.writesPerKey()).hasSize(CONTACTS).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(syncs.store.checkpoints().find(SYNC, "contacts", "")).isPresent();
    }

    @Test
    void aCancelAskedOfAStoppingRunWins() {
        syncs.store.runs().enqueue("q1", SYNC, null, "api", false, Instant.now());
        claim("q1");
        StopSignal shutdown = new StopSignal();
        RunListener both = new RunListener() {
            @Override
            public void progress(RunCounters counters, Duration elapsed) {
                if (counters.written() >= 100) {
                    syncs.store.runs().requestCancel("q1", Instant.now());
                    shutdown.raise();
                }
            }
        };

        RunRecord run = engine().runClaimed("q1", syncs.plan(syncYaml("", PRIORITY, ""), "api"), both, shutdown);

        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(syncs.store.runs().find("q1").orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aQueuedRunThatWasNotClaimedIsRefusedAndItsLeaseGivenUp() {
        syncs.store.runs().enqueue("q1", SYNC, null, "api", false, Instant.now());
        SyncJob job = syncs.plan(syncYaml("", PRIORITY, ""), "api");

        assertThatThrownBy(() -> engine().runClaimed("q1", job, RunListener.NONE, new StopSignal()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("queued run 'q1' of sync 'contacts' is queued, not running; claim it before running it");
        assertThat(syncs.store.runs().find("q1").orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
        assertThat(syncs.store.leases().find(SYNC)).isEmpty();
        assertThat(syncs.writesPerKey()).isEmpty();
    }

    /** What the queue's dispatcher does: the sync's lease for the run on the process's keeper, then the claim. */
    private void claim(String runId) {
        keeper.acquire(SYNC, runId, reason -> { });
        assertThat(syncs.store.runs().claim(runId, Instant.now())).isTrue();
    }

    private SyncEngine engine() {
        return new SyncEngine(syncs.store, syncs.json, java.time.Clock.systemUTC(), keeper);
    }
}
