package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.http.DeprecationWatcher;
import dev.junction.http.OAuthTokens;
import dev.junction.http.PipelineOptions;
import dev.junction.http.RateLimiters;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.runtime.Tenants;
import dev.junction.schema.DriftWatch;
import dev.junction.schema.SchemaSampler;
import dev.junction.spec.LoadResult;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcSqlSources;
import dev.junction.sync.DeadLetterSelection;
import dev.junction.sync.DryRun;
import dev.junction.sync.RunListener;
import dev.junction.sync.SyncEngine;
import java.util.List;
import java.util.function.Function;

/** Plans and runs one sync against a workspace; shared by {@code run} and {@code demo}. */
final class SyncRunner {
    private final Workspace workspace;
    private final ObjectMapper json;
    private final Function<String, String> env;
    private final RateLimiters rateLimiters;
    private final OAuthTokens oauthTokens;
    private DeprecationWatcher lastWatcher;
    private DriftWatch lastDrift;

    SyncRunner(Workspace workspace, ObjectMapper json, Function<String, String> env) {
        this(workspace, json, env, new RateLimiters(), new OAuthTokens());
    }

    /**
     * @param rateLimiters the connections' rate budgets; runners that run at once (the tenants of a
     *     per-tenant sync) share one, so runs through the same connection draw from one budget
     * @param oauthTokens the connections' OAuth 2.0 tokens, shared the same way, so runs through the
     *     same connection refresh its token once (a rotated refresh token is good for one refresh)
     */
    SyncRunner(Workspace workspace, ObjectMapper json, Function<String, String> env, RateLimiters rateLimiters, OAuthTokens oauthTokens) {
        this.workspace = workspace;
        this.json = json;
        this.env = env;
        this.rateLimiters = rateLimiters;
        this.oauthTokens = oauthTokens;
    }

    RunRecord run(LoadResult definitions, String sync, String trigger, RunListener listener) {
        return run(definitions, sync, trigger, listener, false);
    }

    /** {@code forceDeletes}: a mirror sync deletes even more than its cap. */
    RunRecord run(LoadResult definitions, String sync, String trigger, RunListener listener, boolean forceDeletes) {
        return run(definitions, sync, null, trigger, listener, forceDeletes);
    }

    /** One run; {@code tenant} (null: a classic sync) is the tenant a per-tenant sync runs for. */
    RunRecord run(LoadResult definitions, String sync, String tenant, String trigger, RunListener listener, boolean forceDeletes) {
        lastWatcher = new DeprecationWatcher(workspace.store().endpointSignals(), workspace.clock());
        PipelineOptions.Builder builder = PipelineOptions.builder()
                .exchangeSink(workspace.store().exchanges()::append)
                .listener(lastWatcher)
                .rateLimiters(rateLimiters).oauthTokens(oauthTokens)
                .clock(workspace.clock());
        builder.credentials(workspace.credentials(env));
        PipelineOptions options = builder.build();
        SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(env), options, json, new JdbcSqlSources(json));
        try (PlannedSync planned = planner.plan(definitions, sync, tenant, trigger)) {
            return new SyncEngine(workspace.store(), json, workspace.clock(), workspace.leases()).run(watchDrift(definitions, sync, tenant, force(planned.job(), forceDeletes)),
                    listener);
        }
    }

    /** The job with its source's records checked for schema drift (see {@link DriftWatch}). */
    private dev.junction.sync.SyncJob watchDrift(LoadResult definitions, String sync, String tenant, dev.junction.sync.SyncJob job) {
        DriftWatch watch = new DriftWatch(workspace.store().schemas(), json, workspace.clock(), SchemaSampler.DEFAULT_MAX_RECORDS);
        lastDrift = watch;
        dev.junction.spec.SyncSpec spec = definitions.syncs().get(sync);
        String connection = (tenant == null ? spec : Tenants.bind(definitions, spec, tenant)).source().connection();
        if (connection == null) {
            return job; // a SQL source: its schema is the query's, not a connector stream's
        }
        return job.withSourceWrapped(source -> watch.watch(source, connection, job.stream()));
    }

    /** What the last run's drift check found; empty before any run or when the run did not read its stream to the end. */
    java.util.Optional<DriftWatch.Outcome> drift() {
        return lastDrift == null ? java.util.Optional.empty() : lastDrift.lastOutcome();
    }

    /** Deprecation, Sunset and Warning headers seen by the last run (empty before any run). */
    List<DeprecationWatcher.Sighting> deprecations() {
        return lastWatcher == null ? List.of() : lastWatcher.sightings();
    }

    /**
     * Reads, maps and diffs the sync without writing: nothing is stored, not even the request log,
     * and no lease is taken.
     */
    DryRun dryRun(LoadResult definitions, String sync, String tenant, int samples, RunListener listener, boolean forceDeletes) {
        PipelineOptions.Builder builder = PipelineOptions.builder().rateLimiters(rateLimiters).oauthTokens(oauthTokens).clock(workspace.clock());
        builder.credentials(workspace.credentials(env)); // a rotated refresh token must be kept even in a dry run
        PipelineOptions options = builder.build();
        SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(env), options, json, new JdbcSqlSources(json));
        try (PlannedSync planned = planner.plan(definitions, sync, tenant, "dry-run")) {
            return new SyncEngine(workspace.store(), json, workspace.clock(), workspace.leases()).dryRun(force(planned.job(), forceDeletes), samples, listener);
        }
    }

    /**
     * Replays the selected dead letters with the sync's current mapping and connection, as a run with
     * trigger replay; a per-tenant sync's in the dead letters' tenant, with its current connections.
     */
    SyncEngine.Replay replay(LoadResult definitions, DeadLetterSelection selection, RunListener listener) {
        PipelineOptions.Builder builder = PipelineOptions.builder()
                .exchangeSink(workspace.store().exchanges()::append)
                .rateLimiters(rateLimiters).oauthTokens(oauthTokens)
                .clock(workspace.clock());
        builder.credentials(workspace.credentials(env));
        PipelineOptions options = builder.build();
        SyncPlanner planner = new SyncPlanner(new EnvSecretResolver(env), options, json, new JdbcSqlSources(json));
        try (PlannedSync planned = planner.plan(definitions, selection.sync(), selection.tenant(), "replay")) {
            return new SyncEngine(workspace.store(), json, workspace.clock(), workspace.leases()).replay(planned.job(), selection, listener);
        }
    }

    private static dev.junction.sync.SyncJob force(dev.junction.sync.SyncJob job, boolean forceDeletes) {
        return forceDeletes ? job.withForcedDeletes() : job;
    }

    /** The worse of two exit codes: a failure (1) before anything else, then the highest. */
    static int worst(int a, int b) {
        return a == 1 || b == 1 ? 1 : Math.max(a, b);
    }

    /** 0 succeeded, 3 finished with dead letters, 1 failed, 4 cancelled. */
    static int exitCode(RunRecord run) {
        return switch (run.status()) {
            case SUCCEEDED -> 0;
            case PARTIAL -> 3;
            case CANCELLED -> 4;
            case FAILED, ABANDONED, RUNNING -> 1;
        };
    }
}
