package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Runs of the run queue: enqueue, claim, requeue, cancel while queued, listing by status. Mixed into {@link AbstractStoreContractTest}. */
interface QueuedRunContract extends StoreContract {
    @Test
    default void anEnqueuedRunIsQueuedAtAttemptOneWithItsRequest() {
        store().runs().enqueue("q1", "crm-to-erp", "acme", "api", true, T0);

        assertThat(store().runs().find("q1")).contains(new RunRecord("q1", "crm-to-erp", "api", RunStatus.QUEUED, T0, null, RunCounters.ZERO,
                null, "acme", new RunRecord.Queued(T0, 1, true)));
        assertThat(store().runs().list("crm-to-erp", 10)).extracting(RunRecord::id).containsExactly("q1");
    }

    @Test
    default void aRunStartedDirectlyHasNoQueueRequest() {
        store().runs().start("r1", "s", "cli", T0);

        assertThat(store().runs().find("r1").orElseThrow().queued()).isNull();
    }

    @Test
    default void enqueuingARunWithAnIdInUseFailsNamingTheRun() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);

        assertThatThrownBy(() -> store().runs().enqueue("q1", "s", null, "api", false, at(1)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not queue run 'q1' of sync 's'");
    }

    @Test
    default void aQueuedRunIsClaimedOnceAndThenRunsFromTheClaim() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);

        assertThat(store().runs().claim("q1", at(5))).isTrue();
        assertThat(store().runs().claim("q1", at(6))).isFalse();
        assertThat(store().runs().claim("none", at(6))).isFalse();
        RunRecord claimed = store().runs().find("q1").orElseThrow();
        assertThat(claimed.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(claimed.startedAt()).isEqualTo(at(5));
        assertThat(claimed.queued()).isEqualTo(new RunRecord.Queued(T0, 1, false));
    }

    @Test
    default void anAttemptThatWasResumedElsewhereCannotOverwriteTheRunWhenItComesBack() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);
        store().runs().claim("q1", at(1));
        // attempt 1's process was judged dead: queued again (attempt 2) and claimed by another process
        assertThat(store().runs().requeue("q1", null, "its process is gone", true)).isTrue();
        store().runs().claim("q1", at(9));
        RunCounters late = new RunCounters(5, 5, 0, 0, 0, 0, 0, 0);

        assertThat(store().runs().finishAttempt("q1", 1, RunStatus.FAILED, late, "lost the run lease", at(10))).isFalse();
        assertThat(store().runs().requeueAttempt("q1", 1, late, "stopped by the shutdown")).isFalse();
        assertThat(store().runs().find("q1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store().runs().finishAttempt("q1", 2, RunStatus.SUCCEEDED, new RunCounters(9, 9, 0, 0, 0, 0, 0, 0), null, at(20))).isTrue();
        RunRecord ended = store().runs().find("q1").orElseThrow();
        assertThat(ended.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ended.counters().read()).isEqualTo(9);
    }

    @Test
    default void aRunMarkedAbandonedStaysAbandonedWhenItsProcessComesBack() {
        store().runs().start("r1", "s", "cli", T0);
        assertThat(store().runs().abandon("r1", "abandoned: its process stopped renewing its lease", at(7))).isTrue();

        assertThat(store().runs().finishAttempt("r1", 1, RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(8))).isFalse();
        assertThat(store().runs().find("r1").orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    }

    @Test
    default void theRunningAttemptGoesBackToTheQueueKeepingItsAttempt() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);
        store().runs().claim("q1", at(1));

        assertThat(store().runs().requeueAttempt("q1", 1, new RunCounters(3, 3, 0, 0, 0, 0, 0, 0), "stopped by the shutdown")).isTrue();
        RunRecord queued = store().runs().find("q1").orElseThrow();
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.queued().attempt()).isEqualTo(1);
        assertThat(queued.counters().read()).isEqualTo(3);
        assertThat(queued.error()).isEqualTo("stopped by the shutdown");
    }

    @Test
    default void aRunStartedDirectlyCannotBeClaimed() {
        store().runs().start("r1", "s", "cli", T0);

        assertThat(store().runs().claim("r1", at(1))).isFalse();
    }

    @Test
    default void aRunWhoseProcessDiedGoesBackToTheQueueAtTheNextAttemptKeepingItsCounters() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);
        store().runs().claim("q1", at(1));
        RunCounters saved = new RunCounters(100, 50, 0, 0, 0, 0, 0, 0);
        store().runs().updateCounters("q1", saved);
        store().runs().requestCancel("q1", at(2));

        assertThat(store().runs().requeue("q1", null, "its process died", true)).isTrue();

        RunRecord queued = store().runs().find("q1").orElseThrow();
        assertThat(queued).isEqualTo(new RunRecord("q1", "s", "api", RunStatus.QUEUED, at(1), null, saved, "its process died", null,
                new RunRecord.Queued(T0, 2, false)));
        assertThat(store().runs().cancelRequested("q1")).isFalse();
        assertThat(store().runs().claim("q1", at(9))).isTrue();
        assertThat(store().runs().find("q1").orElseThrow().error()).isNull();
    }

    @Test
    default void aRunStoppedByItsProcessGoesBackToTheQueueAtTheSameAttemptWithItsLastCounters() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);
        store().runs().claim("q1", at(1));
        RunCounters last = new RunCounters(10, 1, 2, 3, 0, 0, 0, 0, 4);

        assertThat(store().runs().requeue("q1", last, "stopped by shutdown", false)).isTrue();

        RunRecord queued = store().runs().find("q1").orElseThrow();
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.counters()).isEqualTo(last);
        assertThat(queued.queued().attempt()).isEqualTo(1);
    }

    @Test
    default void onlyARunningRunGoesBackToTheQueue() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);
        store().runs().enqueue("q2", "s", null, "api", false, T0);
        store().runs().claim("q2", at(1));
        store().runs().finish("q2", RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(2));

        assertThat(store().runs().requeue("q1", null, "x", true)).isFalse();
        assertThat(store().runs().requeue("q2", null, "x", true)).isFalse();
        assertThat(store().runs().requeue("none", null, "x", true)).isFalse();
        assertThat(store().runs().find("q1").orElseThrow().queued().attempt()).isEqualTo(1);
        assertThat(store().runs().find("q2").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    default void aQueuedRunIsCancelledBeforeAnyWorkerClaimsItAndCannotBeClaimedAfter() {
        store().runs().enqueue("q1", "s", null, "api", false, T0);
        store().runs().enqueue("q2", "s", null, "api", false, T0);
        store().runs().claim("q2", at(1));

        assertThat(store().runs().cancelQueued("q1", "cancelled while queued", at(3))).isTrue();
        assertThat(store().runs().cancelQueued("q1", "again", at(4))).isFalse();
        assertThat(store().runs().cancelQueued("q2", "running", at(4))).isFalse();

        RunRecord cancelled = store().runs().find("q1").orElseThrow();
        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.finishedAt()).isEqualTo(at(3));
        assertThat(cancelled.error()).isEqualTo("cancelled while queued");
        assertThat(store().runs().claim("q1", at(5))).isFalse();
    }

    @Test
    default void runsAreListedByStatusOldestFirst() {
        store().runs().enqueue("q2", "b", null, "api", false, at(2));
        store().runs().enqueue("q1", "a", "t", "api", false, at(1));
        store().runs().enqueue("q3", "a", null, "api", false, at(3));
        store().runs().start("r1", "a", "cli", at(0));
        store().runs().claim("q3", at(4));

        assertThat(store().runs().withStatus(RunStatus.QUEUED, 10)).extracting(RunRecord::id).containsExactly("q1", "q2");
        assertThat(store().runs().withStatus(RunStatus.QUEUED, 1)).extracting(RunRecord::id).containsExactly("q1");
        assertThat(store().runs().withStatus(RunStatus.RUNNING, 10)).extracting(RunRecord::id).containsExactly("r1", "q3");
        assertThat(store().runs().withStatus(RunStatus.FAILED, 10)).isEmpty();
        assertThatThrownBy(() -> store().runs().withStatus(RunStatus.QUEUED, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void theRunQueueSchedulerTableIsThereWithDbSchedulersColumns() throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement();
                ResultSet row = s.executeQuery("select task_name, task_instance, task_data, execution_time, picked, picked_by, last_success,"
                        + " last_failure, consecutive_failures, last_heartbeat, version, priority from scheduled_tasks")) {
            assertThat(row.next()).isFalse();
        }
    }
}
