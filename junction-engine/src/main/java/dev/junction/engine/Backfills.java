package dev.junction.engine;

import dev.junction.runtime.Tenants;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.StreamSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.store.BackfillChunk;
import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import dev.junction.sync.BackfillRange;
import dev.junction.sync.RunListener;
import dev.junction.sync.RunTriggers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Backfills: a sync's source read over a past range {@code [from, to)} as bounded runs (trigger
 * {@code backfill}), one per chunk of the range, without moving the sync's live checkpoint (see
 * {@link BackfillRange}). {@link #submit} queues every chunk on the {@link RunQueue} (durable, visible,
 * one run of the sync at a time with the live ones, a failed chunk fails alone); {@link #runChunk}
 * runs one chunk here and now, for a CLI that holds the store itself. Only a sync that reads its
 * stream incrementally, or a sliced stream, can be backfilled; any other is refused saying why.
 */
public final class Backfills {
    /** The chunk when none is given: a week. */
    public static final Duration DEFAULT_CHUNK = Duration.ofDays(7);
    /** At most this many chunks in one backfill. */
    public static final int MAX_CHUNKS = 1000;

    /**
     * A backfill to queue: the sync, the tenant of a per-tenant sync (null for a classic one), the
     * range and the chunk (null: {@link #DEFAULT_CHUNK}).
     */
    public record Request(String sync, String tenant, BackfillRange range, Duration chunk) {
        public Request {
            Objects.requireNonNull(sync, "sync");
            Objects.requireNonNull(range, "range");
            chunk = chunk == null ? DEFAULT_CHUNK : chunk;
        }
    }

    /** A queued backfill: its id, and each chunk with its queued run, in order. */
    public record Queued(String backfill, List<BackfillChunk> chunks, List<RunRecord> runs) {}

    private final Store store;
    private final Definitions definitions;
    private final RunQueue queue;
    private final Runs runs;
    private final Clock clock;

    Backfills(Store store, Definitions definitions, RunQueue queue, Runs runs, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.queue = queue;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * The chunks of a backfill of the applied sync, checked: the sync exists, reads incrementally or
     * a sliced stream, and has its tenant when it is per tenant.
     *
     * @throws EngineException.NotFound when no such sync is applied
     * @throws EngineException.Invalid when it cannot be backfilled, the tenant is missing or wrong, or the chunks are too many
     */
    public List<BackfillRange> plan(LoadResult applied, Request request) {
        SyncSpec spec = SyncTargets.sync(applied, request.sync(), request.tenant());
        if (spec.perTenant() && request.tenant() == null) {
            throw new EngineException.Invalid("sync '" + request.sync() + "' runs per tenant: name the tenant to backfill (--tenant T, or tenant in the body)");
        }
        SyncTargets.tenants(applied, spec, request.tenant());
        String refusal = refusal(applied, spec, request.tenant());
        if (refusal != null) {
            throw new EngineException.Invalid(refusal);
        }
        List<BackfillRange> chunks;
        try {
            chunks = request.range().chunks(request.chunk());
        } catch (IllegalArgumentException e) {
            throw new EngineException.Invalid(e.getMessage());
        }
        if (chunks.size() > MAX_CHUNKS) {
            throw new EngineException.Invalid("chunk " + Durations.format(request.chunk()) + " cuts " + request.range() + " into " + chunks.size()
                    + " runs, more than " + MAX_CHUNKS + "; choose a larger chunk");
        }
        return chunks;
    }

    /**
     * Queues one run per chunk (trigger {@code backfill}), each chunk's range stored before its run, so
     * whichever process claims it reads the same range; returns once all are in the store.
     */
    public Queued submit(Request request) {
        List<BackfillRange> chunks = plan(definitions.applied(), request);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as the store keeps it
        List<BackfillChunk> stored = new ArrayList<>();
        List<RunRecord> queued = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            BackfillRange range = chunks.get(i);
            int index = i + 1;
            queued.add(queue.submit(new Runs.Request(request.sync(), request.tenant(), RunTriggers.BACKFILL, false), runId -> {
                BackfillChunk chunk = new BackfillChunk(runId, id, request.sync(), request.tenant(), range.from(), range.to(), index, chunks.size(), now);
                store.backfills().save(chunk);
                stored.add(chunk);
            }));
        }
        return new Queued(id, stored, queued);
    }

    /**
     * Runs one chunk here, to its end (no queue: for a CLI that holds the store). A chunk of the same
     * range that stopped before resumes from its progress.
     *
     * @throws dev.junction.sync.SyncAlreadyRunningException when a run of the sync (tenant) holds its lease
     */
    public Runs.Outcome runChunk(LoadResult applied, String sync, String tenant, BackfillRange range, RunListener listener) {
        return runs.runBackfill(applied, new Runs.Request(sync, tenant, RunTriggers.BACKFILL, false), range, listener);
    }

    /** The chunk a backfill run reads; empty when the run is not a queued backfill's. */
    public java.util.Optional<BackfillChunk> chunkOf(String runId) {
        return store.backfills().find(runId);
    }

    /** Why the sync cannot be backfilled, or null when it can. */
    static String refusal(LoadResult applied, SyncSpec spec, String tenant) {
        SyncSpec.Source source = spec.source();
        boolean incremental = source.mode() == SyncSpec.ReadMode.INCREMENTAL;
        String what;
        if (source.sql() != null || source.file() != null) {
            if (incremental) {
                return null;
            }
            what = "its " + (source.sql() != null ? "SQL query" : "file") + " in full (source.mode: full)";
        } else {
            StreamSpec stream = stream(applied, spec, tenant);
            if (stream == null || stream.slice() != null || incremental && stream.incremental() != null) {
                return null; // an unknown stream is the planner's to report
            }
            what = "stream '" + source.stream() + "' in full (" + (incremental ? "the stream declares no incremental" : "source.mode: full")
                    + ") and the stream is not sliced";
        }
        return "sync '" + spec.name() + "' cannot be backfilled: it reads " + what + "; a backfill reads a past range of an incremental stream"
                + " (source.mode: incremental, on a stream that declares incremental) or of a sliced stream (slice:)";
    }

    private static StreamSpec stream(LoadResult applied, SyncSpec spec, String tenant) {
        SyncSpec bound = spec.perTenant() ? Tenants.bind(applied, spec, tenant) : spec;
        ConnectionSpec connection = applied.connections().get(bound.source().connection());
        ConnectorSpec connector = connection == null ? null : applied.connectors().get(connection.connector());
        return connector == null ? null : connector.streams().get(bound.source().stream());
    }
}
