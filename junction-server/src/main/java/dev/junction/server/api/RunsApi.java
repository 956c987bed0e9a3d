package dev.junction.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.engine.Runs;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.spec.LoadResult;
import dev.junction.store.ResultPage;
import dev.junction.store.RunCounters;
import dev.junction.store.RunQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.DryRun;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/**
 * Runs: started through the durable run queue (stored before the 202), listed with filters in cursor
 * pages, shown with live counters, cancelled; every running run of a sync cancelled at once; a sync's
 * dry run. Runs are their tenant's; a classic sync's are operators' only.
 */
public final class RunsApi implements ApiModule {
    /**
     * A run to start: the sync, the tenant for a per-tenant sync (a tenant token's own by default; an
     * operator who names none starts one run per tenant that can run it), and {@code forceDeletes} for
     * a mirror run that may delete more than its cap.
     */
    public record StartRun(@com.fasterxml.jackson.annotation.JsonProperty(required = true) String sync, String tenant, Boolean forceDeletes) {}

    /** The runs queued: one, or one per tenant of a per-tenant sync. */
    public record StartedRuns(List<RunView> runs) {}

    /** One page of runs, newest first; {@code next} is the cursor of the page after it (null: none). */
    public record RunsPage(List<RunView> items, String next) {}

    /**
     * What cancelling did to a run, and the run as it is now: {@code asked} (it was running: it stops
     * after its batches in flight), {@code cancelled} (it was waiting in the run queue: it ended without
     * starting) or {@code abandoned} (its process is gone: it was marked abandoned and its sync freed).
     */
    public record CancelOutcome(String outcome, RunView run) {
        static CancelOutcome of(Runs.Cancel cancel) {
            String outcome = switch (cancel.outcome()) {
                case ASKED -> "asked";
                case WHILE_QUEUED -> "cancelled";
                case ABANDONED -> "abandoned";
            };
            return new CancelOutcome(outcome, RunView.of(cancel.run()));
        }
    }

    /** Which running runs of a sync to stop: one tenant's, or (operators, null) every running one. */
    public record CancelSyncRequest(String tenant) {}

    public record CancelledRuns(List<CancelOutcome> runs) {}

    /**
     * A dry run: {@code tenant} for a per-tenant sync (a tenant token's own by default), up to
     * {@code samples} records of each change (default 3, at most 100), {@code forceDeletes} as a run
     * of mode mirror would take it.
     */
    public record DryRunRequest(String tenant, Integer samples, Boolean forceDeletes) {}

    /** One record the run would write ({@code insert}, {@code update}, {@code delete}) or could not ({@code fail}, with the reason). */
    public record DryRunSample(String change, String key, JsonNode record, String reason) {}

    /** What a run would do: its counters as would-be changes and a few records of each; {@code status} failed with {@code error} when it could not read or map to the end. */
    public record DryRunView(String sync, String tenant, String status, String error, long read, long wouldInsert, long wouldUpdate,
            long unchanged, long skipped, long wouldDelete, long wouldFail, List<DryRunSample> samples) {}

    private static final int DEFAULT_LIMIT = 50;
    private final Engine engine;
    private final Access access;
    private final SyncRuns syncRuns;

    public RunsApi(Engine engine) {
        this.engine = engine;
        this.access = new Access(engine);
        this.syncRuns = new SyncRuns(engine);
    }

