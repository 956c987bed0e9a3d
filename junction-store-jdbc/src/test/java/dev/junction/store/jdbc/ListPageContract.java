package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterQuery;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.ResultPage;
import dev.junction.store.RunCounters;
import dev.junction.store.RunQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The API's lists: runs, dead letters and exchanges found by their filters, newest first, in cursor
 * pages that visit every item once. Mixed into {@link AbstractStoreContractTest}.
 */
interface ListPageContract extends StoreContract {
    private void run(String id, String sync, String tenant, String trigger, long second) {
        store().runs().start(id, sync, tenant, trigger, at(second));
    }

    private static ExchangeRecord exchange(String run, String tenant, String connection, int status, Instant at, List<String> keys) {
        return new ExchangeRecord(0, at, run, tenant, connection, "GET", "https://api.example.com/x", status, 5, 1, Map.of(), null, Map.of(), null,
                null, keys);
    }

    /** Every item of every page of {@code first} and its followers, asserting no page is larger than asked. */
    private static <Q, T> List<T> walk(Q first, Function<Q, ResultPage<T>> find, java.util.function.BiFunction<Q, String, Q> after, int limit) {
        List<T> seen = new ArrayList<>();
        Q query = first;
        ResultPage<T> page;
        int pages = 0;
        do {
            page = find.apply(query);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            seen.addAll(page.items());
            query = after.apply(query, page.nextCursor());
            assertThat(++pages).as("pages").isLessThan(1000);
        } while (page.nextCursor() != null);
        return seen;
    }

    @Test
    default void runsAreFoundNewestFirstByEachFilterAndTogether() {
        run("a1", "a", null, "schedule", 1);
        run("a2", "a", "acme", "api", 2);
        run("b1", "b", "acme", "schedule", 3);
        run("b2", "b", "globex", "cli", 4);
        store().runs().finish("a1", RunStatus.FAILED, RunCounters.ZERO, "boom", at(5));
        store().runs().finish("b1", RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(5));

        assertThat(runs(RunQuery.newest(10))).containsExactly("b2", "b1", "a2", "a1");
        assertThat(runs(RunQuery.newest(10).withSync("a"))).containsExactly("a2", "a1");
        assertThat(runs(RunQuery.newest(10).withTenant("acme"))).containsExactly("b1", "a2");
        assertThat(runs(RunQuery.newest(10).withStatus(RunStatus.RUNNING))).containsExactly("b2", "a2");
        assertThat(runs(RunQuery.newest(10).withStatus(RunStatus.FAILED))).containsExactly("a1");
        assertThat(runs(RunQuery.newest(10).withTrigger("schedule"))).containsExactly("b1", "a1");
        assertThat(runs(RunQuery.newest(10).between(at(2), at(4)))).containsExactly("b1", "a2");
        assertThat(runs(RunQuery.newest(10).between(at(3), null))).containsExactly("b2", "b1");
        assertThat(runs(RunQuery.newest(10).withSync("b").withTenant("acme").withStatus(RunStatus.SUCCEEDED))).containsExactly("b1");
        assertThat(runs(RunQuery.newest(10).withTenant("nobody"))).isEmpty();
        RunRecord full = store().runs().find(RunQuery.newest(10).withSync("a").withStatus(RunStatus.FAILED)).items().getFirst();
        assertThat(full).isEqualTo(new RunRecord("a1", "a", "schedule", RunStatus.FAILED, at(1), at(5), RunCounters.ZERO, "boom", null));
    }

    private List<String> runs(RunQuery query) {
        ResultPage<RunRecord> page = store().runs().find(query);
        assertThat(page.nextCursor()).isNull();
        return page.items().stream().map(RunRecord::id).toList();
    }

