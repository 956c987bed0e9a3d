package dev.junction.sandbox.internal;

import dev.junction.sandbox.Faults;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.RequestHook;
import dev.junction.sandbox.ServiceStats;
import dev.junction.sandbox.SimulatedService;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared machinery of a simulated service: an HTTP server on 127.0.0.1, the request pipeline (faults, auth, rate
 * limit), JSON error rendering, the ledger, stats and the {@code /_admin} endpoints every service has.
 */
public abstract class AbstractService implements SimulatedService, AutoCloseable {

    /** Paths under this prefix skip faults, auth and rate limiting and are not counted. */
    public static final String ADMIN_PREFIX = "/_admin";

    protected final Json json;
    protected final Clock clock;
    private final String name;
    private final int port;
    private final Ledger ledger = new Ledger();
    private final RequestStats stats = new RequestStats();
    private final FaultInjector injector = new FaultInjector();
    private final RateLimiter limiter;
    private final FaultsJson faultsJson;
    private volatile RequestHook hook = RequestHook.NONE;
    private volatile Javalin app;
    private volatile URI baseUrl;

    protected AbstractService(String name, int port, int rateLimit, Clock clock, Json json) {
        this.name = Objects.requireNonNull(name, "name");
        this.port = port;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        this.limiter = new RateLimiter(rateLimit, clock);
        this.faultsJson = new FaultsJson(json);
    }

    /** Registers the service's own routes. */
    protected abstract void routes(RoutesConfig routes);

    /** True when the request carries valid credentials. */
    protected abstract boolean authorized(Context ctx);

    /** The message of the 401 answer. */
    protected abstract String unauthorizedMessage();

