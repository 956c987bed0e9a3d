package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A source sorted by its cursor keeps per-page progress, but never past records that share a cursor
 * value with unread ones: here an API whose parameter means "after" (exclusive), the harder case,
 * pages of 3 records, stopped by a failed read and run again (the store is H2).
 */
class SortedCursorTiesTest {
    private static final String SYNC = "ties";
    private final ObjectMapper json = new ObjectMapper();
    private final JdbcStore store = JdbcStore.h2InMemory("ties-" + UUID.randomUUID());
    private final Map<String, Integer> writes = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        store.close();
    }

    /** Records {@code id=t}, in this (ascending t) order; a read returns those with t above the checkpoint, 3 per page. */
    private final class AfterApi implements RecordSource {
        private final List<JsonNode> records = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        int failAtPage;

        AfterApi(String... records) {
            for (String record : records) {
                String[] idT = record.split("=");
                this.records.add(json.createObjectNode().put("id", idT[0]).put("t", Integer.parseInt(idT[1])));
            }
        }

        @Override
        public boolean sortedByCursor() {
            return true;
        }

        @Override
        public Reader open(String checkpoint, String runId) {
            asked.add(checkpoint);
            List<JsonNode> after = records.stream().filter(r -> checkpoint == null || r.path("t").asInt() > Integer.parseInt(checkpoint)).toList();
            return new Reader() {
                private int page;

                @Override
                public List<JsonNode> nextPage() {
                    page++;
                    if (page == failAtPage) {
                        throw new IllegalStateException("HTTP 503 from GET /items?page=" + page + ", retries exhausted");
                    }
                    int from = (page - 1) * 3;
                    return from >= after.size() ? null : after.subList(from, Math.min(from + 3, after.size()));
                }
            };
        }
    }

    private RunRecord run(AfterApi api) {
        Mapper mapper = Mapper.compile(List.of(
                new FieldMapping("id", new FieldMapping.Path("id"), SourceLocation.unknown("test")),
                new FieldMapping("t", new FieldMapping.Path("t"), SourceLocation.unknown("test"))));
        RecordSink sink = new RecordSink() {
            @Override
            public int maxBatchSize() {
                return 10;
            }

            @Override
            public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId) {
                keys.forEach(key -> writes.merge(key, 1, Integer::sum));
                return keys.stream().map(k -> Outcome.success(true)).toList();
            }
        };
        SyncJob job = new SyncJob(SYNC, "items", api, mapper, sink, "id", "id", "t", new SyncSpec.Batch(10, 1), SyncSpec.OnRowError.DEAD_LETTER,
                "test", new RunMetrics());
        return new SyncEngine(store, json, Clock.systemUTC()).run(job, RunListener.NONE);
    }

    @Test
    void aValueThatGoesOnAcrossThePageBoundaryIsNotPassedAndItsRecordsOnTheUnreadPageAreWrittenByTheNextRun() {
        AfterApi api = new AfterApi("a=1", "b=2", "c=2", "d=2", "e=3", "f=3", "g=4");
        api.failAtPage = 2;

        RunRecord failed = run(api);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(writes).containsOnlyKeys("a", "b", "c");
        // not 2: d has 2 too and was not read, and this API returns only what is after the checkpoint
        assertThat(store.checkpoints().find(SYNC, "items", "")).contains("1");

        api.failAtPage = 0;
        RunRecord next = run(api);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(api.asked).containsExactly(null, "1");
        assertThat(next.counters().unchanged()).isEqualTo(2); // b and c, read again
        assertThat(writes).containsOnlyKeys("a", "b", "c", "d", "e", "f", "g").allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(store.checkpoints().find(SYNC, "items", "")).contains("4");
    }

    @Test
    void aPageWhoseLastValueTheNextPageDoesNotContinueIsPassedOnceTheNextPageIsRead() {
        AfterApi api = new AfterApi("a=1", "b=2", "c=2", "d=3", "e=3", "f=3", "g=3", "h=4");
        api.failAtPage = 3;

        RunRecord failed = run(api);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(writes).containsOnlyKeys("a", "b", "c", "d", "e", "f");
        // past the first page (its 2s end where the second page's 3s begin); not past the second: g has 3 too
        assertThat(store.checkpoints().find(SYNC, "items", "")).contains("2");

        api.failAtPage = 0;
        RunRecord next = run(api);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(api.asked).containsExactly(null, "2");
        assertThat(writes).containsOnlyKeys("a", "b", "c", "d", "e", "f", "g", "h").allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(store.checkpoints().find(SYNC, "items", "")).contains("4");
    }
}
