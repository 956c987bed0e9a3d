package dev.junction.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.spec.StreamSpec;
import dev.junction.sync.Partitions;
import dev.junction.sync.RecordSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A stream read as date-range slices: from the slice's {@code start} (or, in an incremental run,
 * from the stream's checkpoint less the lookback window) to its {@code end} (or now), one partition
 * per {@code step}, with template variables {@code slice.start} and {@code slice.end}.
 */
final class SlicePartitions implements Partitions {
    private final StreamSource stream;
    private final StreamSpec.SliceSpec slice;
    private final Duration lookback;
    private final Clock clock;

    SlicePartitions(StreamSource stream, StreamSpec.SliceSpec slice, Duration lookback, Clock clock) {
        this.stream = stream;
        this.slice = slice;
        this.lookback = lookback;
        this.clock = clock;
    }

    @Override
    public Iterator<Partition> list(String streamCheckpoint, String runId) {
        Instant from = slice.start();
        Instant resume = instant(Lookback.apply(streamCheckpoint, lookback));
        if (resume != null && resume.isAfter(from)) {
            from = resume;
        }
        Instant end = slice.end() != null ? slice.end() : clock.instant();
        return DateSlices.split(slice.start(), from, end, slice.step()).stream().map(SlicePartitions::partition).iterator();
    }

    @Override
    public java.util.List<Partition> within(Instant from, Instant to) {
        Instant start = from.isBefore(slice.start()) ? slice.start() : from;
        Instant end = slice.end() != null && slice.end().isBefore(to) ? slice.end() : to;
        return DateSlices.split(slice.start(), start, end, slice.step()).stream().map(SlicePartitions::partition).toList();
    }

    private static Partition partition(DateSlices.Slice s) {
        return new Partition("slice:" + s.start() + ".." + s.end(), s.end().toString(),
                Map.of("slice.start", s.start().toString(), "slice.end", s.end().toString()), null, values(s));
    }

    @Override
    public int parallel() {
        return slice.parallel();
    }

    @Override
    public RecordSource.Reader open(Partition partition, String checkpoint, String runId) {
        return stream.open(checkpoint, runId, partition.variables(), partition.values(), UnaryOperator.identity());
    }

    /** {@code {"slice": {"start": ..., "end": ...}}}, the slice for a JSON request body ({@code $slice}). */
    private static JsonNode values(DateSlices.Slice slice) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        values.putObject("slice").put("start", slice.start().toString()).put("end", slice.end().toString());
        return values;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
