package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.AuditEntry;
import dev.junction.store.BackfillChunk;
import dev.junction.store.DeadLetter;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.RetentionRepository;
import dev.junction.store.RetentionRepository.Table;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retention's batches: the oldest ids first, bounded, the newest N kept, ended runs only. Mixed into {@link AbstractStoreContractTest}. */
interface RetentionContract extends StoreContract {
    private RetentionRepository retention() {
        return store().retention();
    }

    private void exchange(long second) {
        store().exchanges().append(new ExchangeRecord(0, at(second), null, null, "crm", "GET", "http://x/" + second, 200, 1, 1, Map.of(), null,
                Map.of(), null, null, List.of("k-" + second)));
    }

    private void endedRun(String id, long second) {
        store().runs().start(id, "s", null, "test", at(second));
        store().runs().finish(id, RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(second + 1));
    }

    @Test
    default void findsTheOldestIdsBeforeACutoffInBoundedBatchesAndDeletesThem() {
        for (long s = 1; s <= 5; s++) {
            exchange(s);
        }

        List<String> all = retention().idsBefore(Table.EXCHANGES, at(5), 10);
        List<String> first = retention().idsBefore(Table.EXCHANGES, at(5), 3);
        List<String> rest = all.subList(3, 4);

        assertThat(all).hasSize(4);
        assertThat(first).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(retention().delete(Table.EXCHANGES, first)).isEqualTo(3);
        assertThat(retention().idsBefore(Table.EXCHANGES, at(5), 3)).containsExactlyElementsOf(rest);
        assertThat(retention().delete(Table.EXCHANGES, rest)).isEqualTo(1);
        assertThat(retention().idsBefore(Table.EXCHANGES, at(5), 3)).isEmpty();
        assertThat(store().exchanges().find(dev.junction.store.ExchangeQuery.newest(10))).extracting(e -> e.url()).containsExactly("http://x/5");
        assertThat(retention().count(Table.EXCHANGES)).isEqualTo(1);
        assertThat(retention().delete(Table.EXCHANGES, List.of())).isZero();
        // their record keys went with them
        assertThat(store().exchanges().find(new dev.junction.store.ExchangeQuery(null, null, "k-1", 10))).isEmpty();
        assertThat(store().exchanges().find(new dev.junction.store.ExchangeQuery(null, null, "k-5", 10))).hasSize(1);
    }

    @Test
    default void theTimeBeyondTheNewestRowsIsWhereASizeLimitCuts() {
        for (long s = 1; s <= 5; s++) {
            store().auditLog().append(new AuditEntry(0, at(s), "tok_a", null, "runs.start", "run", "r" + s, "ok", null));
        }

        assertThat(retention().timeBeyondNewest(Table.AUDIT_LOG, 2)).contains(at(3));
        assertThat(retention().timeBeyondNewest(Table.AUDIT_LOG, 5)).isEmpty();
        assertThat(retention().timeBeyondNewest(Table.AUDIT_LOG, 0)).contains(at(5));
        List<String> beyond = retention().idsBefore(Table.AUDIT_LOG, at(3).plusNanos(1000), 10);
        assertThat(retention().delete(Table.AUDIT_LOG, beyond)).isEqualTo(3);
        assertThat(retention().count(Table.AUDIT_LOG)).isEqualTo(2);
    }

    @Test
    default void deadLettersGoByTheirCreationTime() {
        for (long s = 1; s <= 3; s++) {
            store().deadLetters().add(new DeadLetter(0, at(s), "r1", "s", "k" + s, "bad", "{}", null, DeadLetter.State.OPEN, null, null));
        }

        List<String> old = retention().idsBefore(Table.DEAD_LETTERS, at(3), 10);

        assertThat(retention().delete(Table.DEAD_LETTERS, old)).isEqualTo(2);
        assertThat(retention().count(Table.DEAD_LETTERS)).isEqualTo(1);
    }

    @Test
    default void onlyEndedRunsThatNoBackfillChunkNamesArePurged() {
        endedRun("ended-1", 1);
        endedRun("ended-2", 2);
        store().runs().start("running", "s", null, "test", at(3));
        endedRun("chunk", 4);
        store().backfills().save(new BackfillChunk("chunk", "b1", "s", null, at(0), at(1), 1, 1, at(4)));

        List<String> ids = retention().idsBefore(Table.RUNS, at(10), 10);

        assertThat(ids).containsExactly("ended-1", "ended-2");
        assertThat(retention().delete(Table.RUNS, List.of("ended-1", "running", "chunk"))).as("a run that has not ended stays").isEqualTo(1);
        assertThat(store().runs().find("running")).isPresent();
        assertThat(store().runs().find("chunk")).isPresent();
        assertThat(store().runs().find("ended-1")).isEmpty();
        assertThat(retention().timeBeyondNewest(Table.RUNS, 1)).contains(at(3));
    }
}
