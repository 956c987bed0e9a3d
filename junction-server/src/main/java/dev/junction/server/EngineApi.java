package dev.junction.server;

import dev.junction.engine.Engine;
import dev.junction.server.api.AuditApi;
import dev.junction.server.api.BackfillsApi;
import dev.junction.server.api.ConnectApi;
import dev.junction.server.api.ConnectionsApi;
import dev.junction.server.api.ConnectorsApi;
import dev.junction.server.api.DeadLettersApi;
import dev.junction.server.api.DefinitionsApi;
import dev.junction.server.api.EventSubscriptionsApi;
import dev.junction.server.api.ExchangesApi;
import dev.junction.server.api.FlowsApi;
import dev.junction.server.api.InboxApi;
import dev.junction.server.api.MappingsApi;
import dev.junction.server.api.MetricsApi;
import dev.junction.server.api.RunsApi;
import dev.junction.server.api.PollsApi;
import dev.junction.server.api.SchedulesApi;
import dev.junction.server.api.SchemasApi;
import dev.junction.server.api.StatesApi;
import dev.junction.server.api.SyncsApi;
import dev.junction.server.api.TenantsApi;
import dev.junction.server.api.TokensApi;
import dev.junction.server.api.WebhooksApi;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API over one engine: its token service authenticates, its audit log records every
 * authenticated mutating call (outcome: the HTTP status), its store answers readiness (reachable and
 * migrated), and every resource's routes come from the modules listed in {@link #modules}.
 */
public final class EngineApi {
    private EngineApi() {}

    /** A server builder with the engine's authenticator, readiness checks and every API module. */
    public static JunctionServer.Builder builder(ServerConfig config, Engine engine) {
        JunctionServer.Builder builder = JunctionServer.builder(config)
                .authenticator(engine.tokens()::authenticate)
                .auditor(event -> engine.audit().record(event.actor(), event.action(), event.objectType(), event.objectId(),
                        Integer.toString(event.status()), event.detail()))
                .readiness(storeAndSchema(engine))
                .readiness(() -> engine.runQueue().stopping()
                        ? Readiness.down("run-queue", "The server is stopping: it takes no new runs; queued runs wait for another node or the restart.")
                        : Readiness.up("run-queue"));
        modules(engine, config.publicBaseUrl()).forEach(builder::module);
        builder.webhookVerifier(new WebhooksApi(engine, config.publicBaseUrl()).verifier());
        ConnectApi connect = connect(engine, config);
        builder.module(connect).connectSessionVerifier(connect.verifier());
        // the web console: its sign-in, assets and pages, and the sessions its cookie names
        dev.junction.server.console.SessionStore consoleSessions = new dev.junction.server.console.SessionStore(engine.tokens(), engine.clock());
        OidcSettings oidc = config.consoleOidc();
        var signIn = new dev.junction.server.console.ConsoleAuth(engine.tokens(), consoleSessions, oidc.enabled() ? oidc.displayName() : null);
        // the client secret is resolved when a code is exchanged (a rotated ${file:} is read again), within the operator's secret scope
        var secrets = new dev.junction.connector.EnvSecretResolver(engine.env(), config.secrets());
        builder.module(signIn)
                .module(new dev.junction.server.console.ConsoleSso(oidc, () -> secrets.resolve(dev.junction.spec.ValueRef.parse(oidc.clientSecret())),
                        consoleSessions, signIn, engine.audit(), config.publicBaseUrl(), engine.clock()))
                .module(new dev.junction.server.console.ConsoleAssets())
                .module(new dev.junction.server.console.ConsolePages(engine, consoleSessions));
        return builder.consoleSessions(consoleSessions);
    }

    /** One module per resource; a route added to any of them is enumerated by the guard and OpenAPI tests. */
    static List<ApiModule> modules(Engine engine) {
        return modules(engine, null);
    }

    /** {@code publicBaseUrl}: the configured public address (webhook URLs of connections made through the API), or null. */
    static List<ApiModule> modules(Engine engine, java.net.URI publicBaseUrl) {
        List<ApiModule> modules = new ArrayList<>();
        modules.add(new DefinitionsApi(engine.definitions()));
        modules.add(new ConnectorsApi(engine.catalog()));
        modules.add(new SyncsApi(engine.catalog()));
        modules.add(new ConnectionsApi(engine.catalog(), engine.connections(), engine.managedConnections(), publicBaseUrl, engine.health()));
        modules.add(new dev.junction.server.api.ConnectionRequestsApi(new dev.junction.server.api.Access(engine), engine.requests()));
        modules.add(new TenantsApi(engine.catalog(), engine.connections(), engine.tenants(), publicBaseUrl));
        modules.add(new TokensApi(engine.tokens(), engine.clock()));
        modules.add(new AuditApi(engine.audit()));
        modules.add(new RunsApi(engine));
        modules.add(new FlowsApi(engine));
        modules.add(new SchedulesApi(engine));
        modules.add(new BackfillsApi(engine));
        modules.add(new dev.junction.server.api.SyncAuditsApi(engine));
        modules.add(new PollsApi(engine));
        modules.add(new DeadLettersApi(engine));
        modules.add(new ExchangesApi(engine));
        modules.add(new StatesApi(engine));
        modules.add(new SchemasApi(engine));
        modules.add(new MappingsApi(engine));
        modules.add(new WebhooksApi(engine));
        modules.add(new InboxApi(engine));
        modules.add(new EventSubscriptionsApi(engine.events()));
        modules.add(new dev.junction.server.api.AlertsApi(engine.alerts(), engine.alertChannelSecrets()));
        modules.add(new MetricsApi(engine.metrics()));
        return modules;
    }

    /** The connect flow: sessions, the connect page, its callback, disconnecting. */
    static ConnectApi connect(Engine engine, ServerConfig config) {
        return new ConnectApi(engine.connectSessions(), config, name -> {
            var connection = engine.definitions().applied().connections().get(name);
            return connection == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(connection.tenant());
        });
    }

    /** The store answers, then its schema has every migration of this build (not asked when the store is down: one pool timeout, not two). */
    private static ReadinessCheck storeAndSchema(Engine engine) {
        ReadinessCheck store = ReadinessCheck.store(engine.store());
        return () -> {
            Readiness reachable = store.check();
            return reachable.ready() ? migrated(engine) : reachable;
        };
    }

    private static Readiness migrated(Engine engine) {
        try {
            int pending = engine.jdbcStore().pendingMigrations();
            return pending == 0 ? Readiness.up("migrations")
                    : Readiness.down("migrations", "The store's schema lacks " + pending + " migration(s) of this build; restart the server to apply them.");
        } catch (RuntimeException e) {
            return Readiness.down("migrations", "The store's schema version cannot be read; the server retries on every check.");
        }
    }
}
