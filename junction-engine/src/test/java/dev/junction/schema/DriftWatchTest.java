package dev.junction.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.DriftEvent;
import dev.junction.store.StoredSchema;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The drift watch around a source, with a real (in-memory H2) store. */
class DriftWatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T01:00:00Z"), ZoneOffset.UTC);
    private final JdbcStore store = JdbcStore.h2InMemory("drift-" + UUID.randomUUID());

    @AfterEach
    void close() {
        store.close();
    }

    /** A source of fixed pages; counts accounted() calls. */
    private static final class PagedSource implements RecordSource {
        final List<List<JsonNode>> pages;
        int accounted;

        PagedSource(List<List<JsonNode>> pages) {
            this.pages = pages;
        }

        @Override
        public Reader open(String checkpoint, String runId) {
            Iterator<List<JsonNode>> it = pages.iterator();
            return new Reader() {
                @Override
                public List<JsonNode> nextPage() {
                    return it.hasNext() ? it.next() : null;
                }

                @Override
                public void accounted() {
                    accounted++;
                }
            };
        }
    }

    private static List<JsonNode> page(String... records) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String r : records) {
            out.add(JSON.readTree(r));
        }
        return out;
    }

    private static List<List<JsonNode>> readAll(RecordSource source, String runId) {
        RecordSource.Reader reader = source.open(null, runId);
        List<List<JsonNode>> seen = new ArrayList<>();
        for (List<JsonNode> p; (p = reader.nextPage()) != null; ) {
            seen.add(p);
            reader.accounted();
        }
        assertThat(reader.nextPage()).isNull(); // asking again after the end checks nothing twice
        return seen;
    }

    @Test
    void pagesPassThroughUnchangedAndTheFirstRunStoresTheBaseline() throws Exception {
        DriftWatch watch = new DriftWatch(store.schemas(), JSON, CLOCK, 1_000);
        PagedSource source = new PagedSource(List.of(page("{\"id\":1}", "{\"id\":2}"), page("{\"id\":3,\"x\":true}")));

        List<List<JsonNode>> seen = readAll(watch.watch(source, "crm", "contacts"), "r1");

        assertThat(seen).isEqualTo(source.pages);
        assertThat(source.accounted).isEqualTo(2);
        assertThat(watch.lastOutcome()).contains(new DriftWatch.Outcome("r1", "crm", "contacts", 3, true, List.of(), null));
        StoredSchema stored = store.schemas().find("crm", "contacts").orElseThrow();
        assertThat(stored.sampled()).isEqualTo(3);
        assertThat(stored.updatedAt()).isEqualTo(CLOCK.instant());
        assertThat(JSON.readTree(stored.schema()).path("required").toString()).isEqualTo("[\"id\"]");
    }

    @Test
    void aLaterRunStoresItsChangesAsDriftEventsOfTheRunAndWidensTheSchema() throws Exception {
        DriftWatch watch = new DriftWatch(store.schemas(), JSON, CLOCK, 1_000);
        readAll(watch.watch(new PagedSource(List.of(page("{\"id\":1,\"fax\":\"1\"}"))), "crm", "contacts"), "r1");

        readAll(watch.watch(new PagedSource(List.of(page("{\"id\":\"a\",\"phone\":\"2\"}"))), "crm", "contacts"), "r2");

        assertThat(store.schemas().driftOfRun("r2")).containsExactly(
                new DriftEvent("r2", "crm", "contacts", "id", "type", "integer", "string", CLOCK.instant()),
                new DriftEvent("r2", "crm", "contacts", "phone", "added", null, "string", CLOCK.instant()),
                new DriftEvent("r2", "crm", "contacts", "fax", "removed", "string", null, CLOCK.instant()));
        assertThat(store.schemas().find("crm", "contacts").orElseThrow().sampled()).isEqualTo(2);
        assertThat(watch.lastOutcome().orElseThrow().changes()).hasSize(3);
    }

    @Test
    void onlyTheFirstMaxRecordsOfARunAreLookedAt() throws Exception {
        DriftWatch watch = new DriftWatch(store.schemas(), JSON, CLOCK, 2);
        readAll(watch.watch(new PagedSource(List.of(page("{\"id\":1}"))), "crm", "contacts"), "r1");

        readAll(watch.watch(new PagedSource(List.of(page("{\"id\":2}", "{\"id\":3}"), page("{\"id\":4,\"late\":1}"))), "crm", "contacts"), "r2");

        assertThat(watch.lastOutcome().orElseThrow().sampled()).isEqualTo(2);
        assertThat(store.schemas().driftOfRun("r2")).isEmpty();
    }

    @Test
    void aReadThatStopsBeforeTheEndOrReadsNothingChecksNothing() throws Exception {
        DriftWatch watch = new DriftWatch(store.schemas(), JSON, CLOCK, 1_000);
        RecordSource.Reader stopped = watch.watch(new PagedSource(List.of(page("{\"id\":1}"), page("{\"id\":2}"))), "crm", "contacts").open(null, "r1");
        stopped.nextPage();

        readAll(watch.watch(new PagedSource(List.of()), "crm", "contacts"), "r2");

        assertThat(watch.lastOutcome()).isEmpty();
        assertThat(store.schemas().find("crm", "contacts")).isEmpty();
    }

    @Test
    void aStoreFailureIsKeptInTheOutcomeAndDoesNotBreakTheRead() throws Exception {
        JdbcStore closed = JdbcStore.h2InMemory("drift-closed-" + UUID.randomUUID());
        closed.close();
        DriftWatch watch = new DriftWatch(closed.schemas(), JSON, CLOCK, 1_000);

        List<List<JsonNode>> seen = readAll(watch.watch(new PagedSource(List.of(page("{\"id\":1}"))), "crm", "contacts"), "r1");

        assertThat(seen).hasSize(1);
        assertThat(watch.lastOutcome().orElseThrow().failure())
                .startsWith("could not check stream 'contacts' of connection 'crm' for drift: could not find the schema of stream 'contacts' of connection 'crm': ");
    }

    @Test
    void aWatchedSourceIsSortedByItsCursorExactlyWhenTheSourceIsSoItsCheckpointMovesAsOften() throws Exception {
        DriftWatch watch = new DriftWatch(store.schemas(), JSON, CLOCK, 1_000);
        RecordSource plain = new PagedSource(List.of(page("{\"id\":1}")));
        RecordSource slices = partitioned(Map.of("slice:1", List.of(page("{\"id\":1}"))));

        assertThat(watch.watch(sorted(plain), "crm", "contacts").sortedByCursor()).isTrue();
        assertThat(watch.watch(sorted(slices), "crm", "notes").sortedByCursor()).isTrue();
        assertThat(watch.watch(plain, "crm", "contacts").sortedByCursor()).isFalse();
        assertThat(watch.watch(slices, "crm", "notes").sortedByCursor()).isFalse();
    }

    /** {@code source}, saying its records come in cursor order. */
    private static RecordSource sorted(RecordSource source) {
        return new RecordSource() {
            @Override
            public Reader open(String checkpoint, String runId) {
                return source.open(checkpoint, runId);
            }

            @Override
            public Partitions partitions() {
                return source.partitions();
            }

            @Override
            public boolean sortedByCursor() {
                return true;
            }
        };
    }

    /** A partitioned source: one partition per entry, each a list of pages. */
    private static RecordSource partitioned(Map<String, List<List<JsonNode>>> byPartition) {
        Partitions partitions = new Partitions() {
            @Override
            public Iterator<Partition> list(String streamCheckpoint, String runId) {
                return byPartition.keySet().stream().map(key -> new Partition(key, null, Map.of(), null)).iterator();
            }

            @Override
            public int parallel() {
                return 2;
            }

            @Override
            public RecordSource.Reader open(Partition partition, String checkpoint, String runId) {
                return new PagedSource(byPartition.get(partition.key())).open(checkpoint, runId);
            }
        };
        return new RecordSource() {
            @Override
            public Reader open(String checkpoint, String runId) {
                throw new UnsupportedOperationException("read by partition");
            }

            @Override
            public Partitions partitions() {
                return partitions;
            }
        };
    }

    private static void drain(RecordSource.Reader reader) {
        while (reader.nextPage() != null) {
            reader.accounted();
        }
    }

    @Test
    void aPartitionedStreamIsSampledAcrossItsPartitionsAndCheckedOnceTheRunReadThemAllToTheirEnd() throws Exception {
        DriftWatch watch = new DriftWatch(store.schemas(), JSON, CLOCK, 1_000);
        Map<String, List<List<JsonNode>>> byPartition = new java.util.LinkedHashMap<>();
        byPartition.put("parent:a", List.of(page("{\"id\":1,\"a\":\"x\"}")));
        byPartition.put("parent:b", List.of(page("{\"id\":2}"), page("{\"id\":3,\"b\":true}")));
        readAll(watch.watch(new PagedSource(List.of(page("{\"id\":0}"))), "crm", "notes"), "r1");

        Partitions partitions = watch.watch(partitioned(byPartition), "crm", "notes").partitions();
        Iterator<Partitions.Partition> all = partitions.list(null, "r2");
        drain(partitions.open(all.next(), null, "r2"));
        drain(partitions.open(all.next(), null, "r2"));
        assertThat(all.hasNext()).isFalse();
        assertThat(watch.lastOutcome().orElseThrow().runId()).isEqualTo("r1"); // not before the run says it read everything
        partitions.readToTheEnd("r2");

        assertThat(watch.lastOutcome().orElseThrow().runId()).isEqualTo("r2");
        assertThat(watch.lastOutcome().orElseThrow().sampled()).isEqualTo(3);
        assertThat(store.schemas().driftOfRun("r2")).extracting(DriftEvent::field).containsExactly("a", "b");
    }

    @Test
    void aPartitionedReadThatStoppedChecksNothing() throws Exception {
        DriftWatch watch = new DriftWatch(store.schemas(), JSON, CLOCK, 1_000);
        Partitions stopped = watch.watch(partitioned(Map.of("slice:1", List.of(page("{\"id\":1}"), page("{\"id\":2}")))), "crm", "notes")
                .partitions();
        stopped.open(stopped.list(null, "r1").next(), null, "r1").nextPage();

        assertThat(watch.lastOutcome()).isEmpty();
        assertThat(store.schemas().find("crm", "notes")).isEmpty();
    }
}
