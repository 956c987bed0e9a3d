package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Lease;
import dev.junction.store.LeaseHolder;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.RunCancel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a run from any process: a live run is asked to stop, a run whose process is gone is
 * abandoned at once and its sync freed. Mixed into {@link AbstractStoreContractTest}.
 */
interface RunCancelContract extends LeaseKeeperContract {
    RunCounters SAVED = new RunCounters(120, 100, 0, 20, 0, 0, 0, 0);

    /** A run of sync "s" started by {@code holder}'s process, with counters saved. */
    default void running(String run, LeaseHolder holder) {
        store().runs().start(run, "s", "cli", T0);
        store().runs().updateCounters(run, SAVED);
        if (holder != null) {
            store().leases().acquire("s", run, holder, T0, T0.plus(Duration.ofHours(1)));
        }
    }

    @Test
    default void aLiveRunIsAskedToStop() {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper running = keeper(clock); LeaseKeeper here = keeper(clock)) {
            store().runs().start("run-1", "s", "cli", T0);
            running.acquire("s", "run-1", reason -> { });

            RunCancel.Result result = new RunCancel(store(), here, clock).cancel("run-1");

            assertThat(result.outcome()).isEqualTo(RunCancel.Outcome.ASKED_TO_STOP);
            assertThat(store().runs().cancelRequested("run-1")).isTrue();
            assertThat(store().runs().find("run-1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(store().leases().find("s").map(Lease::owner)).contains("run-1");
        }
    }

    @Test
    default void aRunWhoseProcessIsGoneIsAbandonedKeepingItsCountersAndItsSyncIsFreed() throws Exception {
        TestClock clock = new TestClock(T0.plusSeconds(1));
        try (LeaseKeeper here = keeper(clock)) {
            LeaseHolder killed = LeaseKeeperContract.endedProcess(here.holder());
            running("run-1", killed);

            RunCancel.Result result = new RunCancel(store(), here, clock).cancel("run-1");

            assertThat(result.outcome()).isEqualTo(RunCancel.Outcome.ABANDONED);
            assertThat(result.run()).isEqualTo(new RunRecord("run-1", "s", "cli", RunStatus.ABANDONED, T0, T0.plusSeconds(1), SAVED,
                    "abandoned: its process (" + killed.describe() + ") ended without finishing it (killed or crashed);"
                            + " the next run resumes from the last checkpoint"));
            assertThat(store().leases().find("s")).isEmpty();
            assertThat(store().runs().cancelRequested("run-1")).isFalse();
        }
    }

    @Test
    default void aRunThatHoldsNoLeaseOrAnExpiredOneIsAbandoned() {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper here = keeper(clock)) {
            running("without-lease", null);
            running("expired", new LeaseHolder("node-elsewhere", "another-host", 1, null, null));
            clock.advance(Duration.ofHours(2));
            RunCancel cancel = new RunCancel(store(), here, clock);

            assertThat(cancel.cancel("without-lease").run().error())
                    .isEqualTo("abandoned: the process running it ended without finishing it (killed or crashed); the next run resumes from the last checkpoint");
            assertThat(cancel.cancel("expired").run().error()).isEqualTo("abandoned: its process (pid 1 on host another-host) stopped renewing its lease"
                    + " at " + T0.plus(Duration.ofHours(1)) + " (killed, crashed or cut off from the store); the next run resumes from the last checkpoint");
            assertThat(store().leases().find("s")).isEmpty();
        }
    }

    @Test
    default void aFinishedOrUnknownRunIsNotTouched() {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper here = keeper(clock)) {
            store().runs().start("done", "s", "cli", T0);
            store().runs().finish("done", RunStatus.SUCCEEDED, SAVED, null, T0.plusSeconds(5));
            RunCancel cancel = new RunCancel(store(), here, clock);

            assertThat(cancel.cancel("done").outcome()).isEqualTo(RunCancel.Outcome.ALREADY_FINISHED);
            assertThat(cancel.cancel("done").run().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(cancel.cancel("nope")).isEqualTo(new RunCancel.Result(RunCancel.Outcome.NOT_FOUND, "nope", null, null));
        }
    }

    @Test
    default void cancellingASyncStopsItsLiveRunAndAbandonsItsDeadOnes() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper running = keeper(clock); LeaseKeeper here = keeper(clock)) {
            running("dead", LeaseKeeperContract.endedProcess(here.holder()));
            store().leases().release("s", "dead");
            store().runs().start("live", "s", "cli", T0.plusSeconds(1));
            running.acquire("s", "live", reason -> { });

            assertThat(new RunCancel(store(), here, clock).cancelAll("s", null))
                    .extracting(RunCancel.Result::runId, RunCancel.Result::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("live", RunCancel.Outcome.ASKED_TO_STOP),
                            org.assertj.core.groups.Tuple.tuple("dead", RunCancel.Outcome.ABANDONED));
        }
    }

    @Test
    default void aSyncsLeaseIsFreedWhenItsHolderIsGoneAndKeptWhileItLives() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper running = keeper(clock); LeaseKeeper here = keeper(clock)) {
            running("run-1", LeaseKeeperContract.endedProcess(here.holder()));
            RunCancel cancel = new RunCancel(store(), here, clock);

            assertThat(cancel.freeIfAbandoned("s").map(RunCancel.Result::outcome)).contains(RunCancel.Outcome.ABANDONED);
            assertThat(store().runs().find("run-1").orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
            assertThat(store().leases().find("s")).isEmpty();

            store().runs().start("run-2", "s", "cli", T0);
            running.acquire("s", "run-2", reason -> { });
            assertThat(cancel.freeIfAbandoned("s")).isEmpty();
            assertThat(store().leases().find("s").map(Lease::owner)).contains("run-2");
        }
    }
}
