package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Write modes insert, update and upsert, decided from the keys this sync has written before (its fingerprints). */
class WriteModesTest {
    private final SandboxSyncs syncs = new SandboxSyncs(120);

    @AfterEach
    void close() {
        syncs.close();
    }

    private RunRecord run(String mode) {
        return syncs.engine().run(syncs.plan(syncYaml(", mode: " + mode, PRIORITY, ""), "test"), RunListener.NONE);
    }

    @Test
    void insertWritesEveryNewKeyOnceAndThenSkipsChangedKeysItWroteBefore() {
        RunRecord first = run("insert");
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.counters()).isEqualTo(new RunCounters(120, 120, 0, 0, 0, 0, 0, 0, 0));
        assertThat(syncs.writesPerKey()).hasSize(120).allSatisfy((key, n) -> assertThat(n).isOne());

        int before = syncs.sandbox.helpdesk().ledger().size();
        List<String> changed = syncs.sandbox.crm().changeContacts(15);
        RunRecord second = run("insert");

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.counters()).isEqualTo(new RunCounters(120, 0, 0, 105, 0, 0, 0, 0, 15));
        assertThat(syncs.sandbox.helpdesk().ledger()).hasSize(before);
        assertThat(changed).hasSize(15);
    }

    @Test
    void updateWritesNothingForKeysThisSyncNeverWroteAndThenOnlyTheChangedKnownOnes() {
        RunRecord first = run("update");
        assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(first.counters()).isEqualTo(new RunCounters(120, 0, 0, 0, 0, 0, 0, 0, 120));
        assertThat(syncs.sandbox.helpdesk().ledger()).isEmpty();

        assertThat(run("upsert").counters().written()).isEqualTo(120);
        List<String> changed = syncs.sandbox.crm().changeContacts(15);
        int before = syncs.sandbox.helpdesk().ledger().size();
        RunRecord update = run("update");

        assertThat(update.counters()).isEqualTo(new RunCounters(120, 0, 15, 105, 0, 0, 0, 0, 0));
        assertThat(syncs.sandbox.helpdesk().ledger().subList(before, syncs.sandbox.helpdesk().ledger().size()))
                .extracting(e -> e.key()).containsExactlyInAnyOrderElementsOf(changed);
    }

    @Test
    void upsertWritesNewAndChangedKeysAndSkipsNone() {
        assertThat(run("upsert").counters()).isEqualTo(new RunCounters(120, 120, 0, 0, 0, 0, 0, 0, 0));
        syncs.sandbox.crm().changeContacts(10);

        assertThat(run("upsert").counters()).isEqualTo(new RunCounters(120, 0, 10, 110, 0, 0, 0, 0, 0));
    }
}
