package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.mapping.Mapper;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.SourceLocation;
import dev.junction.spec.SyncSpec;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints of records written without an idempotency key are saved in groups of pages, not per
 * page: a later page of the same run still sees them, so a key seen again is unchanged or updated,
 * never sent as new, and every fingerprint is in the store when the run ends.
 */
class GroupedSavesRunTest {
    private static final String SYNC = "grouped";
    private final ObjectMapper json = new ObjectMapper();
    private final JdbcStore store = JdbcStore.h2InMemory("grouped-" + UUID.randomUUID());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aKeyInALaterPageIsDiffedAgainstTheFingerprintNotSavedYet() {
        List<List<JsonNode>> pages = List.of(
                List.of(record("a", 1), record("b", 1)),
                List.of(record("a", 1), record("c", 1)),
                List.of(record("b", 2), record("d", 1)));
        List<String> sent = Collections.synchronizedList(new ArrayList<>());

        RunRecord run = run(pages, sent);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sent).containsExactly("a", "b", "c", "b", "d");
        RunCounters c = run.counters();
        assertThat(List.of(c.read(), c.inserted(), c.updated(), c.unchanged())).containsExactly(6L, 4L, 1L, 1L);
        assertThat(store.fingerprints().find(SYNC, Set.of("a", "b", "c", "d"))).hasSize(4);

        sent.clear();
        RunRecord again = run(pages, sent);
        // every fingerprint was saved: only b changes (to version 1 on page 1, back to 2 on page 3)
        assertThat(sent).containsExactly("b", "b");
        assertThat(List.of(again.counters().inserted(), again.counters().updated(), again.counters().unchanged())).containsExactly(0L, 2L, 4L);
    }

    private JsonNode record(String id, int version) {
        return json.createObjectNode().put("id", id).put("version", version);
    }

    private RunRecord run(List<List<JsonNode>> pages, List<String> sent) {
        RecordSource source = (checkpoint, runId) -> {
            Iterator<List<JsonNode>> next = pages.iterator();
            return () -> next.hasNext() ? next.next() : null;
        };
        RecordSink sink = new RecordSink() {
            @Override
            public int maxBatchSize() {
                return 10;
            }

            @Override
            public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId) {
                sent.addAll(keys);
                return keys.stream().map(k -> Outcome.success(null)).toList();
            }
        };
        Mapper mapper = Mapper.compile(List.of(
                new FieldMapping("id", new FieldMapping.Path("id"), SourceLocation.unknown("test")),
                new FieldMapping("version", new FieldMapping.Path("version"), SourceLocation.unknown("test"))));
        SyncJob job = new SyncJob(SYNC, "items", source, mapper, sink, "id", "id", null, new SyncSpec.Batch(10, 1),
                SyncSpec.OnRowError.DEAD_LETTER, "test", new RunMetrics());
        return new SyncEngine(store, json, Clock.systemUTC()).run(job, RunListener.NONE);
    }
}
