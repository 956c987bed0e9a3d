package dev.junction.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PartitionWritesTest {
    /** The batches sent, by their keys; each is written at once (or, when {@code refuse}, not sent). */
    private final List<List<String>> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Throwable> failures = new ArrayList<>();

    private PartitionWrites writes(int batchSize, int budget) {
        return new PartitionWrites(new Batches(batchSize, 0), budget, (batch, last, ended) -> {
            sent.add(batch.stream().map(Pending::key).toList());
            ended.accept(true);
            return CompletableFuture.completedFuture(null);
        }, stopped::get, failures::add);
    }

    private static List<Pending> page(String... keys) {
        List<Pending> out = new ArrayList<>();
        for (String k : keys) {
            out.add(new Pending(k, JsonNodeFactory.instance.objectNode().put("id", k), "f-" + k, false, null, 10));
        }
        return out;
    }

    private static void add(PartitionWrites writes, List<Pending> page, AtomicBoolean accounted) {
        List<String> keys = page.stream().map(Pending::key).toList();
        assertThat(writes.reserve(keys)).isTrue();
        writes.add(page, keys, () -> accounted.set(true));
    }

    @Test
    void recordsOfSeveralPagesShareBatchesAndAPageIsAccountedForOnlyOnceAllItsRecordsAreWritten() {
        PartitionWrites writes = writes(4, 100);
        AtomicBoolean first = new AtomicBoolean();
        AtomicBoolean second = new AtomicBoolean();

        add(writes, page("a1", "a2", "a3"), first);
        assertThat(sent).isEmpty();
        assertThat(first).isFalse();

        add(writes, page("b1", "b2", "b3"), second);
        assertThat(sent).containsExactly(List.of("a1", "a2", "a3", "b1"));
        assertThat(first).isTrue();
        assertThat(second).as("b2 and b3 are not written yet").isFalse();

        writes.drain();
        assertThat(sent).containsExactly(List.of("a1", "a2", "a3", "b1"), List.of("b2", "b3"));
        assertThat(second).isTrue();
        assertThat(failures).isEmpty();
    }

    @Test
    void aPageWithNothingToWriteIsAccountedForAtOnce() {
        PartitionWrites writes = writes(4, 100);
        AtomicBoolean accounted = new AtomicBoolean();

        assertThat(writes.reserve(List.of("a1"))).isTrue();
        writes.add(List.of(), List.of("a1"), () -> accounted.set(true));

        assertThat(accounted).isTrue();
        assertThat(writes.reserve(List.of("a1"))).as("its keys are free again").isTrue();
    }

    @Test
    void aLaterVersionOfAKeyWaitsUntilTheEarlierOneIsWritten() {
        PartitionWrites writes = writes(10, 100);
        add(writes, page("k1", "k2"), new AtomicBoolean());
        assertThat(sent).isEmpty();

        // k1 waits in the partial batch: reserving it again sends that batch first
        assertThat(writes.reserve(List.of("k1"))).isTrue();

        assertThat(sent).containsExactly(List.of("k1", "k2"));
    }

    @Test
    void aPartitionAddingPastTheBudgetWaitsAndThePartialBatchIsSentWhenNothingElseIsInFlight() {
        PartitionWrites writes = writes(10, 4);
        AtomicBoolean first = new AtomicBoolean();
        add(writes, page("a1", "a2", "a3"), first);
        assertThat(sent).isEmpty();

        // 3 + 3 records would be past the budget of 4: the first page's records are sent before the second is taken
        add(writes, page("b1", "b2", "b3"), new AtomicBoolean());

        assertThat(sent).containsExactly(List.of("a1", "a2", "a3"));
        assertThat(first).isTrue();
    }

    @Test
    void aStoppedRunReservesNothingAndNeverAccountsForAPageItDropped() {
        PartitionWrites writes = writes(10, 4);
        add(writes, page("a1", "a2", "a3"), new AtomicBoolean());
        stopped.set(true);
        AtomicBoolean accounted = new AtomicBoolean();

        assertThat(writes.reserve(List.of("a1"))).isFalse();
        writes.add(page("b1", "b2", "b3"), List.of("b1", "b2", "b3"), () -> accounted.set(true));

        assertThat(accounted).isFalse();
        assertThat(sent).isEmpty();
    }
}
