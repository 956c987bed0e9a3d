package dev.junction.spec;

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
        SourceLocation location)
        implements Spec {
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
