package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.AuditEntry;
import dev.junction.store.DeadLetter;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.RetentionRepository;
import dev.junction.store.RetentionRepository.Table;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The purge against an H2 store: by age, by size, in bounded batches, per log. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private JdbcStore store;

    @BeforeEach
    void openStore() {
        store = JdbcStore.h2InMemory("retention-" + UUID.randomUUID());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    private void exchanges(int count, Instant at) {
        for (int i = 0; i < count; i++) {
            store.exchanges().append(new ExchangeRecord(0, at, null, null, "crm", "GET", "http://x/" + i, 200, 1, 1, Map.of(), null, Map.of(), null,
                    null, List.of()));
        }
    }

    @Test
    void purgesEachLogByItsOwnAgeAndLeavesEverythingYounger() {
        exchanges(3, daysAgo(31));
        exchanges(2, daysAgo(29));
        store.runs().start("old", "s", null, "test", daysAgo(200));
        store.runs().finish("old", RunStatus.SUCCEEDED, RunCounters.ZERO, null, daysAgo(200));
        store.runs().start("stuck", "s", null, "test", daysAgo(300)); // never ended: stays
        store.runs().start("recent", "s", null, "test", daysAgo(1));
        store.runs().finish("recent", RunStatus.SUCCEEDED, RunCounters.ZERO, null, daysAgo(1));
        store.deadLetters().add(new DeadLetter(0, daysAgo(181), "old", "s", "k1", "bad", "{}", null, DeadLetter.State.OPEN, null, null));
        store.deadLetters().add(new DeadLetter(0, daysAgo(10), "recent", "s", "k2", "bad", "{}", null, DeadLetter.State.OPEN, null, null));
        store.auditLog().append(new AuditEntry(0, daysAgo(401), "tok_a", null, "runs.start", "run", "old", "ok", null));
        store.auditLog().append(new AuditEntry(0, daysAgo(399), "tok_a", null, "runs.start", "run", "recent", "ok", null));

        Retention.Purged purged = new Retention(store.retention(), clock, Retention.Settings.DEFAULT).purge();

        assertThat(List.of(purged.of(Table.EXCHANGES), purged.of(Table.RUNS), purged.of(Table.DEAD_LETTERS), purged.of(Table.AUDIT_LOG)))
                .containsExactly(3L, 1L, 1L, 1L);
        assertThat(List.of(count(Table.EXCHANGES), count(Table.RUNS), count(Table.DEAD_LETTERS), count(Table.AUDIT_LOG)))
                .containsExactly(2L, 2L, 1L, 1L);
        assertThat(store.runs().find("stuck")).isPresent();
        assertThat(store.runs().find("old")).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestRowsOfALogWithASizeLimit() {
        for (int day = 10; day >= 1; day--) {
            exchanges(1, daysAgo(day));
        }
        Retention.Settings settings = keepAll().with(Table.EXCHANGES, rule -> rule.withMaxRows(4L));

        Retention.Purged purged = new Retention(store.retention(), clock, settings).purge();

        assertThat(purged.of(Table.EXCHANGES)).isEqualTo(6);
        assertThat(store.exchanges().find(dev.junction.store.ExchangeQuery.newest(100))).extracting(ExchangeRecord::at)
                .containsExactlyInAnyOrder(daysAgo(4), daysAgo(3), daysAgo(2), daysAgo(1));
    }

    @Test
    void deletesInBatchesOfAtMostTheBatchSize() {
        exchanges(7, daysAgo(40));
        List<Integer> batches = new ArrayList<>();
        RetentionRepository counting = new CountingRows(store.retention(), batches);

        Retention.Purged purged = new Retention(counting, clock, keepAll().with(Table.EXCHANGES, rule -> rule.withMaxAge(Duration.ofDays(30)))
                .withBatchSize(3)).purge();

        assertThat(purged.of(Table.EXCHANGES)).isEqualTo(7);
        assertThat(batches).containsExactly(3, 3, 1);
        assertThat(count(Table.EXCHANGES)).isZero();
    }

    @Test
    void aStopBetweenBatchesEndsThePurgeThere() {
        exchanges(7, daysAgo(40));
        List<Integer> batches = new ArrayList<>();
        Retention retention = new Retention(new CountingRows(store.retention(), batches), clock, Retention.Settings.DEFAULT.withBatchSize(3));

        Retention.Purged purged = retention.purge(retention.settings(), () -> batches.size() >= 1);

        assertThat(purged.of(Table.EXCHANGES)).isEqualTo(3);
        assertThat(count(Table.EXCHANGES)).isEqualTo(4);
    }

    @Test
    void settingsSayWhatTheyExpect() {
        assertThat(Retention.Rule.age("forever")).isNull();
        assertThat(Retention.Rule.age("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Retention.Rule.rows("1_000_000")).isEqualTo(1_000_000L);
        assertThat(Retention.Rule.rows("none")).isNull();
        assertThatThrownBy(() -> Retention.Rule.age("a month")).isInstanceOf(EngineException.Invalid.class)
                .hasMessage("expected a duration such as 30d, 12h or forever, was 'a month'");
        assertThatThrownBy(() -> Retention.Rule.rows("many")).hasMessage("expected a number of rows such as 1000000, or none, was 'many'");
        assertThatThrownBy(() -> new Retention.Rule(null, 0L)).hasMessage("maxRows: expected 1 or more (or none), was 0");
        assertThatThrownBy(() -> Retention.Settings.DEFAULT.withBatchSize(0)).hasMessage("retention.batchSize: expected 1 to 10000, was 0");
        assertThatThrownBy(() -> Retention.Settings.DEFAULT.withEvery(Duration.ofSeconds(5))).hasMessage("retention.every: expected 1m or more (or off), was 5s");
    }

    private static Retention.Settings keepAll() {
        return new Retention.Settings(null, null, null, null, null, 1000);
    }

    private long count(Table table) {
        return store.retention().count(table);
    }

    /** The store's rows, noting the size of every delete. */
    private record CountingRows(RetentionRepository rows, List<Integer> batches) implements RetentionRepository {
        @Override
        public List<String> idsBefore(Table table, Instant cutoff, int limit) {
            return rows.idsBefore(table, cutoff, limit);
        }

        @Override
        public java.util.Optional<Instant> timeBeyondNewest(Table table, long keep) {
            return rows.timeBeyondNewest(table, keep);
        }

        @Override
        public int delete(Table table, List<String> ids) {
            batches.add(ids.size());
            return rows.delete(table, ids);
        }

        @Override
        public long count(Table table) {
            return rows.count(table);
        }
    }
}
