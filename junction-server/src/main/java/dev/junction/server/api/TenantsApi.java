package dev.junction.server.api;

import dev.junction.engine.Catalog;
import dev.junction.engine.Connections;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.server.api.CatalogViews.TenantSummary;
import dev.junction.server.api.CatalogViews.TenantView;
import dev.junction.server.api.internal.DefinitionTexts;
import dev.junction.server.api.internal.SpecViews;
import dev.junction.store.ConnectionRecord;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/tenants}: the tenants that have connections. An operator token sees them all; a tenant
 * token only its own (another tenant's answers 404, as one that does not exist).
 */
public final class TenantsApi implements ApiModule {
    private final Catalog catalog;
    private final Connections connections;

    public TenantsApi(Catalog catalog, Connections connections) {
        this.catalog = catalog;
        this.connections = connections;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/tenants", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("tenants.list", "tenants", "Lists the tenants with their connections; a tenant token sees itself")
                .response(200, "The tenants, by name", Schema.arrayOf(TenantSummary.class))
                .handle(ctx -> ctx.json(catalog.tenants(ApiRequest.of(ctx).tenant().orElse(null)).stream()
                        .map(t -> new TenantSummary(t.name(), t.connections())).toList()));
        routes.get("/api/v1/tenants/{tenant}", Guard.token(Role.VIEWER, Scope.tenantFromPath("tenant")))
                .operation("tenants.get", "tenants", "Shows one tenant and its connections with their status")
                .param(Param.path("tenant", "The tenant's name"))
                .response(200, "The tenant", TenantView.class)
                .handle(ctx -> {
                    String tenant = ctx.pathParam("tenant");
                    if (!catalog.tenantExists(tenant)) {
                        throw new ApiProblem.NotFound("No tenant '" + DefinitionTexts.echo(tenant) + "' has a connection; apply its connections first.");
                    }
                    Map<String, ConnectionRecord> records = connections.list().stream()
                            .collect(Collectors.toMap(ConnectionRecord::name, Function.identity(), (a, b) -> a));
                    ctx.json(new TenantView(tenant, catalog.connections(tenant).stream().map(c -> SpecViews.summary(c, records.get(c.name()))).toList()));
                });
    }
}
