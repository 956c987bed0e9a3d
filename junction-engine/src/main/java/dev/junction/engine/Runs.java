package dev.junction.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.http.DeprecationWatcher;
import dev.junction.http.PipelineListener;
import dev.junction.http.PipelineOptions;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.runtime.Tenants;
import dev.junction.schema.DriftWatch;
import dev.junction.schema.SchemaSampler;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.Lease;
import dev.junction.store.ResultPage;
import dev.junction.store.RunQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import dev.junction.store.jdbc.JdbcSqlSources;
import dev.junction.sync.DeadLetterSelection;
import dev.junction.sync.DryRun;
import dev.junction.sync.RunListener;
import dev.junction.sync.RunLogContext;
import dev.junction.sync.StopSignal;
import dev.junction.sync.SyncEngine;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.RunCancel;
import dev.junction.sync.SyncJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.BiFunction;

/**
 * Runs syncs: one run, a dry run, a replay of dead letters; cancelling and listing runs. Every run
 * is planned against the definitions it is given, through the process's {@link Connections}, so runs
 * of the same connection share its client, rate budget and OAuth token.
 */
public final class Runs {
    /** What to run: a sync, for a tenant (null: a classic sync), asked for by {@code trigger} (cli, api, demo, ...). */
    public record Request(String sync, String tenant, String trigger, boolean forceDeletes) {
        public Request {
            java.util.Objects.requireNonNull(sync, "sync");
            java.util.Objects.requireNonNull(trigger, "trigger");
        }
    }

    /**
     * A finished run and what it noticed: the Deprecation, Sunset and Warning headers its APIs sent,
     * and the schema drift its source showed (empty when it did not read its stream to the end).
     */
    public record Outcome(RunRecord run, List<DeprecationWatcher.Sighting> deprecations, Optional<DriftWatch.Outcome> drift) {}

    /** What {@link #cancel} did. */
    public enum Cancelled {
        /** The run was waiting in the run queue: it ended cancelled without starting. */
        WHILE_QUEUED,
        /** The run was running: it was asked to stop and stops after its batches in flight. */
        ASKED,
        /** The run's process is gone (killed, crashed): it was marked abandoned at once and its sync freed. */
        ABANDONED
    }

    /** A run {@link #cancel} acted on, as it is now, and what was done. */
    public record Cancel(Cancelled outcome, RunRecord run) {}

    private final Store store;
    private final Connections connections;
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<LeaseKeeper> leases;
    private final Events events;
    /** The syncs' hooks (null: none run, as for a {@code Runs} made without them). */
    private final SyncHooks hooks;

    /**
     * {@code leases}: the process's one lease keeper (made on first use), shared by every run of the process;
     * {@code events}: where a run's schema drift is emitted ({@code schema.drifted}).
     */
    public Runs(Store store, Connections connections, ObjectMapper json, Clock clock, Supplier<LeaseKeeper> leases, Events events) {
        this(store, connections, json, clock, leases, events, null);
    }

    /** @param hooks runs each sync's before-hook ahead of its run (null: no hooks run) */
    Runs(Store store, Connections connections, ObjectMapper json, Clock clock, Supplier<LeaseKeeper> leases, Events events, SyncHooks hooks) {
        this.hooks = hooks;
        this.events = events;
        this.store = store;
        this.connections = connections;
        this.json = json;
        this.clock = clock;
        this.leases = leases;
    }

    /**
     * Runs the sync once, to its end. Never throws for a failed run: the outcome's run has status
     * FAILED (or CANCELLED) and the reason.
     *
     * @throws dev.junction.sync.SyncAlreadyRunningException when a run of the sync (tenant) holds its lease
     * @throws dev.junction.JunctionException when the sync cannot be planned (unknown sync, missing secret, ...)
     */
    public Outcome run(LoadResult definitions, Request request, RunListener listener) {
        return plannedRun(definitions, request, null, (engine, job) -> engine.run(job, listener));
    }

