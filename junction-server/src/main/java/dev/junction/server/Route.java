package dev.junction.server;

import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One declared route: method, path (Javalin syntax, {@code /api/v1/runs/{id}}), guard, the operation the
 * OpenAPI document shows, and the handler. Made by {@link RouteBuilder}; the server checks them all at
 * build time.
 */
public record Route(String method, String path, Guard guard, Operation operation, Handler handler) {
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    public Route {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(handler, "handler");
    }

    /** POST, PUT, PATCH and DELETE change something: viewers never may. */
    public boolean mutating() {
        return isMutating(method);
    }

    public static boolean isMutating(String method) {
        return MUTATING.contains(method.toUpperCase(Locale.ROOT));
    }

    /** {@code GET /api/v1/runs/{id}}, for messages. */
    public String label() {
        return method + " " + path;
    }
}
