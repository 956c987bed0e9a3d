package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Run leases: one holder per sync, take-over after expiry, renew and release. Mixed into {@link AbstractStoreContractTest}. */
interface LeaseContract extends StoreContract {
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
