package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.mapping.Mapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batches by bytes as well as count, the next page's batches starting while the last ones of a page
 * are still in flight (without ever sending a record while an older version of it is on its way), and
 * the expected total a run reports for its ETA. The store is H2, the engine real.
 */
class BatchingRunTest {
    private static final String SYNC = "batching";
    private final ObjectMapper json = new ObjectMapper();
    private final JdbcStore store = JdbcStore.h2InMemory("batching-" + UUID.randomUUID());

    @AfterEach
    void close() {
        store.close();
    }

    /** Pages of records {@code {id, note}} built by {@code page} for page numbers 1..pages. */
    private record Pages(int pages, Function<Integer, List<JsonNode>> page) implements RecordSource {
        @Override
        public Reader open(String checkpoint, String runId) {
            return new Reader() {
                private int n;

                @Override
                public List<JsonNode> nextPage() {
                    return ++n > pages ? null : page.apply(n);
                }

                @Override
                public boolean prefetchable() {
                    return true;
                }
            };
        }
    }

    /** Records each call (keys, JSON array size, version notes); {@code during} runs inside each call. */
    private final class Sink implements RecordSink {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final List<Integer> sizes = new CopyOnWriteArrayList<>();
        final List<String> notes = Collections.synchronizedList(new ArrayList<>());
        volatile java.util.function.Consumer<List<String>> during = keys -> {};
        long maxBytes;

        @Override
        public int maxBatchSize() {
            return 100;
        }

        @Override
        public long maxBatchBytes() {
            return maxBytes;
        }

        @Override
        public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId) {
            try {
                sizes.add(json.writeValueAsBytes(records).length);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            calls.add(keys);
            during.accept(keys);
            records.forEach(r -> notes.add(r.path("id").asText() + "=" + r.path("note").asText()));
            return keys.stream().map(k -> Outcome.success(true)).toList();
        }
    }

