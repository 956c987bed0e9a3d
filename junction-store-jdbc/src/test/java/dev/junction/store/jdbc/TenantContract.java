package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.CheckpointRepository;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.WriteIntent;
import dev.junction.sync.SyncJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state of a per-tenant sync: runs and dead letters carry their tenant, and everything else is
 * kept under the state key {@code SYNC@TENANT}, apart from each other tenant's and from a classic
 * sync's. Mixed into {@link AbstractStoreContractTest}.
 */
interface TenantContract extends StoreContract {
    String ACME = SyncJob.stateKey("contacts", "acme");
    String GLOBEX = SyncJob.stateKey("contacts", "globex");

    @Test
    default void runsRecordTheirTenantAndListByTenant() {
        store().runs().start("r1", "contacts", "acme", "cli", T0);
        store().runs().start("r2", "contacts", "globex", "cli", at(1));
        store().runs().start("r3", "contacts", "cli", at(2)); // a classic run
        store().runs().finish("r1", RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(5));

        assertThat(store().runs().find("r1")).contains(
                new RunRecord("r1", "contacts", "cli", RunStatus.SUCCEEDED, T0, at(5), RunCounters.ZERO, null, "acme"));
        assertThat(store().runs().find("r3").orElseThrow().tenant()).isNull();
        assertThat(store().runs().list("contacts", "acme", 10)).extracting(RunRecord::id).containsExactly("r1");
        assertThat(store().runs().list(null, "globex", 10)).extracting(RunRecord::id).containsExactly("r2");
        assertThat(store().runs().list("contacts", null, 10)).extracting(RunRecord::id).containsExactly("r3", "r2", "r1");
        assertThat(store().runs().list("contacts", 10)).extracting(RunRecord::id).containsExactly("r3", "r2", "r1");
    }

    @Test
    default void deadLettersRecordTheirTenantAndListAndOpenByTenant() {
        store().deadLetters().add(new DeadLetter(0, T0, "r1", "contacts", "k1", "bad", null, "{}").withTenant("acme"));
        store().deadLetters().add(new DeadLetter(0, at(1), "r2", "contacts", "k1", "bad", null, "{}").withTenant("globex"));
        store().deadLetters().add(new DeadLetter(0, at(2), "r3", "contacts", "k1", "bad", null, "{}"));

        assertThat(store().deadLetters().list("contacts", "acme", 10)).extracting(DeadLetter::runId).containsExactly("r1");
        assertThat(store().deadLetters().list("contacts", 10)).extracting(DeadLetter::tenant).containsExactly(null, "globex", "acme");
        List<DeadLetter> globex = store().deadLetters().open("contacts", "globex", null, 0, 10);
        assertThat(globex).extracting(DeadLetter::runId).containsExactly("r2");
        assertThat(store().deadLetters().find(globex.get(0).id()).orElseThrow().tenant()).isEqualTo("globex");
        assertThat(store().deadLetters().open("contacts", null, 0, 10)).hasSize(3);
    }

    @Test
    default void oneTenantsCheckpointsNeverReachAnotherTenantOrTheClassicSync() {
        store().checkpoints().save(ACME, "people", "", "2026-05-01", T0);
        store().checkpoints().save(ACME, "people", "2026-04", "x", T0);
        store().checkpoints().complete(ACME, "people", "2026-04", T0);
        store().checkpoints().save("contacts", "people", "", "classic", T0);

        assertThat(store().checkpoints().find(ACME, "people", "")).contains("2026-05-01");
        assertThat(store().checkpoints().find(GLOBEX, "people", "")).isEmpty();
        assertThat(store().checkpoints().find("contacts", "people", "")).contains("classic");
        assertThat(store().checkpoints().partitions(ACME, "people")).containsExactly(new CheckpointRepository.PartitionState("2026-04", "x", true));
        assertThat(store().checkpoints().partitions(GLOBEX, "people")).isEmpty();
    }

    @Test
    default void oneTenantsFingerprintsAndMirrorMarksNeverReachAnother() {
        store().fingerprints().saveAll(ACME, Map.of("k1", "a1", "k2", "a2"));
        store().fingerprints().saveAll(GLOBEX, Map.of("k1", "g1"));
        store().fingerprints().markSeen(ACME, List.of("k1"), "run-a");

        assertThat(store().fingerprints().find(GLOBEX, List.of("k1", "k2"))).containsExactly(Map.entry("k1", "g1"));
        assertThat(store().fingerprints().unseen(ACME, "run-a", null, 10)).containsExactly("k2");
        assertThat(store().fingerprints().unseen(GLOBEX, "run-a", null, 10)).containsExactly("k1");
        assertThat(store().fingerprints().clear(GLOBEX)).isEqualTo(1);
        assertThat(store().fingerprints().count(ACME)).isEqualTo(2);
        assertThat(store().fingerprints().count("contacts")).isZero();
    }

    @Test
    default void twoTenantsHoldTheirLeasesAtOnceButOneTenantRunsOnce() {
        assertThat(store().leases().acquire(ACME, "run-a", T0, at(60))).isEmpty();
        assertThat(store().leases().acquire(GLOBEX, "run-g", T0, at(60))).isEmpty();
        assertThat(store().leases().acquire("contacts", "run-c", T0, at(60))).isEmpty();
        assertThat(store().leases().acquire(ACME, "run-a2", at(1), at(61))).map(l -> l.owner()).contains("run-a");
    }

    @Test
    default void writeIntentsArePerTenant() {
        store().writeIntents().add(new WriteIntent(ACME, "key-1", "run-a", List.of("k1"), List.of("f1"), "[{}]", T0));
        assertThat(store().writeIntents().find(GLOBEX)).isEmpty();
        assertThat(store().writeIntents().find(ACME)).extracting(WriteIntent::idempotencyKey).containsExactly("key-1");
    }
}
