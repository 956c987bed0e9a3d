package dev.junction.server;

import java.util.function.Consumer;

/**
 * Where an {@link ApiModule} declares its routes. Every route names its {@link Guard} up front; the
 * builder's {@link RouteBuilder#handle} adds it.
 */
public final class Routes {
    private final Consumer<Route> sink;

    public Routes(Consumer<Route> sink) {
        this.sink = sink;
    }

    public RouteBuilder get(String path, Guard guard) {
        return new RouteBuilder("GET", path, guard, sink);
    }

    public RouteBuilder post(String path, Guard guard) {
        return new RouteBuilder("POST", path, guard, sink);
    }

    public RouteBuilder put(String path, Guard guard) {
        return new RouteBuilder("PUT", path, guard, sink);
    }

    public RouteBuilder patch(String path, Guard guard) {
        return new RouteBuilder("PATCH", path, guard, sink);
    }

    public RouteBuilder delete(String path, Guard guard) {
        return new RouteBuilder("DELETE", path, guard, sink);
    }
}