    /** One page: 40 records of 35 to 84 bytes ({"id":"r-00","note":"xx..."}: 25 bytes plus a note of 10 to 59), then one of 423. */
    private Pages fortyRecordsAndOneHuge() {
        return new Pages(1, n -> {
            List<JsonNode> page = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                page.add(record("r-%02d".formatted(i), "x".repeat(10 + i % 50)));
            }
            page.add(record("huge", "y".repeat(400)));
            return page;
        });
    }

    private JsonNode record(String id, String note) {
        return json.createObjectNode().put("id", id).put("note", note);
    }

    private RunRecord run(RecordSource source, Sink sink, SyncSpec.Batch batch, RunListener listener) {
        return run(source, sink, batch, listener, null);
    }

    private RunRecord run(RecordSource source, Sink sink, SyncSpec.Batch batch, RunListener listener, String cursorField) {
        Mapper mapper = Mapper.compile(List.of(
                new FieldMapping("id", new FieldMapping.Path("id"), SourceLocation.unknown("test")),
                new FieldMapping("note", new FieldMapping.Path("note"), SourceLocation.unknown("test"))));
        SyncJob job = new SyncJob(SYNC, "records", source, mapper, sink, "id", "id", cursorField, batch, SyncSpec.OnRowError.DEAD_LETTER, "test",
                new RunMetrics());
        return new SyncEngine(store, json, Clock.systemUTC()).run(job, listener);
    }

    @Test
    void aBatchClosesAtMaxBytesOrMaxRecordsAndARecordTooLargeForAnyCallIsADeadLetter() {
        Pages source = fortyRecordsAndOneHuge();
        Sink sink = new Sink();

        RunRecord run = run(source, sink, new SyncSpec.Batch(8, 2, 300), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.counters().written()).isEqualTo(40);
        assertThat(sink.sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(300));
        assertThat(sink.calls).allSatisfy(keys -> assertThat(keys).hasSizeLessThanOrEqualTo(8));
        // bytes closed some batches before 8 records: with count alone, 40 records make 5 calls
        assertThat(sink.calls.size()).isGreaterThan(5);
        assertThat(sink.calls.stream().flatMap(List::stream)).hasSize(40).doesNotContain("huge");
        assertThat(store.deadLetters().list(SYNC, 10)).singleElement().satisfies(dl -> {
            assertThat(dl.recordKey()).isEqualTo("huge");
            // {"id":"huge","note":"yyy…"}: 23 bytes around the 400 y
            assertThat(dl.reason()).isEqualTo("the mapped record is 423 bytes of JSON, more than batch.maxBytes (300) allows in one call; not sent");
        });
    }

    @Test
    void theActionsMaxBytesLimitsCallsWhenTheSyncSetsNoneAndTheSmallerOfTheTwoWins() {
        Pages source = fortyRecordsAndOneHuge();
        Sink sink = new Sink();
        sink.maxBytes = 300;

        RunRecord run = run(source, sink, new SyncSpec.Batch(8, 2), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.counters().written()).isEqualTo(40);
        assertThat(sink.sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(300));
        assertThat(sink.calls.size()).isGreaterThan(5);
        assertThat(store.deadLetters().list(SYNC, 10)).singleElement().satisfies(dl -> assertThat(dl.reason())
                .isEqualTo("the mapped record is 423 bytes of JSON, more than the action's batch.maxBytes (300) allows in one call; not sent"));

        // the sync's own limit, smaller than the action's, is the one that applies (and is named)
        RunRecord again = run(source, sink, new SyncSpec.Batch(8, 2, 200), RunListener.NONE);
        assertThat(again.counters().unchanged()).isEqualTo(40);
        assertThat(store.deadLetters().list(SYNC, 10)).extracting(DeadLetter::reason)
                .contains("the mapped record is 423 bytes of JSON, more than batch.maxBytes (200) allows in one call; not sent");
    }

    @Test
    void theNextPagesBatchesStartWhileTheLastOnesOfAPageAreInFlightButNeverOvertakeAnOlderVersionOfTheirRecord() {
        // page 1: a-1, b; page 2: c; page 3: a-3 (a again, newer)
        Pages source = new Pages(3, n -> switch (n) {
            case 1 -> List.of(record("a", "v1"), record("b", "v1"));
            case 2 -> List.of(record("c", "v2"));
            default -> List.of(record("a", "v3"));
        });
        Sink sink = new Sink();
        AtomicBoolean cStarted = new AtomicBoolean();
        sink.during = keys -> {
            if (keys.contains("c")) {
                cStarted.set(true);
            }
            if (keys.contains("b")) {
                // page 1's last call is held until page 2's call started: they overlap
                await().atMost(Duration.ofSeconds(10)).untilTrue(cStarted);
            }
        };

        RunRecord run = run(source, sink, new SyncSpec.Batch(1, 2), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().written()).isEqualTo(4);
        // a's newer version went out only after the older one was written
        assertThat(sink.notes).containsSubsequence("a=v1", "a=v3");
        assertThat(sink.notes.indexOf("a=v3")).isGreaterThan(sink.notes.indexOf("a=v1"));
    }

    @Test
    void aFullRunExpectsAsManyRecordsAsTheLastFinishedRunRead() {
        Pages source = new Pages(3, n -> List.of(record("r-" + n, "v" + n), record("s-" + n, "v" + n)));
        List<ExpectedTotal> seen = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void progress(RunCounters counters, Duration elapsed, ExpectedTotal expected) {
                seen.add(expected);
            }
        };

        run(source, new Sink(), new SyncSpec.Batch(10, 1), listener);
        assertThat(seen).isNotEmpty().containsOnlyNulls();
        seen.clear();
        run(source, new Sink(), new SyncSpec.Batch(10, 1), listener);

        assertThat(seen).isNotEmpty().containsOnly(new ExpectedTotal(6, ExpectedTotal.Basis.LAST_RUN));
    }

    @Test
    void anIncrementalRunExpectsAsManyRecordsAsTheLastIncrementalRunReadLeavingOutTheFirstFullRead() {
        AtomicInteger runs = new AtomicInteger();
        // the first run reads 6 records, every later one 2 (here "changed since the checkpoint")
        RecordSource source = (checkpoint, runId) -> {
            int pages = runs.incrementAndGet() == 1 ? 3 : 1;
            return new Pages(pages, n -> List.of(record("r-" + n, "v" + n), record("s-" + n, "v" + n))).open(checkpoint, runId);
        };
        List<ExpectedTotal> seen = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void progress(RunCounters counters, Duration elapsed, ExpectedTotal expected) {
                seen.add(expected == null ? new ExpectedTotal(-1, ExpectedTotal.Basis.LAST_RUN) : expected);
            }
        };

        run(source, new Sink(), new SyncSpec.Batch(10, 1), listener, "note");
        run(source, new Sink(), new SyncSpec.Batch(10, 1), listener, "note");
        assertThat(seen).as("no estimate: the only run before was the first, full read").isNotEmpty()
                .containsOnly(new ExpectedTotal(-1, ExpectedTotal.Basis.LAST_RUN));
        seen.clear();
        run(source, new Sink(), new SyncSpec.Batch(10, 1), listener, "note");

        assertThat(seen).isNotEmpty().containsOnly(new ExpectedTotal(2, ExpectedTotal.Basis.LAST_INCREMENTAL_RUN));
    }
}