    @Test
    default void pagingRunsVisitsEveryRunOnceNewestFirstAlsoWithinOneInstant() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            run(String.format("r%02d", i), i % 2 == 0 ? "even" : "odd", "acme", "api", i / 4); // four runs share each instant
        }
        for (int i = 22; i >= 0; i--) {
            expected.add(String.format("r%02d", i));
        }

        List<RunRecord> seen = walk(RunQuery.newest(5), store().runs()::find, RunQuery::after, 5);

        assertThat(seen).extracting(RunRecord::id).containsExactlyElementsOf(expected);
        assertThat(walk(RunQuery.newest(3).withSync("even"), store().runs()::find, RunQuery::after, 3)).extracting(RunRecord::id)
                .containsExactlyElementsOf(expected.stream().filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0).toList());
    }

    @Test
    default void aRunStartedBetweenPagesNeitherRepeatsNorShiftsTheNextPage() {
        for (int i = 0; i < 6; i++) {
            run("r" + i, "s", null, "api", i);
        }
        ResultPage<RunRecord> first = store().runs().find(RunQuery.newest(3));
        run("r9", "s", null, "api", 60);

        ResultPage<RunRecord> second = store().runs().find(RunQuery.newest(3).after(first.nextCursor()));

        assertThat(first.items()).extracting(RunRecord::id).containsExactly("r5", "r4", "r3");
        assertThat(second.items()).extracting(RunRecord::id).containsExactly("r2", "r1", "r0");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    default void aFullLastPageSaysThereIsNoNextOne() {
        for (int i = 0; i < 4; i++) {
            run("r" + i, "s", null, "api", i);
        }

        assertThat(store().runs().find(RunQuery.newest(4)).nextCursor()).isNull();
        assertThat(store().runs().find(RunQuery.newest(3)).nextCursor()).isNotNull();
        assertThat(store().runs().find(RunQuery.newest(10).withSync("none"))).isEqualTo(new ResultPage<RunRecord>(List.of(), null));
    }

    @Test
    default void deadLettersAreFoundNewestFirstByEachFilterAndPagedOnce() {
        store().deadLetters().add(DeadLetterContract.deadLetter("r1", "a", "k1", at(1)));
        store().deadLetters().add(DeadLetterContract.deadLetter("r1", "a", "k2", at(1)).withTenant("acme"));
        store().deadLetters().add(DeadLetterContract.deadLetter("r2", "b", "k3", at(2)).withTenant("acme"));
        store().deadLetters().add(DeadLetterContract.deadLetter("r3", "b", "k4", at(3)).withTenant("globex"));
        long k3 = store().deadLetters().find(DeadLetterQuery.newest(10).withRun("r2")).items().getFirst().id();
        store().deadLetters().resolve(List.of(k3), DeadLetter.State.DISCARDED, null, at(4));

        assertThat(keys(DeadLetterQuery.newest(10))).containsExactly("k4", "k3", "k2", "k1");
        assertThat(keys(DeadLetterQuery.newest(10).withSync("a"))).containsExactly("k2", "k1");
        assertThat(keys(DeadLetterQuery.newest(10).withTenant("acme"))).containsExactly("k3", "k2");
        assertThat(keys(DeadLetterQuery.newest(10).withRun("r1"))).containsExactly("k2", "k1");
        assertThat(keys(DeadLetterQuery.newest(10).withState(DeadLetter.State.OPEN))).containsExactly("k4", "k2", "k1");
        assertThat(keys(DeadLetterQuery.newest(10).withState(DeadLetter.State.DISCARDED))).containsExactly("k3");
        assertThat(keys(DeadLetterQuery.newest(10).withSync("b").withTenant("acme"))).containsExactly("k3");
        assertThat(walk(DeadLetterQuery.newest(1), store().deadLetters()::find, DeadLetterQuery::after, 1)).extracting(DeadLetter::recordKey)
                .containsExactly("k4", "k3", "k2", "k1");
        assertThat(store().deadLetters().find(DeadLetterQuery.newest(10).withTenant("globex")).items().getFirst())
                .usingRecursiveComparison().ignoringFields("id").isEqualTo(DeadLetterContract.deadLetter("r3", "b", "k4", at(3)).withTenant("globex"));
    }

    private List<String> keys(DeadLetterQuery query) {
        return store().deadLetters().find(query).items().stream().map(DeadLetter::recordKey).toList();
    }

    @Test
    default void exchangesArePagedNewestFirstByConnectionTenantTimeStatusKeyAndRun() {
        store().exchanges().append(exchange("r1", "acme", "acme-crm", 200, at(1), List.of("c-1")));
        store().exchanges().append(exchange("r1", "acme", "acme-helpdesk", 422, at(2), List.of("c-1", "c-2")));
        store().exchanges().append(exchange("r2", "globex", "globex-crm", 200, at(3), List.of("c-1")));
        store().exchanges().append(exchange(null, null, "crm", 500, at(4), List.of()));

        assertThat(times(ExchangeQuery.newest(10))).containsExactly(at(4), at(3), at(2), at(1));
        assertThat(times(ExchangeQuery.newest(10).withConnection("acme-crm"))).containsExactly(at(1));
        assertThat(times(ExchangeQuery.newest(10).withTenant("acme"))).containsExactly(at(2), at(1));
        assertThat(times(ExchangeQuery.newest(10).between(at(2), at(4)))).containsExactly(at(3), at(2));
        assertThat(times(ExchangeQuery.newest(10).withStatus(500))).containsExactly(at(4));
        assertThat(times(ExchangeQuery.newest(10).withRecordKey("c-1"))).containsExactly(at(3), at(2), at(1));
        assertThat(times(ExchangeQuery.newest(10).withRecordKey("c-1").withTenant("acme").withRun("r1").withStatus(422))).containsExactly(at(2));
        assertThat(walk(ExchangeQuery.newest(1), store().exchanges()::page, ExchangeQuery::after, 1)).extracting(ExchangeRecord::at)
                .containsExactly(at(4), at(3), at(2), at(1));
        assertThat(store().exchanges().page(ExchangeQuery.newest(10).withConnection("acme-helpdesk")).items().getFirst().recordKeys())
                .containsExactly("c-1", "c-2");
    }

    private List<Instant> times(ExchangeQuery query) {
        return store().exchanges().page(query).items().stream().map(ExchangeRecord::at).toList();
    }

    @Test
    default void findingExchangesOldestFirstTakesTheNewFiltersButNoCursor() {
        store().exchanges().append(exchange("r1", "acme", "acme-crm", 200, at(1), List.of()));
        store().exchanges().append(exchange("r1", "acme", "acme-crm", 200, at(2), List.of()));
        store().exchanges().append(exchange("r2", "globex", "globex-crm", 200, at(3), List.of()));
        String cursor = store().exchanges().page(ExchangeQuery.newest(1)).nextCursor();

        assertThat(store().exchanges().find(ExchangeQuery.newest(10).withConnection("acme-crm").between(at(1), null)))
                .extracting(ExchangeRecord::at).containsExactly(at(1), at(2));
        assertThatThrownBy(() -> store().exchanges().find(ExchangeQuery.newest(10).after(cursor)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page(query)");
    }

    @Test
    default void aCursorOfOneListOrNoListAtAllIsRefused() {
        run("r1", "s", null, "api", 1);
        run("r2", "s", null, "api", 2);
        String runsCursor = store().runs().find(RunQuery.newest(1)).nextCursor();

        assertThatThrownBy(() -> DeadLetterQuery.newest(1).after(runsCursor)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not one an earlier page of deadletters gave out");
        assertThatThrownBy(() -> ExchangeQuery.newest(1).after(runsCursor)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunQuery.newest(1).after("not-a-cursor")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the cursor 'not-a-cursor' is not one an earlier page of runs gave out; ask for the first page without a cursor");
        assertThatThrownBy(() -> RunQuery.newest(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunQuery.newest(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeadLetterQuery.newest(1001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().exchanges().page(ExchangeQuery.newest(1001))).isInstanceOf(IllegalArgumentException.class);
    }
}
