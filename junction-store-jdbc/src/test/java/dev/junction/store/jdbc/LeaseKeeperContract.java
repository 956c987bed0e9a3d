package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.Lease;
import dev.junction.store.LeaseHolder;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.SyncAlreadyRunningException;
import dev.junction.sync.internal.ThisProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lease keeper on a real database: a lease is free when it expired, or at once when its holder
 * is a process of this machine that is gone (a real process that ended, a pid now another
 * process's); renewal covers every lease of the keeper and tells a run that lost its own. The
 * keepers here renew only when told ({@link LeaseKeeper.Schedule#manual()}). Mixed into
 * {@link AbstractStoreContractTest}.
 */
interface LeaseKeeperContract extends StoreContract {
    default LeaseKeeper keeper(Clock clock) {
        return new LeaseKeeper(store().leases(), clock, ThisProcess.holder(), LeaseKeeper.Schedule.manual(), LeaseKeeper.TTL, LeaseKeeper.RENEW_EVERY);
    }

    /** A holder on this machine whose process has ended: a real process, started and waited for. */
    static LeaseHolder endedProcess(LeaseHolder self) throws Exception {
        Process process = new ProcessBuilder("sleep", "0").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new LeaseHolder("node-of-a-killed-process", self.host(), process.pid(), Instant.now(), self.pidScope());
    }

    /** The lease {@code holder} takes for {@code run}, lasting a long time. */
    default Lease heldBy(LeaseHolder holder, String run, Instant now) {
        assertThat(store().leases().acquire("s", run, holder, now, now.plus(Duration.ofHours(1)))).isEmpty();
        return store().leases().find("s").orElseThrow();
    }

    @Test
    default void aLeaseWhoseHolderProcessEndedIsTakenOverAtOnce() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper keeper = keeper(clock)) {
            Lease dead = heldBy(endedProcess(keeper.holder()), "killed-run", T0);
            assertThat(keeper.holderGone(dead)).isTrue();

            LeaseKeeper.Held held = keeper.acquire("s", "run-2", reason -> { });

            assertThat(held.replaced()).contains(dead);
            assertThat(store().leases().find("s")).contains(new Lease("s", "run-2", T0, T0.plus(LeaseKeeper.TTL), keeper.holder()));
        }
    }

    @Test
    default void aLeaseWhosePidNowBelongsToAProcessStartedAtAnotherTimeIsTakenOverAtOnce() {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper keeper = keeper(clock)) {
            LeaseHolder self = keeper.holder();
            // this very pid, as a process that started a day before this one: a process that ended, whose pid was reused
            LeaseHolder before = new LeaseHolder("node-before", self.host(), self.pid(), self.processStart().minus(Duration.ofDays(1)), self.pidScope());
            Lease dead = heldBy(before, "run-of-the-old-process", T0);

            assertThat(keeper.acquire("s", "run-2", reason -> { }).replaced()).contains(dead);
        }
    }

    @Test
    default void aLiveHolderKeepsItsLeaseAndTheRefusalNamesItsRunAndProcess() {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper running = keeper(clock); LeaseKeeper other = keeper(clock)) {
            running.acquire("s", "run-1", reason -> { });

            assertThatThrownBy(() -> other.acquire("s", "run-2", reason -> { }))
                    .isInstanceOf(SyncAlreadyRunningException.class)
                    .hasMessage("sync 's' is already running as run 'run-1' (since " + T0 + ", " + running.holder().describe()
                            + "); wait for it to finish or stop it with: junction runs cancel run-1");
            assertThat(other.holderGone(store().leases().find("s").orElseThrow())).isFalse();
        }
    }

    @Test
    default void aHolderOnAnotherMachineIsFreedOnlyWhenItsLeaseExpires() throws Exception {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper keeper = keeper(clock)) {
            LeaseHolder ended = endedProcess(keeper.holder());
            LeaseHolder elsewhere = new LeaseHolder("node-elsewhere", "another-host", ended.pid(), ended.processStart(), null);
            store().leases().acquire("s", "remote-run", elsewhere, T0, T0.plus(LeaseKeeper.TTL));

            assertThatThrownBy(() -> keeper.acquire("s", "run-2", reason -> { })).isInstanceOf(SyncAlreadyRunningException.class);
            clock.advance(LeaseKeeper.TTL);
            LeaseKeeper.Held held = keeper.acquire("s", "run-2", reason -> { });
            assertThat(held.replaced().map(Lease::owner)).contains("remote-run");
        }
    }

    @Test
    default void ofEightProcessesTakingOverADeadHoldersLeaseAtOnceExactlyOneRuns() throws Exception {
        TestClock clock = new TestClock(T0);
        List<LeaseKeeper> keepers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                keepers.add(keeper(clock));
            }
            heldBy(endedProcess(keepers.getFirst().holder()), "killed-run", T0);
            List<Callable<String>> takers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                LeaseKeeper keeper = keepers.get(i);
                String run = "run-" + i;
                takers.add(() -> {
                    try {
                        keeper.acquire("s", run, reason -> { });
                        return run;
                    } catch (SyncAlreadyRunningException e) {
                        return "refused: " + e.holder().owner();
                    }
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> outcome : pool.invokeAll(takers)) {
                outcomes.add(outcome.get());
            }
            String winner = store().leases().find("s").orElseThrow().owner();
            assertThat(outcomes).filteredOn(o -> !o.startsWith("refused")).containsExactly(winner);
            assertThat(outcomes).filteredOn(o -> o.startsWith("refused")).hasSize(7).containsOnly("refused: " + winner);
        } finally {
            pool.shutdownNow();
            keepers.forEach(LeaseKeeper::close);
        }
    }

    @Test
    default void renewingExtendsEveryLeaseOfTheKeeperAndNoOther() {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper keeper = keeper(clock); LeaseKeeper other = keeper(clock)) {
            keeper.acquire("s1", "run-1", reason -> { });
            keeper.acquire("s2", "run-2", reason -> { });
            other.acquire("s3", "run-3", reason -> { });
            clock.advance(LeaseKeeper.RENEW_EVERY);

            keeper.renewNow();

            Instant renewed = T0.plus(LeaseKeeper.RENEW_EVERY).plus(LeaseKeeper.TTL);
            assertThat(store().leases().find("s1").map(Lease::expiresAt)).contains(renewed);
            assertThat(store().leases().find("s2").map(Lease::expiresAt)).contains(renewed);
            assertThat(store().leases().find("s3").map(Lease::expiresAt)).contains(T0.plus(LeaseKeeper.TTL));
        }
    }

    @Test
    default void aRunWhoseLeaseExpiredAndWasTakenOverIsToldAtTheNextRenewal() {
        TestClock clock = new TestClock(T0);
        List<String> lost = new CopyOnWriteArrayList<>();
        try (LeaseKeeper stalled = keeper(clock); LeaseKeeper other = keeper(clock)) {
            stalled.acquire("s1", "run-1", reason -> lost.add("run-1: " + reason));
            stalled.acquire("s2", "run-2", reason -> lost.add("run-2: " + reason));
            clock.advance(LeaseKeeper.TTL); // the stalled process missed its renewals
            other.acquire("s1", "run-3", reason -> { });

            stalled.renewNow();

            assertThat(lost).containsExactly("run-1: lost the run lease of sync 's1' (it expired at " + T0.plus(LeaseKeeper.TTL)
                    + " without renewal and another run took it); stopped to avoid two runs at once");
            assertThat(store().leases().find("s1").map(Lease::owner)).contains("run-3");
            assertThat(store().leases().find("s2").map(Lease::expiresAt)).contains(clock.instant().plus(LeaseKeeper.TTL));
        }
    }

    @Test
    default void givingALeaseUpFreesTheSyncButNotOnceAnotherRunTookItOver() {
        TestClock clock = new TestClock(T0);
        try (LeaseKeeper keeper = keeper(clock); LeaseKeeper other = keeper(clock)) {
            keeper.acquire("s1", "run-1", reason -> { }).close();
            assertThat(store().leases().find("s1")).isEmpty();

            LeaseKeeper.Held stale = keeper.acquire("s2", "run-2", reason -> { });
            clock.advance(LeaseKeeper.TTL);
            other.acquire("s2", "run-3", reason -> { });
            stale.close();
            assertThat(store().leases().find("s2").map(Lease::owner)).contains("run-3");
        }
    }
}
