package dev.junction.server.console;

import dev.junction.engine.ConnectSessions;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.ManagedConnections;
import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.server.api.Access;
import dev.junction.server.api.internal.SpecViews;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.FieldSpec;
import io.javalin.http.Context;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Making and deleting connections from the console (editor+; a tenant token makes its own tenant's).
 * A new connection takes two steps, both plain forms: pick a connector (and, as an operator, a tenant),
 * then fill in its fields. A connector that signs in with a form (API key, basic, client credentials)
 * gets its secrets in password inputs, and the connection is made as {@code POST /api/v1/connections}
 * makes it (stored encrypted; a value is never written back into a page). An OAuth connector's
 * connection is made through the connect flow instead, as {@code POST /api/v1/connect/sessions} starts
 * it: the browser goes to the connect page, the provider, and back to {@code /console/connected}.
 */
public final class ConnectionPages implements ApiModule {
    /** Where the connect flow sends the browser back: a public page, as the session cookie (SameSite=Strict) is not sent after the provider's redirect. */
    static final String CONNECTED = "/console/connected";

    /** A connector to choose, with how it signs in. */
    public record ConnectorChoice(String name, String description, String authType, boolean oauth) {}

    /** Step one: the connectors, and the tenant (fixed for a tenant token). */
    public record ChoosePage(List<ConnectorChoice> connectors, String tenant, boolean tenantFixed) {}

    /**
     * Step two: the connector's fields. {@code values}: config values given before (shown again after an
     * error); secrets are never shown again. {@code error}: why the last try was refused, or null.
     */
    public record FieldsPage(ConnectorChoice connector, String tenant, String name, List<FieldSpec> config, List<FieldSpec> secrets,
            Map<String, String> values, String error, String action) {}

    /** The confirmation before a delete: {@code managed} false for a connection applied from YAML (deleted through its definition). */
    public record DeletePage(ConnectionSpec connection, boolean managed) {}

    /** The page the connect flow comes back to: what the flow said, and where to go on. */
    public record ConnectedPage(boolean connected, String connection, String error) {}

    private final Engine engine;
    private final ConsolePages pages;
    private final Access access;

    ConnectionPages(Engine engine, ConsolePages pages) {
        this.engine = engine;
        this.pages = pages;
        this.access = new Access(engine);
    }

    @Override
    public void register(Routes routes) {
        Scope tenantFromQuery = Scope.tenantFromQuery("tenant");
        Param connector = Param.query("connector", "The connector of the new connection (left out: choose one)", String.class);
        routes.get("/console/connections/new", Guard.token(Role.EDITOR, tenantFromQuery))
                .operation("console.newConnection", "console", "The new-connection form: choose a connector and tenant, then fill in its fields")
                .param(connector)
                .param(Param.query("tenant", "The tenant of the new connection (a tenant token: its own)", String.class))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    ConnectorSpec spec = connector(ctx.queryParam("connector"));
                    if (spec == null) {
                        pages.page(ctx, "connection-new.jte", "New connection", "connections", Map.of("page", new ChoosePage(
                                engine.catalog().connectors().stream().map(ConnectionPages::choice).toList(), ConsolePages.tenant(ctx),
                                isTenantScoped(ctx))));
                        return;
                    }
                    fields(ctx, 200, spec, null, Map.of(), null);
                });
        routes.post("/console/connections/new", Guard.token(Role.EDITOR, tenantFromQuery))
                .operation("console.createConnection", "console", "Makes the connection (a form connector) or starts the connect flow (an OAuth connector)")
                .description("Form fields: name, config.NAME, secrets.NAME, _csrf; query: connector and tenant. A form connector's connection is made"
                        + " as by POST /api/v1/connections (303 to its page); an OAuth connector's gets a connect session as by"
                        + " POST /api/v1/connect/sessions (303 to its connect page). A refused one shows the form again with why.")
                .param(connector)
                .param(Param.query("tenant", "The tenant of the new connection (a tenant token: its own)", String.class))
                .response(303, "To the new connection's page, or to the connect page")
                .response(400, "The form again, saying what was wrong")
                .handle(this::create);
        Scope owner = Scope.tenantOfObject(ctx -> access.ownerOfConnection(ctx.pathParam("connection")));
        Param connection = Param.path("connection", "The connection's name");
        routes.get("/console/connections/{connection}/delete", Guard.token(Role.EDITOR, owner))
                .operation("console.confirmDeleteConnection", "console", "Asks before deleting a connection")
                .param(connection)
                .response(200, "An HTML page")
                .handle(ctx -> {
                    ConnectionSpec spec = engine.catalog().connection(ctx.pathParam("connection"), ConsolePages.tenant(ctx));
                    pages.page(ctx, "connection-delete.jte", "Delete " + spec.name(), "connections",
                            Map.of("page", new DeletePage(spec, engine.managedConnections().isManaged(spec.name()))));
                });
        routes.post("/console/connections/{connection}/delete", Guard.token(Role.EDITOR, owner))
                .operation("console.deleteConnection", "console", "Deletes a connection made through the API or the console, as DELETE /api/v1/connections/{connection}")
                .param(connection)
                .response(303, "To the connections")
                .response(409, "A sync uses it, it was applied as YAML, or its webhook could not be removed")
                .handle(ctx -> {
                    ConnectionSpec spec = engine.catalog().connection(ctx.pathParam("connection"), ConsolePages.tenant(ctx));
                    ApiRequest request = ApiRequest.of(ctx);
                    request.auditObject("Connection", spec.name());
                    engine.managedConnections().delete(spec.name(), ConsolePages.tenant(ctx), false, hooks(request));
                    Forms.seeOther(ctx, "/console/connections");
                });
        routes.get(CONNECTED, Guard.consolePublic())
                .operation("console.connected", "console", "Where the connect flow sends the browser back: its outcome and a link on into the console")
                .param(Param.query("status", "connected or failed", String.class))
                .param(Param.query("connection", "The connection's name", String.class))
                .param(Param.query("error", "Why it failed, as a code", String.class))
                .response(200, "An HTML page")
                .handle(ctx -> {
                    String name = ctx.queryParam("connection");
                    ConnectedPage page = new ConnectedPage("connected".equals(ctx.queryParam("status")), name == null || name.isBlank() ? null : name,
                            ctx.queryParam("error"));
                    Map<String, Object> params = new HashMap<>();
                    params.put("chrome", Chrome.of(page.connected() ? "Connected" : "Not connected", "connections", null, null));
                    params.put("page", page);
                    Templates.page(ctx, 200, "connected.jte", params);
                });
    }

    private void create(Context ctx) {
        ConnectorSpec spec = connector(ctx.queryParam("connector"));
        if (spec == null) {
            throw new dev.junction.server.ApiProblem.BadRequest("Choose one of the applied connectors (query parameter 'connector').");
        }
        ApiRequest request = ApiRequest.of(ctx);
        String name = Forms.field(ctx, "name");
        Map<String, String> config = Forms.prefixed(ctx, "config.");
        request.auditObject("Connection", name);
        String tenant = ConsolePages.tenant(ctx);
        String by = request.principal().map(Principal::id).orElse(null);
        try {
            if (oauth(spec)) {
                ConnectSessions.Created created = engine.connectSessions().create(tenant, spec.name(), name,
                        URI.create(base(request) + CONNECTED), null, by);
                Forms.seeOther(ctx, "/connect/" + created.token());
                return;
            }
            var made = engine.managedConnections().create(new ManagedConnections.NewConnection(name, spec.name(), tenant, null, config,
                    Forms.prefixed(ctx, "secrets.")), by, hooks(request));
            request.auditDetail("version", made.version());
            Forms.seeOther(ctx, Links.connection(made.connection().name()));
        } catch (EngineException.Invalid | EngineException.Conflict e) {
            fields(ctx, e instanceof EngineException.Conflict ? 409 : 400, spec, name, config, e.getMessage());
        }
    }

    /** Step two, or again after a refusal (with the config values given, never a secret). */
    private void fields(Context ctx, int status, ConnectorSpec spec, String name, Map<String, String> values, String error) {
        ConnectorChoice choice = choice(spec);
        String tenant = ConsolePages.tenant(ctx);
        String action = "/console/connections/new?connector=" + Links.segment(spec.name()) + (tenant == null ? "" : "&tenant=" + Links.segment(tenant));
        FieldsPage page = new FieldsPage(choice, tenant, name, declared(spec.config()), choice.oauth() ? List.of() : declared(spec.secrets()), values, error,
                action);
        pages.page(ctx, status, "connection-fields.jte", "New " + spec.name() + " connection", "connections", Map.of("page", page));
    }

    private ConnectorSpec connector(String name) {
        return name == null || name.isBlank() ? null : engine.catalog().connectors().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static ConnectorChoice choice(ConnectorSpec c) {
        return new ConnectorChoice(c.name(), c.description(), SpecViews.summary(c).authType(), oauth(c));
    }

    /** Whether the connector's user signs in at the provider (OAuth 2.0 authorization code): its connection is made by the connect flow. */
    private static boolean oauth(ConnectorSpec c) {
        return c.auth() instanceof AuthSpec.OAuth2 o && o.grant() == AuthSpec.Grant.AUTHORIZATION_CODE;
    }

    private static List<FieldSpec> declared(Map<String, FieldSpec> fields) {
        return fields == null ? List.of() : List.copyOf(fields.values());
    }

    private static boolean isTenantScoped(Context ctx) {
        return ApiRequest.of(ctx).principal().map(Principal::isTenantScoped).orElse(false);
    }

    /** Where providers send webhooks to a connection made here (as the API's: the server's address + /hooks). */
    private static URI hooks(ApiRequest request) {
        return URI.create(base(request) + "/hooks");
    }

    /** The address the browser reached the server at (through trusted proxies), without a trailing slash. */
    private static String base(ApiRequest request) {
        return request.baseUrl().toString().replaceAll("/+$", "");
    }
}
