package dev.junction.server.testing;

import dev.junction.server.Guard;
import dev.junction.server.Route;
import dev.junction.server.Scope;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Tenant B's objects, as the {@link GuardChecker} needs them: for each tenant-owned route, a request
 * that addresses one of them, and the strings that identify them (ids, names, contents) — none may
 * appear in the answer a tenant-A token gets.
 *
 * <p>Requests are built from, in order: a request given for the route's operationId; otherwise the
 * route's path parameters filled by name ({@link #pathParam}), the tenant parameter of a
 * {@code tenantFromPath}/{@code tenantFromQuery} scope set to tenant B, and a body given for the
 * operationId ({@link #body}). A route whose request cannot be made is reported, so a new tenant-owned
 * route fails the check until its tenant-B object is described here.
 */
public final class ForeignObjects {
    private final String tenant;
    private final Map<String, String> pathParams = new HashMap<>();
    private final Map<String, ForeignRequest> requests = new HashMap<>();
    private final Map<String, String> bodies = new HashMap<>();
    private final Set<String> markers = new LinkedHashSet<>();

    private ForeignObjects(String tenant) {
        this.tenant = tenant;
        markers.add(tenant);
    }

    /** Tenant B, the one whose objects a tenant-A token must not reach. Its name is a marker too. */
    public static ForeignObjects ofTenant(String tenant) {
        return new ForeignObjects(Objects.requireNonNull(tenant, "tenant"));
    }

    /** A value for every path parameter named {@code name}, on any route (e.g. {@code runId} → a run of B). */
    public ForeignObjects pathParam(String name, String value) {
        pathParams.put(name, value);
        return this;
    }

    /** The whole request for one route, by operationId. */
    public ForeignObjects request(String operationId, ForeignRequest request) {
        requests.put(operationId, request);
        return this;
    }

    /**
     * A valid body for one route, by operationId, that addresses (or creates in) tenant B: JSON, or text in
     * the route's first text media type when it takes no JSON.
     */
    public ForeignObjects body(String operationId, String json) {
        bodies.put(operationId, json);
        return this;
    }

    /** A string that identifies one of B's objects and must never be answered to a tenant-A token. */
    public ForeignObjects marker(String marker) {
        markers.add(marker);
        return this;
    }

    public String tenant() {
        return tenant;
    }

    public Set<String> markers() {
        return Set.copyOf(markers);
    }

    /** The request for tenant B's object on {@code route}; empty with the reason when it cannot be made. */
    Result requestFor(Route route) {
        ForeignRequest given = requests.get(route.operation().id());
        if (given != null) {
            return new Result(Optional.of(given), null);
        }
        Scope scope = route.guard() instanceof Guard.Token t ? t.scope() : null;
        Map<String, String> path = new HashMap<>();
        for (String name : RoutePaths.params(route.path())) {
            if (scope instanceof Scope.TenantRequested r && r.source() == Scope.Source.PATH && r.parameter().equals(name)) {
                path.put(name, tenant);
            } else if (pathParams.containsKey(name)) {
                path.put(name, pathParams.get(name));
            } else {
                return new Result(Optional.empty(), "no value of tenant " + tenant + " for path parameter '" + name + "': add ForeignObjects.pathParam(\""
                        + name + "\", ...) or a request for " + route.operation().id());
            }
        }
        Map<String, String> query = new HashMap<>();
        if (scope instanceof Scope.TenantRequested r && r.source() == Scope.Source.QUERY) {
            query.put(r.parameter(), tenant);
        }
        String body = bodies.get(route.operation().id());
        if (route.operation().hasBody() && body == null) {
            return new Result(Optional.empty(), "no body addressing tenant " + tenant + ": add ForeignObjects.body(\"" + route.operation().id() + "\", ...)");
        }
        return new Result(Optional.of(new ForeignRequest(path, query, body)), null);
    }

    record Result(Optional<ForeignRequest> request, String missing) {}
}
