package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Lease;
import dev.junction.store.LeaseHolder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Run leases: one holder per sync, take-over after expiry or from a dead holder, renew (one lease or
 * a whole node's) and release. Mixed into {@link AbstractStoreContractTest}.
 */
interface LeaseContract extends StoreContract {
    LeaseHolder NODE_A = new LeaseHolder("node-a", "host-1", 101, Instant.parse("2026-05-04T09:00:00.5Z"), "boot-1/pid:[1]");
    LeaseHolder NODE_B = new LeaseHolder("node-b", "host-1", 202, Instant.parse("2026-05-04T09:30:00Z"), null);

    @Test
    default void aLeaseNamesTheProcessThatHoldsIt() {
        assertThat(store().leases().acquire("s", "run-1", NODE_A, at(0), at(6))).isEmpty();

        assertThat(store().leases().find("s")).contains(new Lease("s", "run-1", at(0), at(6), NODE_A));
        assertThat(store().leases().acquire("s", "run-2", NODE_B, at(1), at(7))).contains(new Lease("s", "run-1", at(0), at(6), NODE_A));
        assertThat(store().leases().heldBy("node-a")).containsExactly(new Lease("s", "run-1", at(0), at(6), NODE_A));
        assertThat(store().leases().heldBy("node-b")).isEmpty();
    }

    @Test
    default void theSameRunInAnotherProcessDoesNotTakeALiveLeaseButItsOwnProcessTakesItAgain() {
        store().leases().acquire("s", "run-1", NODE_A, at(0), at(6));

        assertThat(store().leases().acquire("s", "run-1", NODE_B, at(1), at(7)).map(Lease::holder)).contains(NODE_A);
        assertThat(store().leases().acquire("s", "run-1", NODE_A, at(2), at(8))).isEmpty();
        assertThat(store().leases().find("s").map(Lease::expiresAt)).contains(at(8));
    }

    @Test
    default void aDeadHoldersLeaseIsTakenOverOnlyWhileTheRowStillNamesIt() {
        store().leases().acquire("s", "run-1", NODE_A, at(0), at(6));
        Lease dead = store().leases().find("s").orElseThrow();

        assertThat(store().leases().takeOver(dead, "run-2", NODE_B, at(1), at(7))).isTrue();
        assertThat(store().leases().takeOver(dead, "run-3", NODE_A, at(1), at(7))).as("a second taker of the same dead lease").isFalse();
        assertThat(store().leases().find("s")).contains(new Lease("s", "run-2", at(1), at(7), NODE_B));
        assertThat(store().leases().takeOver(new Lease("other", "run-1", at(0), at(6), NODE_A), "run-4", NODE_B, at(1), at(7)))
                .as("no such lease").isFalse();
        assertThat(store().leases().find("other")).isEmpty();
    }

    @Test
    default void ofEightProcessesTakingOverOneDeadLeaseExactlyOneGetsIt() throws Exception {
        store().leases().acquire("s", "dead-run", NODE_A, at(0), at(600));
        Lease dead = store().leases().find("s").orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> takers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                LeaseHolder holder = new LeaseHolder("node-" + i, "host-1", 1000 + i, null, null);
                String owner = "run-" + i;
                takers.add(() -> store().leases().takeOver(dead, owner, holder, at(1), at(7)));
            }
            List<Boolean> won = new ArrayList<>();
            for (Future<Boolean> result : pool.invokeAll(takers)) {
                won.add(result.get());
            }
            assertThat(won).containsOnlyOnce(true);
            Lease winner = store().leases().find("s").orElseThrow();
            assertThat(winner.owner()).isEqualTo("run-" + won.indexOf(true));
            assertThat(winner.holder().node()).isEqualTo("node-" + won.indexOf(true));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void renewingANodeExtendsEveryLeaseItHoldsAndNoOther() {
        store().leases().acquire("s1", "run-1", NODE_A, at(0), at(6));
        store().leases().acquire("s2", "run-2", NODE_A, at(0), at(6));
        store().leases().acquire("s3", "run-3", NODE_B, at(0), at(6));

        assertThat(store().leases().renewAll("node-a", at(8))).isEqualTo(2);
        assertThat(store().leases().find("s1").map(Lease::expiresAt)).contains(at(8));
        assertThat(store().leases().find("s2").map(Lease::expiresAt)).contains(at(8));
        assertThat(store().leases().find("s3").map(Lease::expiresAt)).contains(at(6));
        assertThat(store().leases().renewAll("node-gone", at(8))).isZero();
    }

    @Test
    default void releasingALeaseAsTakenLeavesItAloneOnceAnotherHolderHasIt() {
        store().leases().acquire("s", "run-1", NODE_A, at(0), at(6));
        Lease first = store().leases().find("s").orElseThrow();
        store().leases().acquire("s", "run-2", NODE_B, at(6), at(12));

        assertThat(store().leases().release(first)).isFalse();
        assertThat(store().leases().find("s").map(Lease::owner)).contains("run-2");
        assertThat(store().leases().release(store().leases().find("s").orElseThrow())).isTrue();
        assertThat(store().leases().find("s")).isEmpty();
        store().leases().acquire("s", "anonymous", at(0), at(6));
        assertThat(store().leases().release(new Lease("s", "anonymous", at(0), at(6)))).as("a lease without a holder").isTrue();
    }
    @Test
    default void aFreeLeaseIsTakenAndASecondOwnerIsToldWhoHoldsIt() {
        assertThat(store().leases().acquire("s", "run-1", at(0), at(60))).isEmpty();

        assertThat(store().leases().acquire("s", "run-2", at(10), at(70))).contains(new Lease("s", "run-1", at(0), at(60)));
        assertThat(store().leases().find("s")).contains(new Lease("s", "run-1", at(0), at(60)));
        assertThat(store().leases().acquire("other-sync", "run-2", at(10), at(70))).isEmpty();
    }

    @Test
    default void anExpiredLeaseIsTakenOverAndTheOldOwnerCanNoLongerRenewIt() {
        store().leases().acquire("s", "run-1", at(0), at(60));

        assertThat(store().leases().acquire("s", "run-2", at(60), at(120))).isEmpty();
        assertThat(store().leases().renew("s", "run-1", at(200))).isFalse();
        assertThat(store().leases().find("s").map(Lease::owner)).contains("run-2");
    }

    @Test
    default void renewingExtendsTheLeaseSoItIsNotTakenOver() {
        store().leases().acquire("s", "run-1", at(0), at(60));

        assertThat(store().leases().renew("s", "run-1", at(120))).isTrue();
        assertThat(store().leases().acquire("s", "run-2", at(90), at(150)).map(Lease::owner)).contains("run-1");
    }

    @Test
    default void releasingFreesTheLeaseButOnlyForItsOwner() {
        store().leases().acquire("s", "run-1", at(0), at(60));

        store().leases().release("s", "run-2");
        assertThat(store().leases().find("s")).isPresent();
        store().leases().release("s", "run-1");
        assertThat(store().leases().find("s")).isEmpty();
        assertThat(store().leases().acquire("s", "run-2", at(1), at(61))).isEmpty();
    }

    @Test
    default void ofEightOwnersRacingForOneLeaseExactlyOneGetsIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Lease>>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "run-" + i;
                racers.add(() -> store().leases().acquire("s", owner, at(0), at(60)));
            }
            List<Optional<Lease>> results = new ArrayList<>();
            for (Future<Optional<Lease>> result : pool.invokeAll(racers)) {
                results.add(result.get());
            }
            String winner = store().leases().find("s").orElseThrow().owner();
            assertThat(results).filteredOn(Optional::isEmpty).hasSize(1);
            assertThat(results).filteredOn(Optional::isPresent).extracting(r -> r.get().owner()).containsOnly(winner);
        } finally {
            pool.shutdownNow();
        }
    }
}
