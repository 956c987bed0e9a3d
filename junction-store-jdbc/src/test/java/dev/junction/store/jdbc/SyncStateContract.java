package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.DeadLetter;
import dev.junction.store.Lease;
import dev.junction.store.StoreException;
import dev.junction.store.SyncState;
import dev.junction.store.SyncStateRepository.Outcome;
import dev.junction.store.SyncStateRepository.Reset;
import dev.junction.store.WriteIntent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A sync's state as a whole: shown, reset (everything, checkpoints only, one partition) and moved,
 * never while a run holds the lease, never touching runs or dead letters, and never another key's
 * state. Mixed into {@link AbstractStoreContractTest}.
 */
interface SyncStateContract extends StoreContract {
    String ACME = "contacts@acme";
    String GLOBEX = "contacts@globex";

    /** Two partitions and the stream's own checkpoint, two fingerprints (one mirror-marked), one intent. */
    private void seed(String key) {
        store().checkpoints().save(key, "contacts", "", "2026-01-01", at(1));
        store().checkpoints().save(key, "contacts", "parent:b", "2026-02-02", at(2));
        store().checkpoints().complete(key, "contacts", "parent:a", at(3));
        store().fingerprints().saveAll(key, Map.of("c-1", "f1", "c-2", "f2"));
        store().fingerprints().markSeen(key, List.of("c-1"), "run-1");
        store().writeIntents().add(new WriteIntent(key, "idem-1", "run-1", List.of("c-3"), List.of("f3"), "[{}]", at(4)));
    }