    @Override
    public void register(Routes routes) {
        Scope runOwner = Scope.tenantOfObject(ctx -> access.ownerOfRun(ctx.pathParam("runId")));
        routes.post("/api/v1/runs", Guard.token(Role.EDITOR, Scope.tenantFromBody(StartRun.class, StartRun::tenant)))
                .operation("runs.start", "runs", "Starts a run of a sync through the run queue")
                .description("The run is stored in the run queue before the answer (202): a server that stops or dies after the answer still"
                        + " runs it, on any node. Location names the run (one run); follow it for status and live counters. A per-tenant sync"
                        + " runs for the body's tenant (a tenant token: its own); an operator who names no tenant starts one run per tenant"
                        + " that can run it. Runs of one sync (and tenant) never overlap: a second waits for the first.")
                .body(StartRun.class)
                .response(202, "Queued", StartedRuns.class)
                .handle(this::start);
        routes.get("/api/v1/runs", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("runs.list", "runs", "Lists runs, newest first, in pages")
                .description("Filters combine. A tenant token sees its own tenant's runs only; runs of classic syncs (of no tenant) are operators'."
                        + " Follow 'next' (or the Link header) for the next page.")
                .param(Param.query("sync", "Only runs of this sync", String.class))
                .param(Param.query("tenant", "Only runs of this tenant", String.class))
                .param(Param.query("status", "Only runs in this status: " + QueryParams.names(RunStatus.class), String.class))
                .param(Param.query("trigger", "Only runs started this way (cli, api, schedule, replay, ...)", String.class))
                .param(Param.query("from", "Only runs started at or after this time (ISO 8601)", java.time.Instant.class))
                .param(Param.query("to", "Only runs started before this time (ISO 8601)", java.time.Instant.class))
                .param(Param.query("cursor", "The 'next' of the previous page", String.class))
                .param(Param.query("limit", "At most this many runs, 1 to 1000 (default 50)", Integer.class))
                .response(200, "A page of runs", RunsPage.class)
                .handle(this::list);
        routes.get("/api/v1/runs/{runId}", Guard.token(Role.VIEWER, runOwner))
                .operation("runs.get", "runs", "Shows one run with its live counters")
                .param(Param.path("runId", "The run's id"))
                .response(200, "The run", RunView.class)
                .handle(ctx -> ctx.json(RunView.of(run(ctx.pathParam("runId")))));
        routes.post("/api/v1/runs/{runId}/cancel", Guard.token(Role.EDITOR, runOwner))
                .operation("runs.cancel", "runs", "Asks a running run to stop")
                .description("A running run finishes the batches it has in flight, then ends cancelled; what it wrote stays written ('asked')."
                        + " A run still in the run queue ends cancelled at once ('cancelled'); one whose process is gone is marked abandoned and"
                        + " its sync freed ('abandoned'). A run that has finished answers 409.")
                .param(Param.path("runId", "The run's id"))
                .response(202, "Asked", CancelOutcome.class)
                .response(409, "The run has already finished")
                .handle(this::cancel);
        routes.post("/api/v1/syncs/{name}/cancel", Guard.token(Role.EDITOR, Scope.tenantFromBody(CancelSyncRequest.class, CancelSyncRequest::tenant)))
                .operation("runs.cancelSync", "runs", "Asks every running run of a sync to stop")
                .description("Every running tenant's run of a per-tenant sync, or only the body's tenant's (a tenant token: its own). Send {} for all."
                        + " 409 when none is running.")
                .param(Param.path("name", "An applied sync"))
                .body(CancelSyncRequest.class)
                .response(202, "The runs asked to stop", CancelledRuns.class)
                .response(409, "No run of the sync is running")
                .handle(this::cancelSync);
        routes.post("/api/v1/syncs/{name}/dry-run", Guard.token(Role.EDITOR, Scope.tenantFromBody(DryRunRequest.class, DryRunRequest::tenant)))
                .operation("runs.dryRun", "runs", "Reads, maps and diffs a sync without writing anything")
                .description("Synchronous: the answer comes when the whole source has been read, mapped and compared with what the sync wrote"
                        + " before, so it takes as long as reading the source does. Nothing is written or stored, not even the request log."
                        + " A per-tenant sync runs for one tenant: the body's (a tenant token: its own).")
                .param(Param.path("name", "An applied sync"))
                .body(DryRunRequest.class)
                .response(200, "What the run would do", DryRunView.class)
                .handle(this::dryRun);
    }

    private void start(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        StartRun body = request.body(StartRun.class);
        List<RunRecord> queued = syncRuns.start(request, body.sync(), Boolean.TRUE.equals(body.forceDeletes()));
        ctx.status(202);
        if (queued.size() == 1) {
            ctx.header("Location", request.location("/api/v1/runs/" + queued.getFirst().id()).toString());
        }
        ctx.json(new StartedRuns(queued.stream().map(RunView::of).toList()));
    }

    private void list(Context ctx) {
        QueryParams query = QueryParams.of(ctx);
        RunQuery q = new RunQuery(query.text("sync"), ApiRequest.of(ctx).tenant().orElse(null), query.choice("status", RunStatus.class),
                query.text("trigger"), query.time("from"), query.time("to"), query.cursor(RunQuery.CURSOR_KIND, false), query.limit(DEFAULT_LIMIT));
        ResultPage<RunRecord> page = engine.runs().list(q);
        Pages.write(ctx, new RunsPage(page.items().stream().map(RunView::of).toList(), page.nextCursor()), page.nextCursor());
    }

    private RunRecord run(String id) {
        return engine.runs().find(id).orElseThrow(() -> new ApiProblem.NotFound("No run has id '" + id + "'; list runs with GET /api/v1/runs."));
    }

    private void cancel(Context ctx) {
        String id = run(ctx.pathParam("runId")).id();
        ApiRequest.of(ctx).auditObject("run", id);
        ctx.status(202).json(CancelOutcome.of(engine.runs().cancel(id)));
    }

    private void cancelSync(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        String sync = ctx.pathParam("name");
        request.auditObject("Sync", sync);
        LoadResult definitions = engine.definitions().applied();
        Access.sync(definitions, sync, request);
        String tenant = request.tenant().orElse(null);
        List<Runs.Cancel> asked = engine.runs().cancelSync(definitions, sync, tenant);
        if (asked.isEmpty()) {
            throw new ApiProblem.Conflict("Sync '" + sync + "' has no running run" + (tenant == null ? "" : " for tenant '" + tenant + "'")
                    + "; there is nothing to cancel (see GET /api/v1/runs?sync=" + sync + "&status=running).");
        }
        request.auditDetail("runs", asked.stream().map(c -> c.run().id()).toList());
        ctx.status(202).json(new CancelledRuns(asked.stream().map(CancelOutcome::of).toList()));
    }

    private void dryRun(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        DryRunRequest body = request.body(DryRunRequest.class);
        int samples = body.samples() == null ? 3 : body.samples();
        ctx.json(view(syncRuns.dryRun(request, ctx.pathParam("name"), samples, Boolean.TRUE.equals(body.forceDeletes()))));
    }

    /** What a dry run found, as the API and the console show it. */
    public static DryRunView view(DryRun dry) {
        RunCounters c = dry.run().counters();
        List<DryRunSample> samples = dry.samples().stream()
                .map(s -> new DryRunSample(s.change().name().toLowerCase(Locale.ROOT), s.key(), s.record(), s.reason())).toList();
        return new DryRunView(dry.run().sync(), dry.run().tenant(), dry.run().status().name().toLowerCase(Locale.ROOT), dry.run().error(), c.read(),
                c.inserted(), c.updated(), c.unchanged(), c.skipped(), c.deleted(), c.failed(), samples);
    }
}
