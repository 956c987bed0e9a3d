package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.junction.engine.Catalog;
import dev.junction.engine.ManagedConnections;
import dev.junction.server.ApiProblem;
import dev.junction.server.api.internal.Preconditions;
import java.net.URI;
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
import java.util.List;
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
    /**
     * A connection to make through the API; its secrets are stored encrypted and never returned.
     * {@code primary}: whether the tenant's per-tenant syncs use it among its several connections of
     * the connector (left out: only when it is the tenant's first). {@code rateLimit}, {@code retry},
     * {@code timeouts}, {@code exchangeLog}: the connection's own blocks, with the connector's keys,
     * each replacing the connector's (left out: the connector's applies).
     */
    public record NewConnection(@JsonProperty(required = true) String connector, @JsonProperty(required = true) String name, String tenant,
            String environment, Map<String, String> config, Map<String, String> secrets, Boolean primary, Map<String, Object> rateLimit,
            Map<String, Object> retry, Map<String, Object> timeouts, Map<String, Object> exchangeLog) {}

    /**
     * A change: config values to set (null removes one), secret values to replace. With PATCH what is
     * left out stays; with PUT these are the whole of the connection's config and secrets. A block
     * ({@code rateLimit}, {@code retry}, {@code timeouts}, {@code exchangeLog}) replaces the
     * connection's own; an empty one ({@code {}}) removes it, so the connector's applies again.
     */
    public record ConnectionChange(String connector, Map<String, String> config, Map<String, String> secrets, String environment, Boolean primary,
            Map<String, Object> rateLimit, Map<String, Object> retry, Map<String, Object> timeouts, Map<String, Object> exchangeLog) {}

    /** The blocks given, by their YAML key; those left out are not in it. */
    private static Map<String, Object> limits(Map<String, Object> rateLimit, Map<String, Object> retry, Map<String, Object> timeouts,
            Map<String, Object> exchangeLog) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        java.util.function.BiConsumer<String, Map<String, Object>> put = (key, block) -> {
            if (block != null) {
                out.put(key, block);
            }
        };
        put.accept("rateLimit", rateLimit);
        put.accept("retry", retry);
        put.accept("timeouts", timeouts);
        put.accept("exchangeLog", exchangeLog);
        return out;
    }

    /** A webhook registration or removal at the provider (the connector's register/unregister action). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookView(String action, String url, boolean ok, String error) {}

    /** The connection as made or changed: its view (secrets only as set and stored), its definition's version, and what happened around it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MadeView(ConnectionView connection, int version, Boolean tokensKept, WebhookView webhook, List<String> statesCleared) {}

    private static final int DEFAULT_CHECKS = 20;

    private final Catalog catalog;
    private final Connections connections;
    private final ManagedConnections managed;
    private final URI publicBaseUrl;
    private final ConnectionHealth health;

    /** Without the routes that make and change connections. */
    public ConnectionsApi(Catalog catalog, Connections connections, ConnectionHealth health) {
        this(catalog, connections, null, null, health);
    }

    /**
     * @param managed connections made through the API; null: the routes that make and change them are not served
     * @param publicBaseUrl the server's configured public address, for webhook URLs (null: as the client reached the server)
     * @param health connection health: statuses and checks
     */
    public ConnectionsApi(Catalog catalog, Connections connections, ManagedConnections managed, URI publicBaseUrl, ConnectionHealth health) {
        this.catalog = catalog;
        this.connections = connections;
        this.managed = managed;
        this.publicBaseUrl = publicBaseUrl;
        this.health = java.util.Objects.requireNonNull(health, "health");
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
                .operation("connections.get", "connections", "Shows one connection: connector, tenant, config, which secrets are set (never their values), and the connected account")
                .param(name)
                .response(200, "The connection", ConnectionView.class)
                .handle(ctx -> {
                    ConnectionSpec c = connection(ctx);
                    var account = managed == null ? null : managed.account(c.name());
                    var webhook = managed == null ? null : managed.webhooks().status(c.name());
                    ctx.json(SpecViews.view(c, records().get(c.name()), health.status(c.name(), null))
                            .withAccount(account == null ? null : new CatalogViews.AccountView(account.id(), account.name()))
                            .withWebhook(webhook == null ? null : new CatalogViews.WebhookStatusView(webhook.registered(), webhook.url(),
                                    webhook.renewedAt(), webhook.renewalRetryAt())));
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
        if (managed != null) {
            registerChanges(routes, owner, name);
            registerWebhook(routes, owner, name);
        }
    }

    /** Registering and removing a connection's webhook at its provider on request: a YAML connection's, or one to register again. */
    private void registerWebhook(Routes routes, Scope owner, Param name) {
        for (boolean register : new boolean[] {true, false}) {
            var route = routes.post("/api/v1/connections/{connection}/webhook/" + (register ? "register" : "unregister"), Guard.token(Role.EDITOR, owner))
                    .operation(register ? "connections.webhook.register" : "connections.webhook.unregister", "connections", register
                            ? "Creates the connection's webhook at the provider with its connector's register action"
                            : "Removes the connection's webhook at the provider with its connector's unregister action")
                    .description(register
                            ? "For a connection applied from YAML (nothing registers it by itself) or one whose registration failed: runs the"
                                    + " connector's webhooks.register action with {url: PUBLIC_BASE_URL/hooks/CONNECTION} and keeps the answer"
                                    + " (encrypted, never shown) for unregister and for a signing key the verify takes from it. With a"
                                    + " registration kept already it answers 409 unless again=true (which replaces it; the provider may then"
                                    + " hold two subscriptions). A provider that refuses the call is a 502."
                            : "Runs the connector's webhooks.unregister action with the kept registration (record.registration), then"
                                    + " forgets it. A provider that refuses the call is a 502; the registration is then kept.")
                    .param(name);
            if (register) {
                route.param(Param.query("again", "true: register even though a registration is kept (replacing it)", Boolean.class));
            }
            route.response(200, register ? "Registered: the action and the URL given to the provider" : "Removed", WebhookView.class)
                    .response(400, "Its connector declares no such action, or there is no public address")
                    .response(409, "A registration is kept already (register without again=true)")
                    .response(502, "The provider refused the call: detail says why")
                    .handle(ctx -> {
                        ApiRequest request = audited(ctx);
                        ConnectionSpec c = connection(ctx);
                        var subscriptions = managed.webhooks();
                        var result = register
                                ? subscriptions.register(c.name(), request.tenant().orElse(null), hooks(request), "true".equals(ctx.queryParam("again")))
                                : subscriptions.unregister(c.name(), request.tenant().orElse(null), hooks(request));
                        request.auditDetail("ok", result.ok());
                        if (!result.ok()) {
                            String detail = "The provider refused " + result.action() + ": " + result.error();
                            throw new ApiProblem(502, "webhook-registration-failed", register ? "Webhook not registered" : "Webhook not removed",
                                    detail.endsWith(".") ? detail : detail + ".");
                        }
                        ctx.json(new WebhookView(result.action(), result.url(), true, null));
                    });
        }
    }

    private void registerChanges(Routes routes, Scope owner, Param name) {
        Guard editor = Guard.token(Role.EDITOR, owner);
        routes.post("/api/v1/connections", Guard.token(Role.EDITOR, Scope.tenantFromBody(NewConnection.class, NewConnection::tenant)))
                .operation("connections.create", "connections", "Makes a connection of a connector; its secrets are stored encrypted and never returned")
                .description("A tenant token makes its own tenant's connection; an operator names the tenant (none: the operator's own, 'default')."
                        + " Names are shared by every tenant: a taken name is 409. When the connector declares a webhook register action, it runs"
                        + " after the connection is stored; its outcome is in 'webhook' (a failure leaves the connection in place). A tenant's first"
                        + " connection of a connector is its primary one unless primary is false; making another primary takes the flag from the"
                        + " old one, and per-tenant syncs that move to it start over (statesCleared).")
                .body(NewConnection.class)
                .response(201, "The connection, its definition's version and the webhook registration", MadeView.class)
                .response(400, "Unknown connector, a field the connector does not declare, a required one missing, or a bad value")
                .response(409, "A connection of that name exists (of any tenant)")
                .handle(ctx -> {
                    ApiRequest request = ApiRequest.of(ctx);
                    NewConnection asked = request.body(NewConnection.class);
                    request.auditObject("Connection", asked.name());
                    var made = managed.create(new ManagedConnections.NewConnection(asked.name(), asked.connector(), request.tenant().orElse(null),
                            asked.environment(), asked.config(), asked.secrets(), asked.primary(), limits(asked.rateLimit(), asked.retry(), asked.timeouts(),
                            asked.exchangeLog())), actor(request), hooks(request));
                    request.auditDetail("version", made.version());
                    ctx.status(201).header("Location", request.location("/api/v1/connections/" + made.connection().name()).toString())
                            .header("ETag", Preconditions.etag(made.version())).json(made(made));
                });
        for (boolean replace : new boolean[] {false, true}) {
            (replace ? routes.put("/api/v1/connections/{connection}", editor) : routes.patch("/api/v1/connections/{connection}", editor))
                    .operation(replace ? "connections.replace" : "connections.update", "connections", replace
                            ? "Replaces a connection's config and secrets (what is left out is gone); keeps its state"
                            : "Changes a connection's config values or replaces some of its secrets; keeps its state")
                    .description("Only connections made through the API (a YAML one is changed through its definition: 409). The connection keeps its"
                            + " checkpoints, fingerprints and schemas, and its OAuth tokens unless a secret value changed.")
                    .param(name)
                    .body(ConnectionChange.class)
                    .response(200, "The connection as it is now", MadeView.class)
                    .response(400, "A field the connector does not declare, a required one missing, or a bad value")
                    .response(404, "No such connection")
                    .response(409, "The connection was applied as YAML, or it would move a sync that is running onto another connection")
                    .handle(ctx -> {
                        ApiRequest request = audited(ctx);
                        ConnectionChange change = request.body(ConnectionChange.class);
                        ConnectionSpec current = connection(ctx);
                        if (change.connector() != null && !change.connector().equals(current.connector())) {
                            throw new ApiProblem.BadRequest("A connection's connector cannot change (it is '" + current.connector()
                                    + "'); make a new connection instead.");
                        }
                        var changed = managed.update(current.name(), request.tenant().orElse(null), new ManagedConnections.Change(change.config(),
                                change.secrets(), change.environment(), replace, change.primary(), limits(change.rateLimit(), change.retry(), change.timeouts(),
                                change.exchangeLog())), actor(request));
                        request.auditDetail("version", changed.version());
                        ctx.header("ETag", Preconditions.etag(changed.version())).json(made(changed));
                    });
        }
        routes.delete("/api/v1/connections/{connection}", editor)
                .operation("connections.delete", "connections", "Deletes a connection made through the API, with its stored secrets and tokens")
                .description("When the connector declares a webhook unregister action it runs first; if it fails nothing is deleted (409) unless"
                        + " ?force=true. A connection a sync names answers 409.")
                .param(name)
                .param(Param.query("force", "Delete even when the webhook cannot be removed at the provider", Boolean.class))
                .response(204, "Deleted")
                .response(404, "No such connection")
                .response(409, "A sync uses it, it was applied as YAML, or its webhook could not be removed")
                .handle(ctx -> {
                    ApiRequest request = audited(ctx);
                    String force = ctx.queryParam("force");
                    if (force != null && !force.equals("true") && !force.equals("false")) {
                        throw new ApiProblem.BadRequest("Query parameter 'force' is true or false.");
                    }
                    var webhook = managed.delete(connection(ctx).name(), request.tenant().orElse(null), "true".equals(force), hooks(request));
                    if (webhook != null) {
                        request.auditDetail("webhookRemoved", webhook.ok());
                    }
                    ctx.status(204);
                });
    }

    private static ApiRequest audited(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        request.auditObject("Connection", ctx.pathParam("connection"));
        return request;
    }

    private static String actor(ApiRequest request) {
        return request.principal().map(dev.junction.engine.Principal::id).orElse(null);
    }

    /** Where providers send this server's webhooks: {@code publicBaseUrl/hooks}. */
    private URI hooks(ApiRequest request) {
        return URI.create((publicBaseUrl != null ? publicBaseUrl : request.baseUrl()) + "/hooks");
    }

    private MadeView made(ManagedConnections.Outcome outcome) {
        var w = outcome.webhook(); // its answer (kept for unregister) is not shown: it may hold the provider's signing secret
        return new MadeView(SpecViews.view(outcome.connection(), records().get(outcome.connection().name())), outcome.version(),
                outcome.version() > 1 ? outcome.tokensKept() : null, w == null ? null : new WebhookView(w.action(), w.url(), w.ok(), w.error()),
                outcome.statesCleared().isEmpty() ? null : outcome.statesCleared());
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