    /**
     * Runs a run of the {@link RunQueue} that a worker claimed (stored RUNNING, its sync's lease held
     * for its id), planned from its stored request; {@code stop} sends it back to the queue.
     */
    Outcome runClaimed(LoadResult definitions, RunRecord claimed, StopSignal stop, RunListener listener) {
        boolean forceDeletes = claimed.queued() != null && claimed.queued().forceDeletes();
        Request request = new Request(claimed.sync(), claimed.tenant(), claimed.trigger(), forceDeletes);
        if (dev.junction.sync.RunTriggers.BACKFILL.equals(claimed.trigger())) {
            dev.junction.store.BackfillChunk chunk = store.backfills().find(claimed.id()).orElseThrow(() -> new EngineException.Invalid(
                    "run '" + claimed.id() + "' is a backfill's, but no backfill chunk (range) is stored for it; queue the backfill again"));
            dev.junction.sync.BackfillRange range = new dev.junction.sync.BackfillRange(chunk.from(), chunk.to());
            return plannedRun(definitions, request, claimed.id(), (engine, job) -> engine.runClaimedBackfill(claimed.id(), job, range, listener, stop));
        }
        return plannedRun(definitions, request, claimed.id(), (engine, job) -> engine.runClaimed(claimed.id(), job, listener, stop));
    }

    /** @param runId the queued run it is (null: one the sync engine stores as it starts) */
    private Outcome plannedRun(LoadResult definitions, Request request, String runId, BiFunction<SyncEngine, SyncJob, RunRecord> execution) {
        try (RunLogContext tags = logTags(definitions, request.sync(), request.tenant())) {
            return plannedRunTagged(definitions, request, runId, execution);
        }
    }

    /**
     * Tags this thread's log lines (and those of the threads the run starts) with the sync, tenant and
     * its connections; the run adds its id when it starts (see {@link RunLogContext}).
     */
    private static RunLogContext logTags(LoadResult definitions, String sync, String tenant) {
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        tags.put(RunLogContext.SYNC, sync);
        tags.put(RunLogContext.TENANT, tenant);
        SyncSpec spec = definitions.syncs().get(sync);
        if (spec != null) {
            try {
                SyncSpec bound = tenant == null ? spec : Tenants.bind(definitions, spec, tenant);
                tags.put(RunLogContext.CONNECTION, bound.source() == null ? null : bound.source().connection());
                tags.put(RunLogContext.DESTINATION, bound.destination() == null ? null : bound.destination().connection());
            } catch (RuntimeException e) {
                // planning the run reports what is wrong with the tenant's binding; the tags go without connections
            }
        }
        return RunLogContext.put(tags);
    }

    private Outcome plannedRunTagged(LoadResult definitions, Request request, String runId, BiFunction<SyncEngine, SyncJob, RunRecord> execution) {
        DeprecationWatcher watcher = new DeprecationWatcher(store.endpointSignals(), clock);
        PipelineOptions options = connections.pipeline(watcher, true);
        DriftWatch drift = new DriftWatch(store.schemas(), json, clock, SchemaSampler.DEFAULT_MAX_RECORDS);
        try (PlannedSync planned = planner(options).plan(definitions, request.sync(), request.tenant(), request.trigger())) {
            SyncJob job = watchDrift(definitions, request, drift, force(planned.job(), request.forceDeletes()));
            if (hooks != null) {
                hooks.before(definitions, request, runId); // throws when it did not succeed: the run does not start
            }
            RunRecord run = execution.apply(syncEngine(), job);
            drift.lastOutcome().ifPresent(found -> emitDrift(run, found));
            return new Outcome(run, watcher.sightings(), drift.lastOutcome());
        }
    }

