package dev.junction.server;

/**
 * A group of routes over one resource (e.g. {@code RunsApi}), plugged into the server at build time.
 * Keep handlers thin: parse, call one engine method, render. Access is checked before the handler by
 * the route's declared {@link Guard}; errors are thrown as {@link ApiProblem}s.
 */
@FunctionalInterface
public interface ApiModule {
    void register(Routes routes);
}
