package dev.junction.sync;

import dev.junction.mapping.Mapper;
import dev.junction.spec.SyncSpec;
import java.util.Objects;

/**
 * Everything one run of a sync needs, already compiled: the source, the mapper, the sink, and the
 * rules. {@code cursorField} is the source field whose highest value becomes the incremental
 * checkpoint (null for full reads); {@code sourceKey} names the source record's primary key, used
 * to name records that fail before they have a destination key. {@code writeMode} says which records
 * are written (upsert: all that changed; insert: only keys this sync never wrote; update: only keys
 * it wrote before; mirror: upsert, then {@code deletes} removes what a full read no longer returns);
 * {@code limits} when a run gives up. {@code tenant} is the tenant a per-tenant sync runs for (null:
 * a classic sync); it keys the run's stored state (see {@link #stateKey()}).
 */
public record SyncJob(
        String sync,
        String stream,
        RecordSource source,
        Mapper mapper,
        RecordSink sink,
        String destinationKey,
        String sourceKey,
        String cursorField,
        SyncSpec.Batch batch,
        SyncSpec.OnRowError onRowError,
        String trigger,
        RunMetrics metrics,
        SyncSpec.WriteMode writeMode,
        SyncSpec.RunLimits limits,
        Deletes deletes,
        String tenant) {
    /** A job of a classic (not per-tenant) sync. */
    public SyncJob(String sync, String stream, RecordSource source, Mapper mapper, RecordSink sink, String destinationKey, String sourceKey,
            String cursorField, SyncSpec.Batch batch, SyncSpec.OnRowError onRowError, String trigger, RunMetrics metrics,
            SyncSpec.WriteMode writeMode, SyncSpec.RunLimits limits, Deletes deletes) {
        this(sync, stream, source, mapper, sink, destinationKey, sourceKey, cursorField, batch, onRowError, trigger, metrics, writeMode, limits,
                deletes, null);
    }

    /**
     * The name under which the job's state is stored (checkpoints, fingerprints, write intents, the
     * run lease): the sync's name, or for a per-tenant sync {@code SYNC@TENANT}. A sync name cannot
     * hold {@code @}, so the two never meet, and a classic sync keeps the state it always had.
     */
    public String stateKey() {
        return stateKey(sync, tenant);
    }

    /** See {@link #stateKey()}; {@code tenant} null for a classic sync. */
    public static String stateKey(String sync, String tenant) {
        return tenant == null ? sync : sync + "@" + tenant;
    }

    /** "sync 'S'", or for the state key {@code S@T} of a per-tenant sync "sync 'S' for tenant 'T'", for messages. */
    public static String describeStateKey(String stateKey) {
        int at = stateKey.indexOf('@');
        return at < 0 ? "sync '" + stateKey + "'" : "sync '" + stateKey.substring(0, at) + "' for tenant '" + stateKey.substring(at + 1) + "'";
    }
    /** A job that deletes nothing. */
    public SyncJob(String sync, String stream, RecordSource source, Mapper mapper, RecordSink sink, String destinationKey, String sourceKey,
            String cursorField, SyncSpec.Batch batch, SyncSpec.OnRowError onRowError, String trigger, RunMetrics metrics,
            SyncSpec.WriteMode writeMode, SyncSpec.RunLimits limits) {
        this(sync, stream, source, mapper, sink, destinationKey, sourceKey, cursorField, batch, onRowError, trigger, metrics, writeMode, limits,
                null);
    }

    /** An upsert job without run limits. */
    public SyncJob(String sync, String stream, RecordSource source, Mapper mapper, RecordSink sink, String destinationKey, String sourceKey,
            String cursorField, SyncSpec.Batch batch, SyncSpec.OnRowError onRowError, String trigger, RunMetrics metrics) {
        this(sync, stream, source, mapper, sink, destinationKey, sourceKey, cursorField, batch, onRowError, trigger, metrics,
                SyncSpec.WriteMode.UPSERT, SyncSpec.RunLimits.NONE);
    }

    public SyncJob {
        writeMode = writeMode == null ? SyncSpec.WriteMode.UPSERT : writeMode;
        limits = limits == null ? SyncSpec.RunLimits.NONE : limits;
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(destinationKey, "destinationKey");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(onRowError, "onRowError");
        Objects.requireNonNull(metrics, "metrics");
        if (writeMode == SyncSpec.WriteMode.MIRROR && deletes == null) {
            throw new IllegalArgumentException("a mirror job needs its deletes");
        }
        if (deletes != null && deletes.afterRead() && cursorField != null) {
            throw new IllegalArgumentException("mirror deletes need a full read, but the job reads incrementally by '" + cursorField + "'");
        }
        if (batch.size() < 1 || batch.concurrency() < 1) {
            throw new IllegalArgumentException("batch size and concurrency must be at least 1, got " + batch);
        }
    }

    /**
     * The same job reading from another source, without a checkpoint (the records of a replay, for
     * example) and with another trigger.
     */
    public SyncJob withSource(RecordSource newSource, String newTrigger) {
        return new SyncJob(sync, stream, newSource, mapper, sink, destinationKey, sourceKey, null, batch, onRowError, newTrigger, metrics,
                writeMode, limits, deletes == null ? null : deletes.retryOnly(), tenant);
    }

    /**
     * The same job, checkpoint and trigger included, with its source wrapped by {@code wrap} (to
     * watch the records it reads, for example); everything else is unchanged.
     */
    public SyncJob withSourceWrapped(java.util.function.UnaryOperator<RecordSource> wrap) {
        return new SyncJob(sync, stream, wrap.apply(source), mapper, sink, destinationKey, sourceKey, cursorField, batch, onRowError, trigger, metrics,
                writeMode, limits, deletes, tenant);
    }

    /**
     * The same job as a backfill's run (trigger {@code backfill}): the same source, cursor, mapping,
     * fingerprints and writes, but never deletes: a mirror job writes as upsert (a range is not the
     * whole source, so its absent records say nothing).
     */
    public SyncJob forBackfill() {
        SyncSpec.WriteMode mode = writeMode == SyncSpec.WriteMode.MIRROR ? SyncSpec.WriteMode.UPSERT : writeMode;
        return new SyncJob(sync, stream, source, mapper, sink, destinationKey, sourceKey, cursorField, batch, onRowError, RunTriggers.BACKFILL,
                metrics, mode, limits, null, tenant);
    }

    /**
     * The same job allowed to delete more than its mirror cap ({@code junction run --force-deletes});
     * a job that deletes nothing is returned as is.
     */
    public SyncJob withForcedDeletes() {
        return deletes == null ? this : new SyncJob(sync, stream, source, mapper, sink, destinationKey, sourceKey, cursorField, batch, onRowError,
                trigger, metrics, writeMode, limits, deletes.forced(), tenant);
    }
}
