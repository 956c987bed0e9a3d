package dev.junction.server;

import java.util.Objects;

/**
 * The state of one thing the server needs to serve (the store, its migrations). {@code detail} is shown
 * on {@code /health/ready}: say what is wrong, never a URL with credentials.
 */
public record Readiness(String component, boolean ready, String detail) {
    public Readiness {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(detail, "detail");
    }

    public static Readiness up(String component) {
        return new Readiness(component, true, "ok");
    }

    public static Readiness down(String component, String detail) {
        return new Readiness(component, false, detail);
    }
}
