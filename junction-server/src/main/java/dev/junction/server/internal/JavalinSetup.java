package dev.junction.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.server.Route;
import dev.junction.server.ServerConfig;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the Javalin app: virtual threads, the body limit, the declared routes (each endpoint carries
 * its declaration), the guard before every matched route, the one problem mapper for every
 * exception and for Jetty's own errors, and the audit hook after every request.
 */
public final class JavalinSetup {
    /** The name of the connector of {@code metrics.port}, when one is set. */
    public static final String METRICS_CONNECTOR = "metrics";

    private JavalinSetup() {}

    public static Javalin create(ServerConfig config, ObjectMapper json, List<Route> routes, GuardEnforcer guard, ProblemMapper problems,
            AuditRecorder audit, Consumer<JavalinConfig> customizer) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(json, true));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblemHandler()));
            if (config.metrics().port() != null) {
                // /metrics alone on its own port (the guard answers 404 for anything else there, and for /metrics on the API port);
                // Javalin makes its own connector only when none is added, so the API's is added too, first
                cfg.jetty.addConnector((server, http) -> {
                    org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                            new org.eclipse.jetty.server.HttpConnectionFactory(http));
                    connector.setHost(config.host());
                    connector.setPort(config.port());
                    return connector;
                });
                cfg.jetty.addConnector((server, http) -> {
                    org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                            new org.eclipse.jetty.server.HttpConnectionFactory(http));
                    connector.setName(METRICS_CONNECTOR);
                    connector.setHost(config.host());
                    connector.setPort(config.metrics().port());
                    return connector;
                });
            }
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            for (Route route : routes) {
                cfg.routes.addEndpoint(new Endpoint(HandlerType.findOrCreate(route.method()), route.path(), route.handler()).withMetadata(new DeclaredRoute(route)));
                if (route.method().equals("GET")) {
                    // HEAD answers as GET does (status, headers, guard); Javalin's implicit HEAD would skip the handler and the path parameters
                    cfg.routes.addEndpoint(new Endpoint(HandlerType.HEAD, route.path(), route.handler()).withMetadata(new DeclaredRoute(route)));
                }
            }
            cfg.routes.beforeMatched(guard);
            cfg.routes.exception(HttpResponseException.class, problems::handle);
            cfg.routes.exception(Exception.class, problems::handle);
            cfg.routes.after(problems::completeBareError);
            cfg.routes.after(audit::after); // after the problem mapper: the status it records is the one answered
            cfg.router.javaLangErrorHandler(problems::handleError);
            customizer.accept(cfg);
        });
    }
}