    /** Starts the HTTP server; call once. */
    public final synchronized void start() {
        if (app != null) {
            throw new IllegalStateException(name + " already started");
        }
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("sandbox-" + name);
        threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("sandbox-" + name + "-vt"));
        Javalin created = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // the watcher is a non-daemon thread sleeping 5 s per instance; it would outlive close()
            config.startup.startupWatcherEnabled = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            config.jetty.threadPool = threads;
            config.http.generateEtags = false;
            config.routes.before(this::pipeline);
            config.routes.exception(ApiException.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                respond(ctx, e.status(), e.body());
            });
            config.routes.exception(ConnectionAborted.class, (e, ctx) -> ctx.status(500));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(),
                    Json.obj("error", errorCode(e.getStatus()), "message", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> respond(ctx, 500,
                    Json.obj("error", "internal_error", "message", String.valueOf(e.getMessage()))));
            adminRoutes(config.routes);
            routes(config.routes);
        });
        created.start();
        app = created;
        baseUrl = URI.create("http://127.0.0.1:" + created.port());
    }

    @Override
    public final synchronized void close() {
        Javalin running = app;
        if (running != null) {
            running.stop();
        }
        onClose();
    }

    /** Called by {@link #close()} after the HTTP server stopped; stops what the service runs besides it. */
    protected void onClose() {
    }

    /** Called by {@link #reset()}; clears what the service counts besides the shared ledger and stats. */
    protected void onReset() {
    }

    @Override
    public final URI baseUrl() {
        URI url = baseUrl;
        if (url == null) {
            throw new IllegalStateException(name + " not started");
        }
        return url;
    }

    @Override
    public final Faults faults() {
        return injector.faults();
    }

    @Override
    public final void setFaults(Faults faults) {
        injector.set(faults);
    }

    @Override
    public final void setRequestHook(RequestHook hook) {
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    @Override
    public final List<LedgerEntry> ledger() {
        return ledger.snapshot();
    }

    @Override
    public final Map<String, Integer> writeCountsByKey() {
        return ledger.countsByKey();
    }

    @Override
    public final ServiceStats stats() {
        return stats.snapshot();
    }

    @Override
    public final void reset() {
        ledger.clear();
        stats.clear();
        limiter.clear();
        onReset();
    }

    /** Records one accepted write. */
    protected final void recordWrite(Instant at, String endpoint, String key, Map<String, Object> payload) {
        ledger.record(new LedgerEntry(at, endpoint, key, payload));
    }

    /** The clock's now, truncated to milliseconds. */
    protected final Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Writes a JSON answer. */
    protected final void respond(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(json.write(body));
    }

    private void pipeline(Context ctx) {
        if (ctx.path().startsWith(ADMIN_PREFIX)) {
            return;
        }
        stats.request();
        try {
            hook.arrived(ctx.method().name(), ctx.path());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.of(503, "service_unavailable", "interrupted");
        }
        FaultInjector.Decision decision = injector.next();
        sleep(decision.latency());
        switch (decision.outcome()) {
            case RESET -> {
                stats.reset();
                abortConnection(ctx);
                throw new ConnectionAborted();
            }
            case ERROR -> {
                stats.injectedError();
                throw ApiException.of(decision.status(), errorCode(decision.status()), "injected fault");
            }
            case TOO_MANY_REQUESTS -> {
                stats.tooManyRequests();
                throw new ApiException(429, Json.obj("error", "rate_limited", "message", "injected fault"),
                        Map.of("Retry-After", "1"));
            }
            case PASS -> { }
        }
        if (!authorized(ctx)) {
            stats.unauthorized();
            throw ApiException.of(401, "unauthorized", unauthorizedMessage());
        }
        if (limiter.enabled()) {
            RateLimiter.Permit permit = limiter.acquire();
            String limit = Integer.toString(permit.limit());
            String reset = Long.toString(permit.resetSeconds());
            if (!permit.allowed()) {
                stats.tooManyRequests();
                throw new ApiException(429, Json.obj("error", "rate_limited", "message",
                        "rate limit of " + limit + " requests per second exceeded"),
                        Map.of("Retry-After", reset, "X-RateLimit-Limit", limit,
                                "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset));
            }
            ctx.header("X-RateLimit-Limit", limit);
            ctx.header("X-RateLimit-Remaining", Integer.toString(permit.remaining()));
            ctx.header("X-RateLimit-Reset", reset);
        }
    }

    private void adminRoutes(RoutesConfig routes) {
        routes.get(ADMIN_PREFIX + "/ledger", ctx -> respond(ctx, 200, Json.obj(
                "size", ledger.size(),
                "entries", ledger.snapshot().stream().map(e -> Json.obj("at", e.at().toString(),
                        "endpoint", e.endpoint(), "key", e.key(), "payload", e.payload())).toList(),
                "writeCountsByKey", ledger.countsByKey())));
        routes.get(ADMIN_PREFIX + "/faults", ctx -> respond(ctx, 200, faultsJson.render(injector.faults())));
        routes.post(ADMIN_PREFIX + "/faults", ctx -> {
            Faults faults = faultsJson.parse(ctx.body());
            injector.set(faults);
            respond(ctx, 200, faultsJson.render(faults));
        });
        routes.get(ADMIN_PREFIX + "/stats", ctx -> {
            ServiceStats s = stats.snapshot();
            respond(ctx, 200, Json.obj("requests", s.requests(), "tooManyRequests", s.tooManyRequests(),
                    "injectedErrors", s.injectedErrors(), "resets", s.resets(), "unauthorized", s.unauthorized(),
                    "ledgerSize", ledger.size()));
        });
        routes.post(ADMIN_PREFIX + "/reset", ctx -> {
            reset();
            respond(ctx, 200, Json.obj("reset", true));
        });
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.of(503, "service_unavailable", "interrupted");
        }
    }

    /** Closes the TCP connection without answering; with SO_LINGER 0 the client sees a reset. */
    private static void abortConnection(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            throw new IllegalStateException("no Jetty request behind this context");
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint.getTransport() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException ignored) {
                // a plain close still makes the client see an EOF
            }
        }
        endPoint.close();
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 429 -> "rate_limited";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }
}
