package dev.junction.server.api;

import dev.junction.engine.Catalog;
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
 * No answer carries a secret value: only which secrets are set and where they come from.
 */
public final class ConnectionsApi implements ApiModule {
    private final Catalog catalog;
    private final Connections connections;

    public ConnectionsApi(Catalog catalog, Connections connections) {
        this.catalog = catalog;
        this.connections = connections;
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
                    ctx.json(SpecViews.view(c, records().get(c.name())));
                });
        routes.get("/api/v1/connections/{connection}/health", Guard.token(Role.VIEWER, owner))
                .operation("connections.health", "connections", "A connection's status and the deprecation and sunset signals its API sent")
                .param(name)
                .response(200, "Status and signals", HealthView.class)
                .handle(ctx -> {
                    ConnectionSpec c = connection(ctx);
                    ConnectionRecord record = records().get(c.name());
                    ctx.json(new HealthView(c.name(), record == null ? "configured" : record.status(), record == null ? null : record.statusDetail(),
                            record == null ? null : record.updatedAt(), connections.signals(c.name()).stream()
                                    .map(s -> new SignalView(s.method(), s.path(), s.kind(), s.value(), s.firstSeen(), s.lastSeen())).toList()));
                });
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