    @Test
    default void findShowsCheckpointsInPartitionOrderFingerprintsIntentsAndTheLease() {
        seed("contacts");
        store().leases().acquire("contacts", "run-9", at(5), at(65));

        SyncState state = store().syncStates().find("contacts");

        assertThat(state.checkpoints()).containsExactly(
                new SyncState.Checkpoint("contacts", "", "2026-01-01", at(1), null),
                new SyncState.Checkpoint("contacts", "parent:a", null, at(3), at(3)),
                new SyncState.Checkpoint("contacts", "parent:b", "2026-02-02", at(2), null));
        assertThat(state.fingerprints()).isEqualTo(2);
        assertThat(state.mirrorMarks()).isEqualTo(1);
        assertThat(state.writeIntents()).isEqualTo(1);
        assertThat(state.lease()).contains(new Lease("contacts", "run-9", at(5), at(65)));
        assertThat(state.heldAt(at(10))).isPresent();
        assertThat(state.heldAt(at(65))).isEmpty();
        SyncState none = store().syncStates().find("nothing");
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.lease()).isEmpty();
    }

    @Test
    default void tenantsAreThoseWithAnyStateOfTheSyncInNameOrder() {
        store().fingerprints().saveAll(GLOBEX, Map.of("c-1", "f"));
        store().checkpoints().save(ACME, "contacts", "", "x", at(0));
        store().leases().acquire("contacts@initech", "run-1", at(0), at(60));
        store().checkpoints().save("contacts", "contacts", "", "x", at(0));
        store().checkpoints().save("contacts-two@zeta", "contacts", "", "x", at(0));

        assertThat(store().syncStates().tenants("contacts")).containsExactly("acme", "globex", "initech");
        assertThat(store().syncStates().tenants("other")).isEmpty();
    }

    @Test
    default void aResetClearsCheckpointsAndFingerprintsButKeepsIntentsRunsDeadLettersAndOtherKeys() {
        seed(ACME);
        seed(GLOBEX);
        store().runs().start("run-1", "contacts", "acme", "cli", at(0));
        store().deadLetters().add(new DeadLetter(0, at(0), "run-1", "contacts", "c-1", "bad", null, "{}").withTenant("acme"));

        Outcome outcome = store().syncStates().reset(List.of(ACME), Reset.EVERYTHING, at(10));

        assertThat(outcome).isEqualTo(new Outcome(3, 2, 0, Optional.empty()));
        SyncState acme = store().syncStates().find(ACME);
        assertThat(acme.checkpoints()).isEmpty();
        assertThat(acme.fingerprints()).isZero();
        assertThat(acme.writeIntents()).isEqualTo(1);
        assertThat(acme.lease()).as("the reset's own lease is gone").isEmpty();
        assertThat(store().syncStates().find(GLOBEX).checkpoints()).hasSize(3);
        assertThat(store().syncStates().find(GLOBEX).fingerprints()).isEqualTo(2);
        assertThat(store().runs().find("run-1")).isPresent();
        assertThat(store().deadLetters().list("contacts", 10)).hasSize(1);
        assertThat(store().leases().acquire(ACME, "run-2", at(11), at(71))).as("a run can start after it").isEmpty();
    }

    @Test
    default void aCheckpointOnlyResetKeepsFingerprintsAndAPartitionResetOnlyThatPartition() {
        seed(ACME);
        seed(GLOBEX);

        assertThat(store().syncStates().reset(List.of(ACME), Reset.CHECKPOINTS, at(10))).isEqualTo(new Outcome(3, 0, 0, Optional.empty()));
        assertThat(store().syncStates().reset(List.of(GLOBEX), new Reset("parent:b", false), at(10)))
                .isEqualTo(new Outcome(1, 0, 0, Optional.empty()));

        assertThat(store().syncStates().find(ACME).checkpoints()).isEmpty();
        assertThat(store().syncStates().find(ACME).fingerprints()).isEqualTo(2);
        assertThat(store().syncStates().find(GLOBEX).checkpoints()).extracting(SyncState.Checkpoint::partition).containsExactly("", "parent:a");
        assertThat(store().syncStates().find(GLOBEX).fingerprints()).isEqualTo(2);
    }

    @Test
    default void aResetOfSeveralKeysChangesNothingWhileARunHoldsOneOfThemButGoesAheadPastAnExpiredLease() {
        seed(ACME);
        seed(GLOBEX);
        store().leases().acquire(GLOBEX, "run-7", at(0), at(60));

        Outcome refused = store().syncStates().reset(List.of(ACME, GLOBEX), Reset.EVERYTHING, at(30));

        assertThat(refused.heldBy()).contains(new Lease(GLOBEX, "run-7", at(0), at(60)));
        assertThat(store().syncStates().find(ACME).checkpoints()).as("no half reset").hasSize(3);
        assertThat(store().syncStates().find(ACME).lease()).isEmpty();
        assertThat(store().leases().find(GLOBEX).map(Lease::owner)).contains("run-7");

        Outcome done = store().syncStates().reset(List.of(ACME, GLOBEX), Reset.EVERYTHING, at(60));
        assertThat(done).isEqualTo(new Outcome(6, 4, 0, Optional.empty()));
        assertThat(store().leases().find(GLOBEX).map(Lease::owner)).as("an expired lease is left for the next run to take over").contains("run-7");
    }

    @Test
    default void aMoveCarriesEveryPieceOfStateToTheNewKeyAndRefusesATakenOne() {
        seed("contacts");

        Outcome moved = store().syncStates().move("contacts", ACME, at(10));

        assertThat(moved).isEqualTo(new Outcome(3, 2, 1, Optional.empty()));
        assertThat(store().syncStates().find("contacts").isEmpty()).isTrue();
        SyncState acme = store().syncStates().find(ACME);
        assertThat(acme.checkpoints()).hasSize(3);
        assertThat(acme.mirrorMarks()).isEqualTo(1);
        assertThat(store().writeIntents().find(ACME)).extracting(WriteIntent::idempotencyKey).containsExactly("idem-1");

        seed("contacts");
        assertThatThrownBy(() -> store().syncStates().move("contacts", ACME, at(20)))
                .isInstanceOf(StoreException.class).hasMessageContaining("'contacts@acme' already has stored state (checkpoints); nothing was moved");
        assertThat(store().syncStates().find("contacts").checkpoints()).hasSize(3);
        store().leases().acquire("contacts", "run-3", at(20), at(80));
        assertThat(store().syncStates().move("contacts", GLOBEX, at(30)).heldBy().map(Lease::owner)).contains("run-3");
        assertThat(store().syncStates().find(GLOBEX).isEmpty()).isTrue();
    }
}
