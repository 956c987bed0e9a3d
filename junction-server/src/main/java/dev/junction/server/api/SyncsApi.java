package dev.junction.server.api;

import dev.junction.engine.Catalog;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.server.api.CatalogViews.SyncSummary;
import dev.junction.server.api.CatalogViews.SyncView;
import dev.junction.server.api.internal.SpecViews;

/** {@code /api/v1/syncs}: the applied syncs, global and read-only here (change them through definitions, run them through runs). */
public final class SyncsApi implements ApiModule {
    private final Catalog catalog;

    public SyncsApi(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void register(Routes routes) {
        Guard read = Guard.token(Role.VIEWER, Scope.global());
        routes.get("/api/v1/syncs", read)
                .operation("syncs.list", "syncs", "Lists the applied syncs")
                .response(200, "Each sync with its source, destination and whether it runs per tenant", Schema.arrayOf(SyncSummary.class))
                .handle(ctx -> ctx.json(catalog.syncs().stream().map(SpecViews::summary).toList()));
        routes.get("/api/v1/syncs/{name}", read)
                .operation("syncs.get", "syncs", "Shows one sync: source, destination, mode, per tenant or not, and its mapping lines")
                .param(Param.path("name", "The sync's name"))
                .response(200, "The sync (its default mapping; tenants' overrides live on their connections)", SyncView.class)
                .response(404, "No sync of that name is applied")
                .handle(ctx -> ctx.json(SpecViews.view(catalog.sync(ctx.pathParam("name")))));
    }
}
