package dev.junction.app;

import dev.junction.cli.internal.CommonOptions;
import dev.junction.cli.internal.Console;
import dev.junction.cli.logging.LogSettings;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.LocalServer;
import dev.junction.engine.Metrics;
import dev.junction.engine.Role;
import dev.junction.engine.StoreLocation;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.server.ServerConfigLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {
    "Starts the Junction server over the store: the REST API under /api/v1 (OpenAPI document at /api/v1/openapi.json),",
    "/health/live, /health/ready, /metrics (Prometheus) and the web console at /console. Settings: --config FILE (or JUNCTION_CONFIG), then JUNCTION_* variables, then these options.",
    "Every API call needs a token: make the first one with 'junction tokens create --role admin'.",
    "Stops on Ctrl-C or SIGTERM (or after --seconds): readiness answers 503, runs in flight go back to the queue after their batches",
    "in flight, then requests in flight finish, each within the shutdown grace."})
public final class ServeCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML or JSON server config file (port, publicBaseUrl, store, limits, trustedProxies).")
    Path config;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default: the config's, else 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "Port (0 = a free one; default: the config's, else 8080).")
    Integer port;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds instead of waiting for Ctrl-C.")
    Long seconds;

    ServeCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        common.applyTo(console);
        ServerConfig settings = new ServerConfigLoader(env).load(config);
        // a server logs its runs (start, end, counts) at info; the settings' levels (and JUNCTION_LOG_LEVEL) come after and win
        try {
            LogSettings.apply(settings.logging().format(), "dev.junction=info" + (settings.logging().levels() == null ? "" : "," + settings.logging().levels()));
        } catch (IllegalArgumentException e) {
            throw new dev.junction.server.ServerConfigException("logging: " + e.getMessage());
        }
        if (host != null) {
            settings = settings.withHost(host);
        }
        if (port != null) {
            settings = settings.withPort(port);
        }
        Map<String, String> storeEnv = new HashMap<>(env);
        putIfSet(storeEnv, StoreLocation.USER_ENV, settings.store().user());
        putIfSet(storeEnv, StoreLocation.PASSWORD_ENV, settings.store().password());
        StoreLocation location = StoreLocation.choose(common.storeOption() != null ? common.storeOption() : settings.store().url(), storeEnv::get,
                common.dataDir());
        EngineConfig engineConfig = new EngineConfig(location, location.embedded() ? location.dataDir() : null, storeEnv::get, Clock.systemUTC());
        EngineConfig queued = engineConfig.withQueue(engineConfig.queue().withWorkers(settings.workers()).withConnectionChecks(settings.connectionChecks()))
                .withEgress(settings.egress()).withSecrets(settings.secrets())
                .withMetrics(Metrics.Settings.DEFAULT.withTenantLabel(settings.metrics().tenantLabel()))
                .withFlows(new dev.junction.engine.FlowSettings(engineConfig.queue().leaseTtl(), engineConfig.queue().pollInterval(),
                        settings.flowRetention()))
                .withTracing(settings.tracing()).withRetention(settings.retention());
        try (ShutdownSignal signal = new ShutdownSignal(); Engine engine = Engine.open(queued)) {
            JunctionServer server = EngineApi.builder(settings, engine).build().start();
            engine.runQueue().start();
            LocalServer local = location.embedded() ? announce(engine, server, location.dataDir()) : null;
            console.out().println("Junction server at " + server.baseUrl() + " (store: " + location.describe() + "; " + settings.workers()
                    + " run workers)");
            console.out().println("  API " + server.publicBaseUrl() + "/api/v1   OpenAPI " + server.publicBaseUrl() + "/api/v1/openapi.json   health "
                    + server.baseUrl() + "/health/ready   metrics " + (server.metricsPort() < 0 ? server.baseUrl()
                    : URI.create("http://" + server.baseUrl().getHost() + ":" + server.metricsPort())) + "/metrics");
            console.out().println("  console " + server.publicBaseUrl() + "/console   (sign in with an API token"
                    + (settings.consoleOidc().enabled() ? " or through " + settings.consoleOidc().displayName() : "") + ")");
            if (engine.connections().egress().proxyInUse().any()) {
                console.out().println("  outbound requests through " + engine.connections().egress().proxyInUse());
            }
            console.out().flush();
            boolean signalled = signal.await(seconds);
            Instant began = Instant.now();
            console.out().println("stopping" + (signalled && signal.name() != null ? " on " + signal.name() : "") + ": not ready, no new runs;"
                    + " runs in flight go back to the queue after their batches in flight, then requests in flight finish (grace "
                    + settings.shutdownGrace().toSeconds() + "s each)");
            console.out().flush();
            // the run queue first: from its first moment readiness answers 503 (the run-queue check), while the API still answers, so
            // a load balancer sees the node leave and clients can watch their runs go back to the queue; then the HTTP server stops
            // and lets its requests in flight finish. Stopping HTTP first would refuse connections at once, and a probe would see
            // 503 only by luck. A run requested meanwhile is stored and stays queued for another node or the restart.
            if (local != null) {
                local.remove(location.dataDir()); // local commands run by themselves from now on
            }
            boolean runsStopped = engine.runQueue().stop(settings.shutdownGrace());
            server.stop(settings.shutdownGrace());
            if (local != null) {
                revokeLocalTokens(engine);
            }
            console.out().println("stopped in " + Duration.between(began, Instant.now()).toMillis() + " ms"
                    + (runsStopped ? "" : "; some runs were still stopping: the reaper of any node resumes them from their checkpoint"));
            console.out().flush();
        }
        return 0;
    }

    /**
     * Tells local commands on this data directory where this server is ({@link LocalServer}), with a
     * token of their own, so their runs go to this server's queue. Tokens left by a killed server are revoked first.
     */
    private static LocalServer announce(Engine engine, JunctionServer server, Path dataDir) {
        revokeLocalTokens(engine);
        String token = engine.tokens().create(Role.ADMIN, null, LocalServer.TOKEN_NAME, null, "local:serve").secret();
        String host = server.baseUrl().getHost();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::");
        URI url = wildcard ? URI.create("http://127.0.0.1:" + server.port()) : server.baseUrl();
        LocalServer local = new LocalServer(url, ProcessHandle.current().pid(), token);
        local.write(dataDir);
        return local;
    }

    private static void revokeLocalTokens(Engine engine) {
        engine.tokens().list().stream().filter(t -> LocalServer.TOKEN_NAME.equals(t.name()) && t.revokedAt() == null)
                .forEach(t -> engine.tokens().revoke(t.id()));
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null && !value.isBlank()) {
            env.put(name, value);
        }
    }
}
