package dev.junction.server.console;

import dev.junction.engine.Engine;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.engine.Schedules;
import dev.junction.runtime.Tenants;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.RouteBuilder;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.Access;
import dev.junction.server.api.CatalogViews.SyncView;
import dev.junction.server.api.RunsApi;
import dev.junction.server.api.SyncRuns;
import dev.junction.server.api.internal.SpecViews;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.RunQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.StoredDefinition;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The console's page of one sync: its definition as YAML with its versions (operators only, as the
 * definitions API), its schedule with Pause / Resume, Run now and Dry run (editor+), and its newest runs
 * with a chart of their records. Routes take the guards of the API routes they stand for: a tenant
 * token sees per-tenant syncs only, as its own tenant; the actions go through {@link SyncRuns} and the
 * engine exactly as {@code POST /api/v1/runs} and the schedule routes do.
 */
public final class SyncPages implements ApiModule {
    static final int RUNS = 30;

    /** One version of the sync's definition in its history. */
    public record Version(int version, boolean current, String appliedAt, String appliedBy) {}

    /**
     * The sync page. {@code definition}/{@code versions}: operators only (null/empty for a tenant token);
     * {@code tenant}: the tenant the page is narrowed to; {@code tenants}: those an operator may narrow a
     * per-tenant sync to; {@code saved}: the version a save just made (0: none).
     */
    public record SyncPage(SyncView sync, StoredDefinition definition, List<Version> versions, List<Schedules.Entry> schedules, List<RunRecord> runs,
            RunChart chart, String tenant, List<String> tenants, boolean canAct, boolean operator, int saved) {
        /** Whether a dry run can be asked here: a classic sync, or a per-tenant one narrowed to a tenant. */
        public boolean canDryRun() {
            return canAct && (!sync.perTenant() || tenant != null);
        }
    }

    /** One version's YAML. */
    public record VersionPage(String sync, StoredDefinition definition, boolean current) {}

    /** A dry run's result, for the sync (and tenant) it ran for. */
    public record DryRunPage(String sync, String tenant, RunsApi.DryRunView result) {}

    private final Engine engine;
    private final ConsolePages pages;
    private final SyncRuns runs;

    SyncPages(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
        this.runs = new SyncRuns(engine);
    }

