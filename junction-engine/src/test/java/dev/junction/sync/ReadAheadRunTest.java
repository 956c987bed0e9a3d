package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.mapping.Mapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run reads a streaming source's next page while it writes the current one (the store is H2): the
 * records arrive in order, the checkpoint never passes a page that is not written (and, unless the
 * source is sorted by its cursor, moves only once the read reached its end), and a failing read
 * fails the run after the pages before it are written.
 */
class ReadAheadRunTest {
    private static final String SYNC = "ahead";
    private final ObjectMapper json = new ObjectMapper();
    private final JdbcStore store = JdbcStore.h2InMemory("ahead-" + UUID.randomUUID());

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * Pages of 10 records; page n's records are updated on day n (so sorted by their cursor, which the source says when
     * {@code sorted}). Fails instead of page {@code failAt}.
     */
    private final class Pages implements RecordSource {
        final AtomicInteger returned = new AtomicInteger();
        final AtomicInteger asked = new AtomicInteger();
        private final int pages;
        private final int failAt;
        private final boolean sorted;

        Pages(int pages, int failAt, boolean sorted) {
            this.pages = pages;
            this.failAt = failAt;
            this.sorted = sorted;
        }

        @Override
        public boolean sortedByCursor() {
            return sorted;
        }

        @Override
        public Reader open(String checkpoint, String runId) {
            return new Reader() {
                @Override
                public List<JsonNode> nextPage() {
                    int n = returned.get() + 1;
                    asked.incrementAndGet();
                    if (n == failAt) {
                        throw new IllegalStateException("HTTP 503 from GET /v1/contacts?page=" + n + ", retries exhausted");
                    }
                    if (n > pages) {
                        return null;
                    }
                    List<JsonNode> page = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        page.add(json.createObjectNode().put("id", "r-%02d-%02d".formatted(n, i)).put("updated", "2024-01-%02dT00:00:00Z".formatted(n)));
                    }
                    returned.incrementAndGet();
                    return page;
                }

                @Override
                public boolean prefetchable() {
                    return true;
                }
            };
        }
    }

    /** Accepts every record; while writing page 2 it waits until page 3 was asked for (read ahead) and notes the stored checkpoint. */
    private final class Sink implements RecordSink {
        final List<String> written = Collections.synchronizedList(new ArrayList<>());
        final List<Optional<String>> checkpointWhileWritingPage2 = Collections.synchronizedList(new ArrayList<>());
        private final Pages source;

        Sink(Pages source) {
            this.source = source;
        }

        @Override
        public int maxBatchSize() {
            return 10;
        }

        @Override
        public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId) {
            if (keys.getFirst().startsWith("r-02-")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> source.asked.get() >= 3);
                checkpointWhileWritingPage2.add(store.checkpoints().find(SYNC, "contacts", ""));
            }
            written.addAll(keys);
            return keys.stream().map(k -> Outcome.success(true)).toList();
        }
    }

    private RunRecord run(Pages source, Sink sink) {
        Mapper mapper = Mapper.compile(List.of(
                new FieldMapping("id", new FieldMapping.Path("id"), SourceLocation.unknown("test")),
                new FieldMapping("updated", new FieldMapping.Path("updated"), SourceLocation.unknown("test"))));
        SyncJob job = new SyncJob(SYNC, "contacts", source, mapper, sink, "id", "id", "updated", new SyncSpec.Batch(10, 1),
                SyncSpec.OnRowError.DEAD_LETTER, "test", new RunMetrics());
        return new SyncEngine(store, json, Clock.systemUTC()).run(job, RunListener.NONE);
    }

    @Test
    void writesEveryPageInOrderAndMovesTheCheckpointOnlyPastWrittenPagesWhileTheNextIsReadAhead() {
        Pages source = new Pages(4, 0, true);
        Sink sink = new Sink(source);

        RunRecord run = run(source, sink);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sink.written).hasSize(40).isSorted();
        assertThat(sink.checkpointWhileWritingPage2).containsExactly(Optional.of("2024-01-01T00:00:00Z"));
        assertThat(store.checkpoints().find(SYNC, "contacts", "")).contains("2024-01-04T00:00:00Z");
    }

    @Test
    void aFailingReadAheadFailsTheRunWithItsReasonAfterThePagesBeforeItAreWritten() {
        Pages source = new Pages(5, 3, true);
        Sink sink = new Sink(source);

        RunRecord run = run(source, sink);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).isEqualTo("HTTP 503 from GET /v1/contacts?page=3, retries exhausted");
        assertThat(sink.written).hasSize(20).allMatch(k -> k.startsWith("r-01-") || k.startsWith("r-02-"));
        // past day 1 only: the page that failed may have held more records of day 2, which a checkpoint of day 2 could skip
        assertThat(store.checkpoints().find(SYNC, "contacts", "")).contains("2024-01-01T00:00:00Z");
    }

    @Test
    void theCheckpointOfASourceNotSortedByItsCursorMovesOnlyOnceTheReadReachedItsEnd() {
        Pages source = new Pages(4, 0, false);
        Sink sink = new Sink(source);

        RunRecord run = run(source, sink);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sink.written).hasSize(40).isSorted();
        assertThat(sink.checkpointWhileWritingPage2).containsExactly(Optional.empty());
        assertThat(store.checkpoints().find(SYNC, "contacts", "")).contains("2024-01-04T00:00:00Z");
    }

    @Test
    void aFailingReadOfASourceNotSortedByItsCursorKeepsTheCheckpointItStartedFrom() {
        store.checkpoints().save(SYNC, "contacts", "", "2023-12-31T00:00:00Z", Instant.now());
        Pages source = new Pages(5, 3, false);
        Sink sink = new Sink(source);

        RunRecord run = run(source, sink);

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(sink.written).hasSize(20);
        assertThat(store.checkpoints().find(SYNC, "contacts", "")).contains("2023-12-31T00:00:00Z");
    }
}
