package dev.junction.server.console;

import dev.junction.audit.AuditReport;
import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.store.AlertRecord;
import dev.junction.store.SyncAudit;
import java.util.List;
import java.util.Map;

/**
 * The console's read-only pages over what Junction noticed: reconciliation audits (the list with their
 * counts, one with its report's samples) and alerts (firing, then recently resolved). Each route takes
 * the guard of the API route over the same objects: another tenant's audit answers 404.
 */
public final class InsightPages implements ApiModule {
    static final int RECENT = 50;

    /** One audit's page: the audit and, once it ended without failing, its report (else null). */
    public record AuditPage(SyncAudit audit, AuditReport report) {}

    /** The alerts page: those firing, and the newest resolved ones. */
    public record AlertsPage(List<AlertRecord> firing, List<AlertRecord> resolved) {}

    private final Engine engine;
    private final ConsolePages pages;

    InsightPages(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
    }

    @Override
    public void register(Routes routes) {
        Scope tenantFilter = Scope.tenantFromQuery("tenant");
        routes.get("/console/audits", Guard.token(Role.VIEWER, tenantFilter))
                .operation("console.audits", "console", "Recent reconciliation audits with their counts")
                .response(200, "An HTML page")
                .handle(ctx -> pages.page(ctx, "audits.jte", "Audits", "audits",
                        Map.of("audits", engine.audits().list(null, ConsolePages.tenant(ctx), RECENT))));
        routes.get("/console/audits/{auditId}", Guard.token(Role.VIEWER,
                        Scope.tenantOfObject(ctx -> engine.audits().find(ctx.pathParam("auditId")).map(SyncAudit::tenant))))
                .operation("console.audit", "console", "One audit: its counts and its report's samples")
                .param(Param.path("auditId", "The audit's id"))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    SyncAudit audit = engine.audits().find(ctx.pathParam("auditId"))
                            .orElseThrow(() -> new ApiProblem.NotFound("No audit has id '" + ctx.pathParam("auditId") + "'."));
                    pages.page(ctx, "audit.jte", "Audit " + audit.id(), "audits",
                            Map.of("page", new AuditPage(audit, engine.audits().report(audit).orElse(null))));
                });
        routes.get("/console/alerts", Guard.token(Role.VIEWER, tenantFilter))
                .operation("console.alerts", "console", "Firing alerts and the recently resolved ones")
                .response(200, "An HTML page")
                .handle(ctx -> {
                    String tenant = ConsolePages.tenant(ctx);
                    pages.page(ctx, "alerts.jte", "Alerts", "alerts", Map.of("page", new AlertsPage(
                            engine.alerts().list(tenant, AlertRecord.Status.FIRING, RECENT), engine.alerts().list(tenant, AlertRecord.Status.RESOLVED, RECENT))));
                });
    }
}
