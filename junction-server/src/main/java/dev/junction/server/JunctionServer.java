package dev.junction.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.junction.server.internal.AuditRecorder;
import dev.junction.server.internal.DeclaredRoute;
import dev.junction.server.internal.ForwardedHeaders;
import dev.junction.server.internal.GuardEnforcer;
import dev.junction.server.internal.HealthApi;
import dev.junction.server.internal.JavalinSetup;
import dev.junction.server.internal.JsonBodies;
import dev.junction.server.internal.OpenApiApi;
import dev.junction.server.internal.OpenApiDocument;
import dev.junction.server.internal.ProblemMapper;
import dev.junction.server.internal.RouteTable;
import dev.junction.store.Store;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The Junction HTTP server: the declared routes of its {@link ApiModule}s, each behind its
 * {@link Guard}, problem+json for every error, every authenticated mutating call handed to the
 * {@link Auditor}, {@code /health/live}, {@code /health/ready} and the OpenAPI document at
 * {@code /api/v1/openapi.json}. Handlers run on virtual threads.
 *
 * <pre>{@code
 * JunctionServer server = JunctionServer.builder(config)
 *         .authenticator(tokens::authenticate)
 *         .readiness(ReadinessCheck.store(store))
 *         .module(new RunsApi(engine))
 *         .build()
 *         .start();
 * ...
 * server.stop(Duration.ofSeconds(30));   // readiness answers 503 at once; requests in flight may finish
 * }</pre>
 */
public final class JunctionServer implements AutoCloseable {
    private final ServerConfig config;
    private final List<Route> routes;
    private final Javalin app;
    private volatile boolean stopping;
    private boolean started;
    private boolean stopped;

    private JunctionServer(Builder builder) {
        this.config = builder.config;
        ObjectMapper json = builder.json.copy().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        RouteTable table = new RouteTable();
        AtomicReference<ObjectNode> openApi = new AtomicReference<>();
        table.register(new HealthApi(builder.readiness, () -> stopping));
        table.register(new OpenApiApi(openApi::get));
        builder.modules.forEach(table::register);
        this.routes = table.routes();
        // written once, now: a body type it cannot describe fails the build, not the first request
        openApi.set(new OpenApiDocument(json).write(routes, builder.version, config.publicBaseUrl()));
        JsonBodies bodies = new JsonBodies(json, config.maxRequestBytes());
        ForwardedHeaders forwarded = new ForwardedHeaders(config.trustedProxies());
        GuardEnforcer guard = new GuardEnforcer(builder.authenticator, builder.webhooks, builder.connectSessions, bodies, forwarded,
                config.metrics().allowFrom(), this::metricsPort).consoleSessions(builder.consoleSessions);
        this.app = JavalinSetup.create(config, json, routes, guard, new ProblemMapper(json, config.maxRequestBytes()),
                new AuditRecorder(builder.auditor), builder.customizer);
    }

    /**
     * The server of before the REST API (kept for {@code junction serve}): health over {@code store}, no
     * API token known yet, so only {@code /health/*} answers without 401.
     */
    public JunctionServer(Store store, ObjectMapper json, String host, int port) {
        this(builder(ServerConfig.defaults().withHost(host).withPort(port)).json(json).readiness(ReadinessCheck.store(store)));
    }

    public static Builder builder(ServerConfig config) {
        return new Builder(config);
    }

    public synchronized JunctionServer start() {
        if (started) {
            throw new IllegalStateException("the server is already started");
        }
        started = true;
        app.start();
        return this;
    }

    /**
     * Stops taking requests and waits up to {@code grace} for those in flight. {@code /health/ready}
     * answers 503 from the first moment, so a load balancer stops sending traffic.
     */
    public synchronized void stop(Duration grace) {
        stopping = true;
        if (!started || stopped) {
            return;
        }
        stopped = true;
        app.jettyServer().server().setStopTimeout(Math.max(0, grace.toMillis()));
        app.stop();
    }

    /** {@link #stop} with the configured shutdown grace. */
    @Override
    public void close() {
        stop(config.shutdownGrace());
    }

