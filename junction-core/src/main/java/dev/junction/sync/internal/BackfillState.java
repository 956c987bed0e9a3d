package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.json.JsonPath;
import dev.junction.store.CheckpointRepository;
import dev.junction.store.Store;
import dev.junction.sync.BackfillRange;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a backfill run keeps apart from the sync's live read: its progress, under partition
 * {@code backfill:FROM..TO} of the sync's state (the stream's position) and {@code backfill:FROM..TO/KEY}
 * (each partition's), never the live checkpoint (partition {@code ""}) nor a live partition's; and
 * which records its range leaves out. Progress is cleared once the backfill's run succeeds (or ends
 * with dead letters), so a later backfill of the same range reads it again; a run that stops, fails or
 * is cancelled leaves it, and the next run of the same range resumes from it.
 *
 * <p>An incremental read starts at {@code from} (or the progress) and skips, counting them, the
 * records whose cursor lies before {@code from} or at or after {@code to}; a read of a source sorted
 * by its cursor ends after the first page that reached {@code to}. A sliced stream is read in the
 * slices of the range ({@link dev.junction.sync.Partitions#within}), with no cursor filter: the
 * slice's window is the range.
 */
final class BackfillState {
    private final BackfillRange range;
    private final Store store;
    private final Clock clock;
    private final String stateKey;
    private final String stream;
    /** The cursor of records to filter by range; null: no filter (a sliced stream, or no cursor). */
    private final JsonPath cursor;
    private final boolean sorted;
    private final AtomicLong outside = new AtomicLong();

    BackfillState(BackfillRange range, Store store, Clock clock, String stateKey, String stream, String cursorField, boolean sliced, boolean sorted) {
        this.range = range;
        this.store = store;
        this.clock = clock;
        this.stateKey = stateKey;
        this.stream = stream;
        this.cursor = cursorField == null || sliced ? null : JsonPath.parse(cursorField);
        this.sorted = sorted;
    }

    BackfillRange range() {
        return range;
    }

    /** Where the read of the (unpartitioned) stream starts: its progress, else {@code from}. */
    String start() {
        return store.checkpoints().find(stateKey, stream, range.partition()).orElse(range.from().toString());
    }

    /** Saves the stream's progress; null removes it. */
    void save(String value) {
        savePartition(range.partition(), value);
    }

    /** The name under which partition {@code key}'s progress is kept. */
    String key(String partition) {
        return range.partition() + "/" + partition;
    }

    /** The progress of the partitions of this range, by the partition's own key. */
    Map<String, CheckpointRepository.PartitionState> partitions() {
        String prefix = range.partition() + "/";
        Map<String, CheckpointRepository.PartitionState> out = new HashMap<>();
        for (CheckpointRepository.PartitionState s : store.checkpoints().partitions(stateKey, stream)) {
            if (s.partition().startsWith(prefix)) {
                String own = s.partition().substring(prefix.length());
                out.put(own, new CheckpointRepository.PartitionState(own, s.value(), s.complete()));
            }
        }
        return out;
    }

    /** Where a partition's read starts: its progress; else {@code from} for an incremental one, or nothing (a slice). */
    String partitionStart(CheckpointRepository.PartitionState state, boolean incremental) {
        if (state != null && state.value() != null) {
            return state.value();
        }
        return incremental && cursor != null ? range.from().toString() : null;
    }

    void savePartition(String partition, String value) {
        if (value == null) {
            store.checkpoints().delete(stateKey, stream, partition);
        } else {
            store.checkpoints().save(stateKey, stream, partition, value, clock.instant());
        }
    }

    void completePartition(String partition) {
        store.checkpoints().complete(stateKey, stream, key(partition), clock.instant());
    }

    /** Forgets the backfill's progress: it read its range to the end. */
    void clear() {
        store.checkpoints().delete(stateKey, stream, range.partition());
        partitions().keySet().forEach(k -> store.checkpoints().delete(stateKey, stream, key(k)));
    }

    /** Whether the record lies outside the range (it is then skipped and counted); records without a date-time cursor are kept. */
    boolean outside(JsonNode raw) {
        if (cursor == null) {
            return false;
        }
        JsonNode found = cursor.find(raw);
        String value = found.isMissingNode() || found.isNull() ? null : found.asText();
        BackfillRange.Position position = range.position(value);
        boolean out = position == BackfillRange.Position.BEFORE || position == BackfillRange.Position.AFTER;
        if (out) {
            outside.incrementAndGet();
        }
        return out;
    }

    /** A sorted source's reader that ends after the first page reaching the range's end; any other reader as it is. */
    RecordSource.Reader bounded(RecordSource.Reader reader) {
        return cursor == null || !sorted ? reader : new Bounded(reader);
    }

    /** What the run's record says of the backfill. */
    String note() {
        long skipped = outside.get();
        return "backfill of " + range + " (the sync's live checkpoint was neither read nor moved)"
                + (skipped == 0 ? "" : "; " + skipped + " record(s) read outside the range were skipped (counted in skipped)");
    }

    /** Ends the read after the page in which a record reached {@code to}: the source is sorted, so every later one is at or after it. */
    private final class Bounded extends dev.junction.sync.ForwardingReader {
        private boolean reachedEnd;

        Bounded(RecordSource.Reader reader) {
            super(reader);
        }

        @Override
        public List<JsonNode> nextPage() {
            if (reachedEnd) {
                return null;
            }
            List<JsonNode> page = reader.nextPage();
            if (page != null) {
                for (JsonNode record : page) {
                    JsonNode found = cursor.find(record);
                    if (!found.isMissingNode() && !found.isNull() && range.position(found.asText()) == BackfillRange.Position.AFTER) {
                        reachedEnd = true;
                        break;
                    }
                }
            }
            return page;
        }

        @Override
        public dev.junction.sync.ExpectedTotal expected() {
            return null; // the source's count is of the whole read, not of the range
        }
    }
}
