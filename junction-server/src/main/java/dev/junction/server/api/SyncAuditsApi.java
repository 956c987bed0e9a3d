package dev.junction.server.api;

import dev.junction.audit.AuditReport;
import dev.junction.engine.Audits;
import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.SyncAudit;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reconciliation audits of syncs: started (they run in the background: 202 with the audit's URL),
 * shown with their report once they end, listed newest first. An audit is its tenant's, as a run is; a
 * classic sync's are operators' only.
 */
public final class SyncAuditsApi implements ApiModule {
    /** An audit to start: the tenant of a per-tenant sync (a tenant token's own by default) and how many samples of each kind to keep (default 10). */
    public record StartAudit(String tenant, Integer samples) {}

    /**
     * One audit: {@code status} running, clean, differences or failed (then {@code error} says why);
     * the counts (zero while running) and, once it ended, the whole report with its samples.
     */
    public record AuditView(String id, String sync, String tenant, String trigger, String status, Instant startedAt, Instant finishedAt,
            long sourceRecords, long destinationRecords, long missing, long extra, long mismatched, String error, AuditReport report) {}

    /** Audits, newest first, without their reports. */
    public record AuditsList(List<AuditView> items) {}

    private static final int DEFAULT_SAMPLES = 10;
    private static final int DEFAULT_LIMIT = 50;
    private final Engine engine;

    public SyncAuditsApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(Routes routes) {
        Scope owner = Scope.tenantOfObject(ctx -> engine.audits().find(ctx.pathParam("auditId")).map(SyncAudit::tenant));
        routes.post("/api/v1/syncs/{name}/audits", Guard.token(Role.EDITOR, Scope.tenantFromBody(StartAudit.class, StartAudit::tenant)))
                .operation("audits.start", "audits", "Starts a reconciliation audit of a sync")
                .description("Reads the sync's source in full through its mapping and the destination stream its audit: section names, and"
                        + " compares them by key: records missing at the destination, extra there, and mismatched (a compared field differs"
                        + " after its normalizers). Nothing is written to either side. The audit runs in the background: the answer (202) is"
                        + " the audit, running, with Location naming it; follow it for the report. A sync without an audit: section is"
                        + " refused (400); a per-tenant sync is audited for one tenant: the body's (a tenant token: its own). An audit with"
                        + " differences emits the event audit.differences.")
                .param(Param.path("name", "An applied sync"))
                .body(StartAudit.class)
                .response(202, "Started", AuditView.class)
                .handle(this::start);
        routes.get("/api/v1/audits/{auditId}", Guard.token(Role.VIEWER, owner))
                .operation("audits.get", "audits", "Shows one audit and, once it ended, its report")
                .param(Param.path("auditId", "The audit's id (the Location of a started audit)"))
                .response(200, "The audit", AuditView.class)
                .handle(ctx -> ctx.json(view(audit(ctx.pathParam("auditId")), true)));
        routes.get("/api/v1/audits", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("audits.list", "audits", "Lists audits, newest first")
                .description("Without their reports (GET one for its report). A tenant token sees its own tenant's audits only; audits of classic"
                        + " syncs (of no tenant) are operators'.")
                .param(Param.query("sync", "Only audits of this sync", String.class))
                .param(Param.query("tenant", "Only audits of this tenant", String.class))
                .param(Param.query("limit", "At most this many audits, 1 to 1000 (default 50)", Integer.class))
                .response(200, "The audits", AuditsList.class)
                .handle(this::list);
    }

    private void start(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        StartAudit body = request.body(StartAudit.class);
        String sync = ctx.pathParam("name");
        request.auditObject("Sync", sync);
        int samples = body.samples() == null ? DEFAULT_SAMPLES : body.samples();
        if (samples < 0 || samples > Audits.MAX_SAMPLES) {
            throw new ApiProblem.BadRequest("'samples' must be from 0 to " + Audits.MAX_SAMPLES + "; got " + samples + ".");
        }
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, sync, request);
        String tenant = request.tenant().orElse(null);
        Access.noTenantForClassic(spec, tenant);
        Access.requireRunnable(definitions, spec, tenant, request);
        SyncAudit started = engine.audits().start(definitions, new Audits.Request(sync, tenant, samples, "api"));
        request.auditDetail("audit", started.id());
        ctx.status(202).header("Location", request.location("/api/v1/audits/" + started.id()).toString()).json(view(started, true));
    }

    private void list(Context ctx) {
        QueryParams query = QueryParams.of(ctx);
        List<SyncAudit> audits = engine.audits().list(query.text("sync"), ApiRequest.of(ctx).tenant().orElse(null), query.limit(DEFAULT_LIMIT));
        ctx.json(new AuditsList(audits.stream().map(a -> view(a, false)).toList()));
    }

    private SyncAudit audit(String id) {
        return engine.audits().find(id).orElseThrow(() -> new ApiProblem.NotFound("No audit has id '" + id + "'; list audits with GET /api/v1/audits."));
    }

    private AuditView view(SyncAudit a, boolean withReport) {
        Optional<AuditReport> report = withReport ? engine.audits().report(a) : Optional.empty();
        return new AuditView(a.id(), a.sync(), a.tenant(), a.trigger(), a.status(), a.startedAt(), a.finishedAt(), a.sourceRecords(), a.destinationRecords(),
                a.missing(), a.extra(), a.mismatched(), a.error(), report.orElse(null));
    }
}
