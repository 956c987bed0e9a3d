package dev.junction.server.console;

import dev.junction.engine.Engine;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.ConsoleSessions;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.Access;
import dev.junction.server.api.internal.SpecViews;
import dev.junction.spec.ConnectionSpec;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The console's pages: overview, connectors, connections (one with its health history, and "check
 * now"), syncs; one run ({@link RunPages}); flows ({@link FlowPages}), audits and alerts ({@link InsightPages}).
 * Each route takes the guard and scope of the API route over the same objects
 * (a tenant's pages answer another tenant's objects with the same 404 as a missing one); the handlers
 * ask {@link ConsoleViews} for plain data and render a template.
 */
public final class ConsolePages implements ApiModule {
    private final Engine engine;
    private final SessionStore sessions;
    private final Access access;
    private final ConsoleViews views;

    public ConsolePages(Engine engine, SessionStore sessions) {
        this.engine = engine;
        this.sessions = sessions;
        this.access = new Access(engine);
        this.views = new ConsoleViews(engine);
    }

    @Override
    public void register(Routes routes) {
        Scope tenantFilter = Scope.tenantFromQuery("tenant");
        Scope connectionOwner = Scope.tenantOfObject(ctx -> access.ownerOfConnection(ctx.pathParam("connection")));
        Param connection = Param.path("connection", "The connection's name");
        new ConnectionPages(engine, this).register(routes); // before /console/connections/{connection}: its /new is not a connection
        new ConnectionRequestPage(engine, this).register(routes);
        routes.get("/console", Guard.token(Role.VIEWER, tenantFilter))
                .operation("console.overview", "console", "The console's overview: runs and records of the last 24 hours, failing syncs, connections needing attention, firing alerts,"
                        + " deprecations, schema drift, inbox lag")
                .response(200, "An HTML page")
                .handle(ctx -> page(ctx, "overview.jte", "Overview", "overview", Map.of("overview", views.overview(tenant(ctx)),
                        "signals", OverviewSignals.read(engine, tenant(ctx), !ApiRequest.of(ctx).principal().map(Principal::isTenantScoped).orElse(true)))));
        routes.get("/console/connectors", Guard.token(Role.VIEWER, Scope.global()))
                .operation("console.connectors", "console", "The connector catalogue: streams, actions, auth and pagination at a glance")
                .response(200, "An HTML page")
                .handle(ctx -> page(ctx, "connectors.jte", "Connectors", "connectors",
                        Map.of("connectors", engine.catalog().connectors().stream().map(SpecViews::view).toList())));
        routes.get("/console/connections", Guard.token(Role.VIEWER, tenantFilter))
                .operation("console.connections", "console", "Connections with their status")
                .response(200, "An HTML page")
                .handle(ctx -> page(ctx, "connections.jte", "Connections", "connections", Map.of("connections", engine.health().statuses(tenant(ctx)))));
        routes.get("/console/connections/{connection}", Guard.token(Role.VIEWER, connectionOwner))
                .operation("console.connection", "console", "One connection: status, account, health history")
                .param(connection)
                .response(200, "An HTML page")
                .handle(ctx -> {
                    ConnectionSpec spec = engine.catalog().connection(ctx.pathParam("connection"), tenant(ctx));
                    page(ctx, "connection.jte", spec.name(), "connections", Map.of("connection", views.connection(spec, tenant(ctx))));
                });
        routes.post("/console/connections/{connection}/check", Guard.token(Role.EDITOR, connectionOwner))
                .operation("console.checkConnection", "console", "Checks a connection now and shows its page again")
                .param(connection)
                .response(303, "Back to the connection's page")
                .handle(ctx -> {
                    ConnectionSpec spec = engine.catalog().connection(ctx.pathParam("connection"), tenant(ctx));
                    ApiRequest.of(ctx).auditObject("Connection", spec.name());
                    engine.health().check(spec.name(), tenant(ctx), "api");
                    ConsoleHeaders.apply(ctx, false);
                    ctx.status(303).header("Location", Links.connection(spec.name())).result("");
                });
        routes.get("/console/syncs", Guard.token(Role.VIEWER, tenantFilter))
                .operation("console.syncs", "console", "Syncs with their latest run")
                .response(200, "An HTML page")
                .handle(ctx -> page(ctx, "syncs.jte", "Syncs", "syncs", Map.of("syncs", views.syncs(tenant(ctx)))));
        new SyncPages(engine, this).register(routes);
        new RunPages(engine, this).register(routes);
        new InboxPages(engine, this).register(routes);
        new FlowPages(engine, this).register(routes);
        new InsightPages(engine, this).register(routes);
        new AdminPages(engine, this).register(routes);
        new AlertSettingsPages(engine, this).register(routes);
    }

    /** The tenant the request is confined to (a tenant token's own; an operator's ?tenant=), or null for all. */
    static String tenant(Context ctx) {
        return ApiRequest.of(ctx).tenant().orElse(null);
    }

    void page(Context ctx, String template, String title, String section, Map<String, Object> model) {
        page(ctx, 200, template, title, section, model);
    }

    /** The page with another status than 200: a form shown again with what was wrong in it. */
    void page(Context ctx, int status, String template, String title, String section, Map<String, Object> model) {
        Principal principal = ApiRequest.of(ctx).principal().orElse(null);
        String csrf = sessions.csrfOf(ctx.cookie(ConsoleSessions.COOKIE)).orElse(null);
        Map<String, Object> params = new HashMap<>(model);
        params.put("chrome", Chrome.of(title, section, principal, csrf));
        Templates.page(ctx, status, template, params);
    }
}