    @Override
    public void register(Routes routes) {
        Param name = Param.path("name", "An applied sync");
        Scope tenantFilter = Scope.tenantFromQuery("tenant");
        routes.get("/console/syncs/{name}", Guard.token(Role.VIEWER, tenantFilter))
                .operation("console.sync", "console", "One sync: its YAML and versions, schedule, Run now, Dry run, and its newest runs with a chart")
                .param(name)
                .param(Param.query("tenant", "A per-tenant sync: narrowed to this tenant (a tenant token: always its own)", String.class))
                .param(Param.query("saved", "The version the mapping editor just saved, to say so", Integer.class))
                .response(200, "An HTML page")
                .handle(ctx -> pages.page(ctx, "sync.jte", ctx.pathParam("name"), "syncs", Map.of("page", page(ctx))));
        routes.get("/console/syncs/{name}/versions/{version}", Guard.token(Role.VIEWER, Scope.operator()))
                .operation("console.syncVersion", "console", "One version of a sync's definition as YAML")
                .param(name)
                .param(Param.path("version", "The version number, 1 or more"))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    String sync = ctx.pathParam("name");
                    StoredDefinition d = engine.definitions().version("Sync", sync, version(ctx.pathParam("version")));
                    pages.page(ctx, "sync-version.jte", sync + " version " + d.version(), "syncs",
                            Map.of("page", new VersionPage(sync, d, d.version() == engine.definitions().currentVersion("Sync", sync))));
                });
        routes.get("/console/syncs/{name}/export", Guard.token(Role.VIEWER, Scope.operator()))
                .operation("console.exportSync", "console", "Downloads a sync's definition as YAML (its current version, or ?version=N)")
                .param(name)
                .param(Param.query("version", "This version instead of the current one", Integer.class))
                .response(200, "The YAML text, as an attachment")
                .handle(this::export);
        action(routes, "run", "console.runSync", "Starts a run as POST /api/v1/runs does and shows it (several tenants' runs: the sync's page)",
                "A per-tenant sync: this tenant's run (a tenant token: its own); none: one per tenant")
                .response(303, "To the run's page")
                .handle(ctx -> {
                    List<RunRecord> queued = runs.start(ApiRequest.of(ctx), ctx.pathParam("name"), false);
                    redirect(ctx, queued.size() == 1 ? Links.run(queued.getFirst().id()) : SyncLinks.sync(ctx.pathParam("name"), ConsolePages.tenant(ctx)));
                });
        action(routes, "dry-run", "console.dryRunSync", "Dry-runs a sync as POST /api/v1/syncs/NAME/dry-run does and shows what it would do",
                "A per-tenant sync: for this tenant (a tenant token: its own)")
                .response(200, "An HTML page")
                .handle(ctx -> {
                    String sync = ctx.pathParam("name");
                    RunsApi.DryRunView result = RunsApi.view(runs.dryRun(ApiRequest.of(ctx), sync, 5, false));
                    pages.page(ctx, "dry-run.jte", "Dry run of " + sync, "syncs", Map.of("page", new DryRunPage(sync, ConsolePages.tenant(ctx), result)));
                });
        for (boolean pause : new boolean[] {true, false}) {
            String verb = pause ? "pause" : "resume";
            action(routes, "schedule/" + verb, pause ? "console.pauseSchedule" : "console.resumeSchedule",
                    (pause ? "Pauses" : "Resumes") + " a sync's schedule as POST /api/v1/syncs/NAME/schedule/" + verb + " does",
                    "One tenant's schedule (a tenant token: its own); none: the sync as a whole")
                    .response(303, "Back to the sync's page")
                    .handle(ctx -> {
                        ApiRequest request = ApiRequest.of(ctx);
                        String sync = visibleSync(ctx).name();
                        String tenant = ConsolePages.tenant(ctx);
                        request.auditObject("Sync", sync);
                        if (pause) {
                            engine.schedules().pause(sync, tenant);
                        } else {
                            engine.schedules().resume(sync, tenant);
                        }
                        redirect(ctx, SyncLinks.sync(sync, tenant));
                    });
        }
        new MappingEditor(engine, pages).register(routes);
    }

    /** An editor's form under the sync ({@code run}, {@code schedule/pause}): guarded as the API route it stands for, the tenant from the query. */
    private static RouteBuilder action(Routes routes, String action, String operation, String summary, String tenantHelp) {
        return routes.post("/console/syncs/{name}/" + action, Guard.token(Role.EDITOR, Scope.tenantFromQuery("tenant")))
                .operation(operation, "console", summary)
                .param(Param.path("name", "An applied sync"))
                .param(Param.query("tenant", tenantHelp, String.class));
    }

    private SyncPage page(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        SyncSpec spec = visibleSync(ctx);
        LoadResult definitions = engine.definitions().applied();
        String tenant = ConsolePages.tenant(ctx);
        Principal principal = request.principal().orElseThrow();
        boolean operator = !principal.isTenantScoped();
        StoredDefinition definition = operator ? engine.definitions().get("Sync", spec.name()) : null;
        List<Version> versions = operator ? engine.definitions().history("Sync", spec.name()).stream()
                .map(d -> new Version(d.version(), d.version() == definition.version(), Links.time(d.appliedAt()), d.appliedBy())).toList() : List.of();
        List<Schedules.Entry> schedules = engine.schedules().list(spec.name(), tenant).stream().filter(e -> operator || e.tenant() != null).toList();
        List<RunRecord> newest = engine.runs().list(new RunQuery(spec.name(), tenant, null, null, null, null, null, RUNS)).items();
        List<String> tenants = operator && spec.perTenant() ? Tenants.eligible(definitions, spec) : List.of();
        Integer saved = integer(ctx.queryParam("saved"));
        return new SyncPage(SpecViews.view(spec), definition, versions, schedules, newest, RunChart.records(newest), tenant, tenants,
                principal.role().allows(Role.EDITOR), operator, saved == null ? 0 : saved);
    }

    private void export(Context ctx) {
        String sync = ctx.pathParam("name");
        Integer asked = integer(ctx.queryParam("version"));
        StoredDefinition d = asked == null ? engine.definitions().get("Sync", sync) : engine.definitions().version("Sync", sync, asked);
        ConsoleHeaders.apply(ctx, false);
        String file = (sync.replaceAll("[^A-Za-z0-9._-]", "_") + (asked == null ? "" : ".v" + d.version())) + ".sync.yaml";
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"").contentType("application/yaml; charset=utf-8").result(d.source());
    }

    /** The path's sync as the caller may see it: a tenant token does not see a classic sync (404), and names no tenant for one. */
    private SyncSpec visibleSync(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        SyncSpec spec = Access.sync(engine.definitions().applied(), ctx.pathParam("name"), request);
        Access.noTenantForClassic(spec, request.tenant().orElse(null));
        return spec;
    }

    static void redirect(Context ctx, String location) {
        ConsoleHeaders.apply(ctx, false);
        ctx.status(303).header("Location", location).result("");
    }

    private static int version(String text) {
        Integer version = integer(text);
        if (version == null || version < 1) {
            throw new ApiProblem.BadRequest("A version is a whole number of 1 or more, like 3.");
        }
        return version;
    }

    private static Integer integer(String text) {
        if (text == null || !text.matches("[0-9]{1,9}")) {
            if (text != null) {
                throw new ApiProblem.BadRequest("Expected a whole number of 1 or more, like 3.");
            }
            return null;
        }
        return Integer.parseInt(text);
    }
}
