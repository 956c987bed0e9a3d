package dev.junction.server;

import java.util.Optional;

/**
 * A route the HTTP router actually serves, whether or not it was declared through an {@link ApiModule}
 * (a route added to Javalin directly has no declaration, hence no guard: the server refuses it and
 * {@code GuardChecker} reports it).
 */
public record ServedRoute(String method, String path, Route declared) {
    public Optional<Route> declaration() {
        return Optional.ofNullable(declared);
    }

    public String label() {
        return method + " " + path;
    }
}
