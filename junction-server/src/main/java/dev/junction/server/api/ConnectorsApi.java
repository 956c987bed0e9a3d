package dev.junction.server.api;

import dev.junction.engine.Catalog;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Schema;
import dev.junction.server.Scope;
import dev.junction.server.api.CatalogViews.ConnectorSummary;
import dev.junction.server.api.CatalogViews.ConnectorView;
import dev.junction.server.api.internal.SpecViews;

/** {@code /api/v1/connectors}: the applied connectors, global and read-only here (change them through definitions). */
public final class ConnectorsApi implements ApiModule {
    private final Catalog catalog;

    public ConnectorsApi(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void register(Routes routes) {
        Guard read = Guard.token(Role.VIEWER, Scope.global());
        routes.get("/api/v1/connectors", read)
                .operation("connectors.list", "connectors", "Lists the applied connectors")
                .response(200, "Each connector with its auth type, streams and actions", Schema.arrayOf(ConnectorSummary.class))
                .handle(ctx -> ctx.json(catalog.connectors().stream().map(SpecViews::summary).toList()));
        routes.get("/api/v1/connectors/{name}", read)
                .operation("connectors.get", "connectors", "Shows one connector at a glance")
                .param(Param.path("name", "The connector's name"))
                .response(200, "Streams (key, cursor, pagination), actions (batch limits), auth type and rate limit; no credentials",
                        ConnectorView.class)
                .response(404, "No connector of that name is applied")
                .handle(ctx -> ctx.json(SpecViews.view(catalog.connector(ctx.pathParam("name")))));
    }
}