    /** {@code schema.drifted} when the run's source showed changes against its stored schema (stored as drift events meanwhile). */
    private void emitDrift(RunRecord run, DriftWatch.Outcome found) {
        if (found.changes().isEmpty() || found.failure() != null) {
            return;
        }
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("runId", run.id());
        data.put("sync", run.sync());
        data.put("tenant", run.tenant());
        data.put("connection", found.connection());
        data.put("stream", found.stream());
        data.put("changes", found.changes().stream().map(c -> {
            java.util.Map<String, Object> change = new java.util.LinkedHashMap<>();
            change.put("field", c.field());
            change.put("change", c.kind().label());
            change.put("before", c.before());
            change.put("after", c.after());
            return change;
        }).toList());
        try {
            events.emit(EventType.SCHEMA_DRIFTED, run.tenant(), data);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Runs.class).warn("Run {} found schema drift, but its event could not be stored: {}", run.id(), e.getMessage());
        }
    }

    /**
     * Runs a backfill chunk of the sync here, to its end: its source over {@code range}, neither
     * reading nor moving the live checkpoint (see {@link SyncEngine#runBackfill}).
     *
     * @throws dev.junction.sync.SyncAlreadyRunningException when a run of the sync (tenant) holds its lease
     * @throws EngineException.Invalid when the sync neither reads incrementally nor is sliced
     */
    public Outcome runBackfill(LoadResult definitions, Request request, dev.junction.sync.BackfillRange range, RunListener listener) {
        return plannedRun(definitions, request, null, (engine, job) -> {
            try {
                return engine.runBackfill(job, range, listener);
            } catch (IllegalArgumentException e) {
                throw new EngineException.Invalid(e.getMessage());
            }
        });
    }

    /** Reads, maps and diffs the sync without writing: nothing is stored, not even the request log, and no lease is taken. */
    public DryRun dryRun(LoadResult definitions, Request request, int samples, RunListener listener) {
        PipelineOptions options = connections.pipeline(PipelineListener.NONE, false); // a rotated refresh token is still kept
        try (RunLogContext tags = logTags(definitions, request.sync(), request.tenant());
                PlannedSync planned = planner(options).plan(definitions, request.sync(), request.tenant(), "dry-run")) {
            return syncEngine().dryRun(force(planned.job(), request.forceDeletes()), samples, listener);
        }
    }

    /**
     * Replays the selected dead letters with the sync's current mapping and connection, as a run with
     * trigger replay; a per-tenant sync's in the dead letters' tenant, with its current connections.
     */
    public SyncEngine.Replay replay(LoadResult definitions, DeadLetterSelection selection, RunListener listener) {
        PipelineOptions options = connections.pipeline(PipelineListener.NONE, true);
        try (RunLogContext tags = logTags(definitions, selection.sync(), selection.tenant());
                PlannedSync planned = planner(options).plan(definitions, selection.sync(), selection.tenant(), "replay")) {
            return syncEngine().replay(planned.job(), selection, listener);
        }
    }

    /**
     * Runs the sync over records it is given (the records of inbox events) instead of its source's,
     * as a run with the request's trigger ({@link dev.junction.sync.RunTriggers#WEBHOOK} or
     * {@link dev.junction.sync.RunTriggers#POLL}): the same mapping, fingerprints, batches and dead
     * letters as a run, no checkpoint read or moved. {@code records} learns which of its pages are
     * accounted for (see {@link SyncEngine#runGiven}); it is made with the run's fetcher of
     * single records of the sync's source stream (its {@code get:}), for records an event names
     * only by key.
     *
     * @throws dev.junction.sync.SyncAlreadyRunningException when a run of the sync (tenant) holds its lease
     * @throws dev.junction.JunctionException when the sync cannot be planned
     */
    public RunRecord runGiven(LoadResult definitions, Request request, java.util.function.Function<PlannedSync.Fetcher, dev.junction.sync.RecordSource> records,
            RunListener listener) {
        PipelineOptions options = connections.pipeline(PipelineListener.NONE, true);
        try (RunLogContext tags = logTags(definitions, request.sync(), request.tenant());
                PlannedSync planned = planner(options).plan(definitions, request.sync(), request.tenant(), request.trigger())) {
            return syncEngine().runGiven(planned.job(), records.apply(planned.fetcher()), request.trigger(), listener);
        }
    }

    public Optional<RunRecord> find(String id) {
        return store.runs().find(id);
    }

    /** The run, or NotFound naming how to list runs. */
    public RunRecord get(String id) {
        return find(id).orElseThrow(() -> new EngineException.NotFound("no run with id '" + id + "'; list runs with: junction runs"));
    }

    /** Newest first; {@code sync} and {@code tenant} null for every one. */
    public List<RunRecord> list(String sync, String tenant, int limit) {
        return store.runs().list(sync, tenant, limit);
    }

    /** One page of the runs the query selects, newest first; its cursor asks for the next. */
    public ResultPage<RunRecord> list(RunQuery query) {
        return store.runs().find(query);
    }

    /**
     * Asks a running run to stop; it finishes the batches it has in flight, then ends cancelled. A run
     * still waiting in the run queue ends cancelled at once; a run whose process is gone (its lease
     * expired, or its holder's process died on this machine) is marked abandoned at once and its sync freed.
     *
     * @throws EngineException.NotFound when there is no such run
     * @throws EngineException.Conflict when it has already finished
     */
    public Cancel cancel(String runId) {
        get(runId);
        if (store.runs().cancelQueued(runId, "cancelled on request while queued; it never started", clock.instant())) {
            return new Cancel(Cancelled.WHILE_QUEUED, get(runId));
        }
        RunCancel.Result result = new RunCancel(store, leases.get(), clock).cancel(runId);
        return switch (result.outcome()) {
            case NOT_FOUND -> throw new EngineException.NotFound("no run with id '" + runId + "'; list runs with: junction runs");
            case ALREADY_FINISHED -> throw new EngineException.Conflict("run '" + runId + "' of sync '" + result.run().sync() + "' has already finished ("
                    + result.run().status().name().toLowerCase(Locale.ROOT) + "); there is nothing to cancel");
            case ASKED_TO_STOP -> new Cancel(Cancelled.ASKED, result.run());
            case ABANDONED -> new Cancel(Cancelled.ABANDONED, result.run());
        };
    }

    /**
     * {@link #cancel} for every running run of the sync: each tenant's of a per-tenant sync, or only
     * {@code tenant}'s. @return the runs acted on, newest first (empty: nothing was running)
     */
    public List<Cancel> cancelSync(LoadResult definitions, String sync, String tenant) {
        SyncTargets.sync(definitions, sync, tenant);
        List<Cancel> done = new ArrayList<>();
        for (RunCancel.Result result : new RunCancel(store, leases.get(), clock).cancelAll(sync, tenant)) {
            if (result.outcome() == RunCancel.Outcome.ASKED_TO_STOP) {
                done.add(new Cancel(Cancelled.ASKED, result.run()));
            } else if (result.outcome() == RunCancel.Outcome.ABANDONED) {
                done.add(new Cancel(Cancelled.ABANDONED, result.run()));
            }
        }
        return done;
    }

    /** Deletes request-log entries older than {@code keep} (null keeps all). @return how many */
    public long pruneExchanges(java.time.Duration keep) {
        return keep == null ? 0 : store.exchanges().deleteOlderThan(clock.instant().minus(keep));
    }

    private SyncEngine syncEngine() {
        return new SyncEngine(store, json, clock, leases.get()).withTracing(connections.tracing());
    }

    private SyncPlanner planner(PipelineOptions options) {
        return new SyncPlanner(connections.secrets(), options, json, new JdbcSqlSources(json));
    }

    /** The job with its source's records checked for schema drift (see {@link DriftWatch}). */
    private SyncJob watchDrift(LoadResult definitions, Request request, DriftWatch watch, SyncJob job) {
        SyncSpec spec = definitions.syncs().get(request.sync());
        String connection = (request.tenant() == null ? spec : Tenants.bind(definitions, spec, request.tenant())).source().connection();
        if (connection == null) {
            return job; // a SQL or file source: its schema is the query's, not a connector stream's
        }
        return job.withSourceWrapped(source -> watch.watch(source, connection, job.stream()));
    }

    private static SyncJob force(SyncJob job, boolean forceDeletes) {
        return forceDeletes ? job.withForcedDeletes() : job;
    }

    /** 0 succeeded, 3 finished with dead letters, 1 failed, 4 cancelled: the CLI's exit codes, also used in reports. */
    public static int exitCode(RunRecord run) {
        return switch (run.status()) {
            case SUCCEEDED -> 0;
            case PARTIAL -> 3;
            case CANCELLED -> 4;
            default -> 1;
        };
    }
}
