package dev.junction.server.internal;

import dev.junction.server.ApiModule;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.engine.Role;
import dev.junction.server.Route;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every declared route, checked as it is added so a wrong declaration fails at startup with its name:
 * path syntax, one route per method and path, unique operationIds, public only for {@code /health/*},
 * never a viewer on a mutating route, tenant parameters that exist.
 */
public final class RouteTable {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+|\\{([A-Za-z][A-Za-z0-9_]*)}");
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Route> byKey = new HashMap<>();
    private final Map<String, Route> byOperationId = new HashMap<>();

    public void register(ApiModule module) {
        module.register(new Routes(this::add));
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    void add(Route route) {
        Set<String> pathParams = pathParams(route);
        checkGuard(route, pathParams);
        for (Param param : route.operation().params()) {
            if (param.in() == Param.In.PATH && !pathParams.contains(param.name())) {
                throw invalid(route, "declares path parameter '" + param.name() + "', which its path does not have");
            }
        }
        if (route.operation().hasBody() && route.method().equals("GET")) {
            throw invalid(route, "declares a request body; GET requests have none");
        }
        if (!route.operation().id().matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*")) {
            throw invalid(route, "has operationId '" + route.operation().id() + "'; use resource.verb like runs.cancel (the audit log's action), or lowerCamelCase like getRun");
        }
        String key = route.method() + " " + route.path().replaceAll("\\{[^}]+}", "{}");
        Route clash = byKey.putIfAbsent(key, route);
        if (clash != null) {
            throw invalid(route, "is declared twice (also as " + clash.label() + ")");
        }
        Route sameId = byOperationId.putIfAbsent(route.operation().id(), route);
        if (sameId != null) {
            throw invalid(route, "reuses operationId '" + route.operation().id() + "' of " + sameId.label());
        }
        routes.add(route);
    }

    private static void checkGuard(Route route, Set<String> pathParams) {
        switch (route.guard()) {
            case Guard.MetricsScrape m -> {
                if (!route.method().equals("GET") || !route.path().equals("/metrics")) {
                    throw invalid(route, "takes the metrics-scrape guard, which only GET /metrics may (declare a token guard)");
                }
            }
            case Guard.PublicHealth p -> {
                if (!route.path().startsWith("/health/")) {
                    throw invalid(route, "is public; only /health/* routes may be (declare a token, webhook or connect-session guard)");
                }
            }
            case Guard.Token t -> {
                if (route.mutating() && t.minimum() == Role.VIEWER) {
                    throw invalid(route, "changes something (" + route.method() + ") but lets viewers in; require editor or admin");
                }
                if (t.scope() instanceof Scope.TenantRequested r) {
                    switch (r.source()) {
                        case PATH -> {
                            if (!pathParams.contains(r.parameter())) {
                                throw invalid(route, "takes its tenant from path parameter '" + r.parameter() + "', which its path does not have");
                            }
                        }
                        case BODY -> {
                            Class<?> body = route.operation().bodyType();
                            if (body == null || !r.bodyType().isAssignableFrom(body)) {
                                throw invalid(route, "takes its tenant from a " + r.bodyType().getSimpleName() + " body but declares "
                                        + (body == null ? "no body" : "a " + body.getSimpleName() + " body"));
                            }
                            if (!route.operation().textMediaTypes().isEmpty()) {
                                throw invalid(route, "takes its tenant from its JSON body but also takes text bodies, which name no tenant");
                            }
                        }
                        case QUERY -> { }
                    }
                }
            }
            case Guard.WebhookSignature w -> { }
            case Guard.ConnectSession c -> { }
            case Guard.ConsolePublic c -> {
                if (!Guard.ConsolePublic.allows(route.path())) {
                    throw invalid(route, "takes the console-public guard, which only " + Guard.CONSOLE_PUBLIC_PATHS + " may (declare a token guard)");
                }
            }
        }
    }

    /** The names of a path's {@code {param}} segments; fails on anything but literals and parameters. */
    static Set<String> pathParams(Route route) {
        String path = route.path();
        if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            throw invalid(route, "has path '" + path + "'; a path starts with '/' and does not end with one");
        }
        Set<String> names = new LinkedHashSet<>();
        if (path.equals("/")) {
            return names;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw invalid(route, "has path segment '" + segment + "'; use letters, digits, '.', '_', '~', '-' or one {parameter}");
            }
            if (m.group(1) != null && !names.add(m.group(1))) {
                throw invalid(route, "names path parameter '" + m.group(1) + "' twice");
            }
        }
        return names;
    }

    private static IllegalArgumentException invalid(Route route, String problem) {
        return new IllegalArgumentException("route " + route.label() + " (" + route.operation().id() + ") " + problem);
    }
}
