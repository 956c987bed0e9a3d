package dev.junction.server.internal;

import dev.junction.server.ApiProblem;
import dev.junction.server.Authenticator;
import dev.junction.server.Guard;
import dev.junction.engine.Principal;
import dev.junction.server.Route;
import dev.junction.server.Scope;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a {@link Guard.Token}, in this order (each answer reveals no more than the one before):
 * a valid bearer token (401), the role (403), what tenant tokens may do with the scope (403), then —
 * after the body is read — the tenant the request touches (404, the same answer as for nothing there).
 */
final class TokenGuard {
    private static final int MAX_TOKEN_LENGTH = 512;
    private final Authenticator authenticator;

    TokenGuard(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Whether the caller's role and the route's scope let them in: 403 otherwise. */
    void authorize(Route route, Guard.Token guard, Principal principal) {
        if (!principal.role().allows(guard.minimum())) {
            throw new ApiProblem.Forbidden("This route needs a token with the " + guard.minimum().wireName() + " role or higher; this token has "
                    + principal.role().wireName() + ".");
        }
        if (principal.isTenantScoped()) {
            switch (guard.scope()) {
                case Scope.Operator o -> throw new ApiProblem.Forbidden("This route is for operator tokens (tokens without a tenant); this token belongs to one tenant.");
                case Scope.Global g when route.mutating() -> throw new ApiProblem.Forbidden(
                        "Tenant tokens may read shared resources (connectors, syncs) but not change them; use an operator token.");
                default -> { }
            }
        }
    }

    /** The tenant the request is confined to; 404 when a tenant token reaches for another tenant. */
    Optional<String> confine(Context ctx, Scope scope, Principal principal, Object body) {
        return switch (scope) {
            case Scope.Global g -> Optional.empty();
            case Scope.Operator o -> Optional.empty();
            case Scope.TenantRequested r -> {
                String requested = requested(ctx, r, body);
                if (!principal.isTenantScoped()) {
                    yield Optional.ofNullable(requested);
                }
                if (requested == null || requested.equals(principal.tenant())) {
                    yield Optional.of(principal.tenant());
                }
                throw ApiProblem.notVisible();
            }
            case Scope.TenantOfObject o -> {
                if (!principal.isTenantScoped()) {
                    yield Optional.empty();
                }
                Optional<String> owner = o.ownerOf().apply(ctx);
                if (owner != null && owner.isPresent() && owner.get().equals(principal.tenant())) {
                    yield owner;
                }
                throw ApiProblem.notVisible();
            }
        };
    }

    private static String requested(Context ctx, Scope.TenantRequested scope, Object body) {
        String value = switch (scope.source()) {
            case PATH -> ctx.pathParam(scope.parameter());
            case QUERY -> ctx.queryParam(scope.parameter());
            case BODY -> body == null ? null : scope.fromBody().apply(body);
        };
        return value == null || value.isBlank() ? null : value;
    }

    /** Who is calling: 401 without a valid bearer token. */
    Principal authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiProblem.Unauthorized("This route needs an API token: send 'Authorization: Bearer <token>'.", false);
        }
        String header = authorization.strip();
        if (header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new ApiProblem.Unauthorized("The Authorization header must be 'Bearer <token>'.", true);
        }
        String token = header.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new ApiProblem.Unauthorized("The API token is not valid: unknown, revoked or malformed.", true);
        }
        Optional<Principal> principal = authenticator.authenticate(token);
        if (principal == null || principal.isEmpty()) {
            throw new ApiProblem.Unauthorized("The API token is not valid: unknown, revoked or malformed.", true);
        }
        return principal.get();
    }
}
