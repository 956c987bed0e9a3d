package dev.junction.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.DriftEvent;
import dev.junction.store.SchemaRepository;
import dev.junction.store.StoredSchema;
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the records a run reads for drift against the stored schema of their connection and
 * stream. {@link #watch} wraps a sync's source: the first {@code maxRecords} records of each run
 * are sampled as pages pass (the pages themselves are passed on unchanged), and when the stream is
 * exhausted the run's schema is compared with the stored one ({@link SchemaDrift}); the changes are
 * stored as drift events of the run and the stored schema is widened by them. With no stored
 * schema yet, the run's schema is stored as the baseline and no drift is reported. A run that
 * ends before its stream is exhausted (failed, cancelled, aborted), or reads no records, checks
 * nothing.
 *
 * <p>A failure to read or store schemas does not fail the run: it is kept in the outcome.
 */
public final class DriftWatch {
    private final SchemaRepository schemas;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxRecords;
    private final AtomicReference<Outcome> last = new AtomicReference<>();

    public DriftWatch(SchemaRepository schemas, ObjectMapper json, Clock clock, int maxRecords) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        this.maxRecords = maxRecords;
    }

    /**
     * What one run's check found. {@code baseline}: no schema was stored, the run's became it.
     * {@code failure}: why the check could not be done (null when it was).
     */
    public record Outcome(String runId, String connection, String stream, long sampled, boolean baseline, List<SchemaDrift.Change> changes,
            String failure) {}

    /**
     * {@code source} with its records watched as the records of {@code connection}'s {@code stream}.
     * A partitioned source (sub-stream, date slices) is watched across its partitions: one sample
     * for the run, checked once every partition was read to its end (slices an earlier run
     * completed are not read again, so not sampled). The watched source is sorted by its cursor as
     * {@code source} is.
     */
    public RecordSource watch(RecordSource source, String connection, String stream) {
        Partitions partitions = source.partitions();
        if (partitions != null) {
            return new RecordSource() {
                @Override
                public Reader open(String checkpoint, String runId) {
                    return source.open(checkpoint, runId);
                }

                @Override
                public Partitions partitions() {
                    return new WatchedPartitions(partitions, connection, stream);
                }

                @Override
                public boolean sortedByCursor() {
                    return source.sortedByCursor();
                }
            };
        }
        return new RecordSource() {
            @Override
            public Reader open(String checkpoint, String runId) {
                SchemaSampler sampler = new SchemaSampler(maxRecords);
                return new Sampled(source.open(checkpoint, runId), sampler, () -> finish(runId, connection, stream, sampler));
            }

            @Override
            public boolean sortedByCursor() {
                return source.sortedByCursor();
            }
        };
    }

    /** A reader whose pages are offered to a sampler as they pass; {@code atEnd} runs once, at the first end of pages. */
    private static final class Sampled extends dev.junction.sync.ForwardingReader {
        private final SchemaSampler sampler;
        private final Runnable atEnd;
        private boolean done;

        Sampled(RecordSource.Reader reader, SchemaSampler sampler, Runnable atEnd) {
            super(reader);
            this.sampler = sampler;
            this.atEnd = atEnd;
        }

        @Override
        public List<JsonNode> nextPage() {
            List<JsonNode> page = reader.nextPage();
            if (page == null) {
                if (!done) {
                    done = true;
                    atEnd.run();
                }
                return null;
            }
            synchronized (sampler) { // the partitions of one run share a sampler
                for (int i = 0; i < page.size() && sampler.wantsMore(); i++) {
                    sampler.offer(page.get(i));
                }
            }
            return page;
        }
    }

    /**
     * The partitions of one run, their readers sampled into one sampler, checked when the run says
     * it read them all to their end ({@link Partitions#readToTheEnd}); a run that stopped (failed,
     * cancelled) does not say so, and nothing is checked.
     */
    private final class WatchedPartitions implements Partitions {
        private final Partitions partitions;
        private final String connection;
        private final String stream;
        private final SchemaSampler sampler = new SchemaSampler(maxRecords);

        WatchedPartitions(Partitions partitions, String connection, String stream) {
            this.partitions = partitions;
            this.connection = connection;
            this.stream = stream;
        }

        @Override
        public Iterator<Partition> list(String streamCheckpoint, String runId) {
            return partitions.list(streamCheckpoint, runId);
        }

        @Override
        public List<Partition> within(java.time.Instant from, java.time.Instant to) {
            return partitions.within(from, to);
        }

        @Override
        public int parallel() {
            return partitions.parallel();
        }

        @Override
        public RecordSource.Reader open(Partition partition, String checkpoint, String runId) {
            return new Sampled(partitions.open(partition, checkpoint, runId), sampler, () -> { });
        }

        @Override
        public void readToTheEnd(String runId) {
            partitions.readToTheEnd(runId);
            finish(runId, connection, stream, sampler);
        }
    }

    /** The outcome of the last run that reached the end of its stream, if any did. */
    public Optional<Outcome> lastOutcome() {
        return Optional.ofNullable(last.get());
    }

    private void finish(String runId, String connection, String stream, SchemaSampler sampler) {
        if (sampler.sampled() == 0) {
            return;
        }
        ObjectNode observed;
        synchronized (sampler) {
            observed = sampler.schema();
        }
        try {
            Optional<StoredSchema> stored = schemas.find(connection, stream);
            if (stored.isEmpty()) {
                schemas.save(new StoredSchema(connection, stream, json.writeValueAsString(observed), sampler.sampled(), clock.instant()));
                last.set(new Outcome(runId, connection, stream, sampler.sampled(), true, List.of(), null));
                return;
            }
            JsonNode storedSchema = json.readTree(stored.get().schema());
            if (!(storedSchema instanceof ObjectNode storedObject)) {
                throw new IllegalStateException("the stored schema is not a JSON object");
            }
            SchemaDrift.Result result = SchemaDrift.compare(storedObject, observed);
            List<DriftEvent> events = new ArrayList<>();
            for (SchemaDrift.Change c : result.changes()) {
                events.add(new DriftEvent(runId, connection, stream, c.field(), c.kind().label(), c.before(), c.after(), clock.instant()));
            }
            schemas.addDrift(events);
            schemas.save(new StoredSchema(connection, stream, json.writeValueAsString(result.merged()),
                    stored.get().sampled() + sampler.sampled(), clock.instant()));
            last.set(new Outcome(runId, connection, stream, sampler.sampled(), false, result.changes(), null));
        } catch (JsonProcessingException | RuntimeException e) {
            last.set(new Outcome(runId, connection, stream, sampler.sampled(), false, List.of(),
                    "could not check stream '" + stream + "' of connection '" + connection + "' for drift: " + e.getMessage()));
        }
    }
}
