package dev.junction.spec;

import java.time.Duration;
import java.util.List;

/** Moves records from a source stream through a mapping into a destination action. */
public record SyncSpec(
        String name,
        String description,
        Source source,
        Destination destination,
        List<FieldMapping> mapping,
        Batch batch,
        OnRowError onRowError,
        SourceLocation location,
        RunLimits limits)
        implements Spec {
    public SyncSpec {
        limits = limits == null ? RunLimits.NONE : limits;
    }

    /** A sync without run limits. */
    public SyncSpec(String name, String description, Source source, Destination destination, List<FieldMapping> mapping, Batch batch,
            OnRowError onRowError, SourceLocation location) {
        this(name, description, source, destination, mapping, batch, onRowError, location, RunLimits.NONE);
    }

    @Override
    public String kind() {
        return "Sync";
    }

    public record Source(String connection, String stream, ReadMode mode) {}

    /** {@code key} is the mapped field that identifies a record at the destination. */
    public record Destination(String connection, String action, String key, WriteMode mode) {}

    /** {@code size} records per action call (capped by the action's limit); calls in flight at once. */
    public record Batch(int size, int concurrency) {
        public static final Batch DEFAULT = new Batch(50, 2);
    }

    /**
     * When a run gives up: after {@code timeout} (null: never), or when failed records exceed
     * {@code abortAfter} (null: never).
     */
    public record RunLimits(Duration timeout, AbortAfter abortAfter) {
        public static final RunLimits NONE = new RunLimits(null, null);
    }

    /**
     * Stop a run when more than {@code failures} records have failed (null: no count limit), or when
     * more than {@code percent} per cent of the records read so far have failed (null: no share
     * limit) once at least {@code minRecords} have been read.
     */
    public record AbortAfter(Integer failures, Integer percent, int minRecords) {
        public static final int DEFAULT_MIN_RECORDS = 100;
    }

    public enum ReadMode {
        FULL,
        INCREMENTAL
    }

    public enum WriteMode {
        UPSERT,
        INSERT,
        UPDATE
    }

    public enum OnRowError {
        /** Store the record as a dead letter and go on. */
        DEAD_LETTER,
        /** Stop the run at the first failed record. */
        FAIL
    }
}
