package dev.junction.server;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which objects a token-guarded route touches, and so what a tenant-scoped token may do there.
 *
 * <ul>
 *   <li>{@link #global()}: shared resources (connectors, syncs). Tenant tokens may read them, never
 *       change them (403).
 *   <li>{@link #operator()}: resources only operators see (tokens, the audit log, the tenant list).
 *       Tenant tokens are refused on every method (403).
 *   <li>Tenant-owned resources (connections, runs, state, dead letters, exchanges): the route names the
 *       tenant it touches, from the path, the query, the body or the object itself. A tenant token may
 *       only touch its own tenant: anything else answers 404 with nothing of the other tenant's object
 *       in the body — the same answer as for an object that does not exist.
 * </ul>
 */
public sealed interface Scope {
    static Scope global() {
        return new Global();
    }

    static Scope operator() {
        return new Operator();
    }

    /** The tenant is the path parameter {@code name}, as in {@code /api/v1/tenants/{tenant}/connections}. */
    static Scope tenantFromPath(String name) {
        return new TenantRequested(Source.PATH, name, null, null);
    }

    /**
     * The tenant is the query parameter {@code name} (a list filter). Absent, a tenant token means its
     * own tenant and an operator token means every tenant.
     */
    static Scope tenantFromQuery(String name) {
        return new TenantRequested(Source.QUERY, name, null, null);
    }

    /**
     * The tenant is a field of the route's JSON body (declared with {@link RouteBuilder#body}); null, a
     * tenant token means its own tenant and an operator token means no tenant.
     */
    static <B> Scope tenantFromBody(Class<B> bodyType, Function<? super B, String> tenantOf) {
        Objects.requireNonNull(tenantOf, "tenantOf");
        return new TenantRequested(Source.BODY, null, bodyType, body -> tenantOf.apply(bodyType.cast(body)));
    }

    /**
     * The tenant is the owner of the object the request names, as the engine knows it. {@code ownerOf}
     * answers empty when the object does not exist or belongs to no tenant; a tenant token then gets 404.
     * Example: {@code Scope.tenantOfObject(ctx -> runs.tenantOf(ctx.pathParam("id")))}.
     */
    static Scope tenantOfObject(Function<Context, Optional<String>> ownerOf) {
        return new TenantOfObject(Objects.requireNonNull(ownerOf, "ownerOf"));
    }

    /** Whether tenant tokens may use this scope's routes at all. */
    default boolean tenantOwned() {
        return this instanceof TenantRequested || this instanceof TenantOfObject;
    }

    record Global() implements Scope {}

    record Operator() implements Scope {}

    enum Source { PATH, QUERY, BODY }

    /**
     * The request names the tenant it wants: the path or query parameter {@code parameter}, or the body
     * of type {@code bodyType} through {@code fromBody}.
     */
    record TenantRequested(Source source, String parameter, Class<?> bodyType, Function<Object, String> fromBody) implements Scope {
        public TenantRequested {
            Objects.requireNonNull(source, "source");
            if (source == Source.BODY ? bodyType == null || fromBody == null : parameter == null) {
                throw new IllegalArgumentException("a tenant from the " + source.name().toLowerCase(Locale.ROOT) + " needs its "
                        + (source == Source.BODY ? "body type and accessor" : "parameter name"));
            }
        }
    }

    record TenantOfObject(Function<Context, Optional<String>> ownerOf) implements Scope {}
}
