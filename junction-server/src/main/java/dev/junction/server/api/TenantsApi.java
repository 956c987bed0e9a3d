package dev.junction.server.api;

import dev.junction.engine.Catalog;
import dev.junction.engine.Connections;
import dev.junction.engine.Role;
import dev.junction.engine.TenantLifecycle;
import java.util.List;
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
    /** A rotation: how many encrypted values (credentials, stored secrets, event secrets) are now under the tenant's new data key. */
    public record RotatedView(String tenant, int values, java.time.Instant rotatedAt) {}

    /** An erasure: the connections removed, rows removed per table, and webhooks that could not be removed at their provider. */
    public record ErasedView(String tenant, List<String> connections, Map<String, Integer> deleted, List<ConnectionsApi.WebhookView> webhooksLeft) {}

    private final Catalog catalog;
    private final Connections connections;
    private final TenantLifecycle lifecycle;
    private final java.net.URI publicBaseUrl;

    public TenantsApi(Catalog catalog, Connections connections) {
        this(catalog, connections, null, null);
    }

    /** @param lifecycle key rotation and erasure; null: those routes are not served */
    public TenantsApi(Catalog catalog, Connections connections, TenantLifecycle lifecycle, java.net.URI publicBaseUrl) {
        this.catalog = catalog;
        this.connections = connections;
        this.lifecycle = lifecycle;
        this.publicBaseUrl = publicBaseUrl;
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
        if (lifecycle == null) {
            return;
        }
        routes.post("/api/v1/tenants/{tenant}/rotate-key", Guard.token(Role.ADMIN, Scope.tenantFromPath("tenant")))
                .operation("tenants.rotateKey", "tenants", "Gives a tenant a new data key and encrypts its stored secrets, tokens and event secrets again")
                .description("One transaction: afterwards the old key is gone and every value of the tenant is under the new one. A tenant's admin"
                        + " token rotates its own tenant's key.")
                .param(Param.path("tenant", "The tenant's name"))
                .response(200, "How many values were encrypted again", RotatedView.class)
                .response(404, "The tenant has nothing encrypted")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    request.auditObject("tenant", ctx.pathParam("tenant"));
                    TenantLifecycle.Rotated rotated = lifecycle.rotateKey(ctx.pathParam("tenant"));
                    request.auditDetail("values", rotated.values());
                    ctx.json(new RotatedView(rotated.tenant(), rotated.values(), rotated.at()));
                });
        routes.delete("/api/v1/tenants/{tenant}", Guard.token(Role.ADMIN, Scope.operator()))
                .operation("tenants.delete", "tenants", "Erases a tenant: destroys its data key and removes its connections, secrets, tokens, state and runs")
                .description("One transaction (the audit log is kept). The webhooks of its connections made through the API are unregistered first;"
                        + " those that could not be are listed. 409 while a run of the tenant is queued or running, or a definition of no tenant"
                        + " (a classic sync) names one of its connections.")
                .param(Param.path("tenant", "The tenant's name"))
                .response(200, "What was removed", ErasedView.class)
                .response(404, "No such tenant")
                .response(409, "A run of the tenant is queued or running, or another definition uses its connections")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    request.auditObject("tenant", ctx.pathParam("tenant"));
                    java.net.URI hooks = java.net.URI.create((publicBaseUrl != null ? publicBaseUrl : request.baseUrl()) + "/hooks");
                    TenantLifecycle.Erased erased = lifecycle.erase(ctx.pathParam("tenant"), hooks);
                    request.auditDetail("connections", erased.connections().size());
                    ctx.json(new ErasedView(erased.tenant(), erased.connections(), erased.deleted(), erased.webhooks().stream()
                            .map(w -> new ConnectionsApi.WebhookView(w.action(), w.url(), w.ok(), w.error())).toList()));
                });
    }
}