    /** Where this process listens, e.g. {@code http://127.0.0.1:8080} (a wildcard host shows as loopback). */
    public URI baseUrl() {
        if (!started) {
            throw new IllegalStateException("the server is not started");
        }
        String host = config.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("[::]")) {
            host = "[::1]";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** The address clients reach the server at: the configured {@code publicBaseUrl}, else {@link #baseUrl}. */
    public URI publicBaseUrl() {
        return config.publicBaseUrl() != null ? config.publicBaseUrl() : baseUrl();
    }

    public int port() {
        if (config.metrics().port() == null) {
            return app.port();
        }
        for (org.eclipse.jetty.server.Connector connector : app.jettyServer().server().getConnectors()) {
            if (!JavalinSetup.METRICS_CONNECTOR.equals(connector.getName()) && connector instanceof org.eclipse.jetty.server.NetworkConnector network) {
                return network.getLocalPort();
            }
        }
        return app.port();
    }

    /** The port {@code /metrics} is served on alone (its {@code metrics.port}, as bound); -1 when it is served on {@link #port}. */
    public int metricsPort() {
        if (config.metrics().port() == null) {
            return -1;
        }
        for (org.eclipse.jetty.server.Connector connector : app.jettyServer().server().getConnectors()) {
            if (JavalinSetup.METRICS_CONNECTOR.equals(connector.getName()) && connector instanceof org.eclipse.jetty.server.NetworkConnector network) {
                return network.getLocalPort();
            }
        }
        return -1;
    }

    /** Every declared route, the built-in ones included. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * Every route the HTTP router serves, declared or not, as the router itself lists them — except the
     * HEAD twin the server adds to each declared GET route (same handler, same guard).
     */
    public List<ServedRoute> servedRoutes() {
        List<ServedRoute> served = new ArrayList<>();
        app.unsafe.internalRouter.allHttpHandlers().forEach(parsed -> {
            DeclaredRoute declared = parsed.endpoint.metadata(DeclaredRoute.class);
            boolean headTwin = parsed.endpoint.method == HandlerType.HEAD && declared != null && declared.route().method().equals("GET");
            if (parsed.endpoint.method.isHttpMethod() && !headTwin) {
                served.add(new ServedRoute(parsed.endpoint.method.name(), parsed.endpoint.path, declared == null ? null : declared.route()));
            }
        });
        return served;
    }

    public ServerConfig config() {
        return config;
    }

    /** Collects what a server is made of; {@link #build} checks every route declaration. */
    public static final class Builder {
        private final ServerConfig config;
        private ObjectMapper json = new ObjectMapper();
        private Authenticator authenticator = Authenticator.none();
        private Auditor auditor = Auditor.none();
        private final List<ReadinessCheck> readiness = new ArrayList<>();
        private WebhookVerifier webhooks = WebhookVerifier.notImplemented();
        private ConnectSessionVerifier connectSessions = ConnectSessionVerifier.notImplemented();
        private ConsoleSessions consoleSessions = ConsoleSessions.none();
        private final List<ApiModule> modules = new ArrayList<>();
        private Consumer<JavalinConfig> customizer = cfg -> { };
        private String version = Objects.requireNonNullElse(JunctionServer.class.getPackage().getImplementationVersion(), "dev");

        private Builder(ServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder json(ObjectMapper json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /** Where every authenticated mutating call is recorded (default: nowhere). */
        public Builder auditor(Auditor auditor) {
            this.auditor = Objects.requireNonNull(auditor, "auditor");
            return this;
        }

        public Builder readiness(ReadinessCheck check) {
            readiness.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        public Builder webhookVerifier(WebhookVerifier webhooks) {
            this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
            return this;
        }

        public Builder connectSessionVerifier(ConnectSessionVerifier connectSessions) {
            this.connectSessions = Objects.requireNonNull(connectSessions, "connectSessions");
            return this;
        }

        /** The web console's sessions: a session cookie then stands for its token on {@code /console/...} routes. */
        public Builder consoleSessions(ConsoleSessions consoleSessions) {
            this.consoleSessions = Objects.requireNonNull(consoleSessions, "consoleSessions");
            return this;
        }

        public Builder module(ApiModule module) {
            modules.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        /**
         * Last say over Javalin's config (plugins, Jetty tuning). Routes added here have no declared guard:
         * the server refuses them and {@code GuardChecker} reports them.
         */
        public Builder customizeJavalin(Consumer<JavalinConfig> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /** The API version the OpenAPI document shows (default: the jar's version, else "dev"). */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** @throws IllegalArgumentException naming the route, when a route declaration is wrong */
        public JunctionServer build() {
            return new JunctionServer(this);
        }
    }
}
