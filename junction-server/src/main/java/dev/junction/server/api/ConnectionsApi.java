package dev.junction.server.api;

import dev.junction.engine.Catalog;
import dev.junction.engine.ConnectionHealth;
import dev.junction.engine.Connections;
import dev.junction.engine.EngineException;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.server.api.CatalogViews.CheckView;
import dev.junction.server.api.CatalogViews.ConnectionSummary;
import dev.junction.server.api.CatalogViews.ConnectionView;
import dev.junction.server.api.CatalogViews.HealthView;
import dev.junction.server.api.CatalogViews.SignalView;
import dev.junction.server.api.internal.SpecViews;
import dev.junction.spec.ConnectionSpec;
import dev.junction.store.ConnectionRecord;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/connections}: tenant-owned. A tenant token sees its own tenant's connections only; a
 * connection of no tenant is the operator's (a tenant token gets 404, as for one that does not exist).
 * No answer carries a secret value: only which secrets are set and where they come from. Health:
 * a check now (editor), the newest checks (viewer), and a reset of a {@code needs_reauth} mark (editor).
 */
public final class ConnectionsApi implements ApiModule {
    private static final int DEFAULT_CHECKS = 20;

    private final Catalog catalog;
    private final Connections connections;
    private final ConnectionHealth health;

    public ConnectionsApi(Catalog catalog, Connections connections, ConnectionHealth health) {
        this.catalog = catalog;
        this.connections = connections;
        this.health = health;
    }

    @Override
    public void register(Routes routes) {
        Scope owner = Scope.tenantOfObject(this::ownerOf);
        Param name = Param.path("connection", "The connection's name");
        routes.get("/api/v1/connections", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("connections.list", "connections", "Lists connections with their status; a tenant token sees its own")
                .response(200, "The connections", Schema.arrayOf(ConnectionSummary.class))
                .handle(ctx -> {
                    Map<String, ConnectionRecord> records = records();
                    ctx.json(catalog.connections(ApiRequest.of(ctx).tenant().orElse(null)).stream()
                            .map(c -> SpecViews.summary(c, records.get(c.name()))).toList());
                });
        routes.get("/api/v1/connections/{connection}", Guard.token(Role.VIEWER, owner))
                .operation("connections.get", "connections", "Shows one connection: connector, tenant, config, and which secrets are set (never their values)")
                .param(name)
                .response(200, "The connection", ConnectionView.class)
                .handle(ctx -> {
                    ConnectionSpec c = connection(ctx);
                    ctx.json(SpecViews.view(c, records().get(c.name()), health.status(c.name(), null)));
                });
        routes.get("/api/v1/connections/{connection}/health", Guard.token(Role.VIEWER, owner))
                .operation("connections.health", "connections", "A connection's status and the deprecation and sunset signals its API sent")
                .param(name)
                .response(200, "Status and signals", HealthView.class)
                .handle(ctx -> {
                    ConnectionSpec c = connection(ctx);
                    ctx.json(healthView(c.name(), health.status(c.name(), null)));
                });
        routes.post("/api/v1/connections/{connection}/check", Guard.token(Role.EDITOR, owner))
                .operation("connections.check", "connections", "Checks a connection now: its connector's check: request, or its token call")
                .description("Runs the connector's check: (a cheap request and the answer it expects) through the connection's pipeline, or,"
                        + " without one, obtains its OAuth 2.0 or session token (nothing is sent to the API); a connector with neither is"
                        + " 'unknown'. The outcome is the connection's status from now on and joins its history (the newest 50 are kept)."
                        + " Answers 200 whatever the outcome: the check's status says it.")
                .param(name)
                .response(200, "The check", CheckView.class)
                .response(400, "A database connection, which has no API to check")
                .handle(ctx -> {
                    ConnectionSpec c = connection(ctx);
                    ApiRequest.of(ctx).auditObject("Connection", c.name());
                    ctx.json(SpecViews.check(health.check(c.name(), null, "api")));
                });
        routes.get("/api/v1/connections/{connection}/checks", Guard.token(Role.VIEWER, owner))
                .operation("connections.checks", "connections", "Lists a connection's newest health checks, newest first")
                .description("The newest 50 checks of each connection are kept; older ones are purged as new ones come.")
                .param(name)
                .param(Param.query("limit", "At most this many checks, 1 to 50 (default 20)", Integer.class))
                .response(200, "The checks, newest first", Schema.arrayOf(CheckView.class))
                .handle(ctx -> {
                    ConnectionSpec c = connection(ctx);
                    Integer limit = QueryParams.of(ctx).integer("limit", 1, ConnectionHealth.HISTORY);
                    ctx.json(health.history(c.name(), null, limit == null ? DEFAULT_CHECKS : limit).stream().map(SpecViews::check).toList());
                });
        routes.post("/api/v1/connections/{connection}/reset", Guard.token(Role.EDITOR, owner))
                .operation("connections.reset", "connections", "Clears the credentials Junction obtained for a connection, and its needs_reauth mark")
                .description("Its OAuth tokens (or its needs_reauth mark) are deleted: its next call uses the configured credentials again, and"
                        + " its status is 'unknown' until it is checked. For a connection whose provider-side problem was fixed without new"
                        + " credentials; a reconnect (new tokens stored) or re-applying it with changed credentials clears the mark by itself.")
                .param(name)
                .response(200, "The connection's health now", HealthView.class)
                .handle(ctx -> {
                    ConnectionSpec c = connection(ctx);
                    ApiRequest.of(ctx).auditObject("Connection", c.name());
                    ctx.json(healthView(c.name(), health.reset(c.name(), null)));
                });
    }

    private HealthView healthView(String name, ConnectionHealth.Status status) {
        return new HealthView(name, status.status(), status.detail(), status.since(), connections.signals(name).stream()
                .map(s -> new SignalView(s.method(), s.path(), s.kind(), s.value(), s.firstSeen(), s.lastSeen())).toList(),
                status.method().wireName(), SpecViews.check(status.lastCheck()));
    }

    /** The tenant of the named connection; empty when there is none or it belongs to no tenant (operator-only). */
    private Optional<String> ownerOf(Context ctx) {
        try {
            return Optional.ofNullable(catalog.connection(ctx.pathParam("connection"), null).tenant());
        } catch (EngineException.NotFound e) {
            return Optional.empty();
        }
    }

    /** The connection, within the tenant the request is confined to (if any). */
    private ConnectionSpec connection(Context ctx) {
        return catalog.connection(ctx.pathParam("connection"), ApiRequest.of(ctx).tenant().orElse(null));
    }

    private Map<String, ConnectionRecord> records() {
        return connections.list().stream().collect(Collectors.toMap(ConnectionRecord::name, Function.identity(), (a, b) -> a));
    }
}
