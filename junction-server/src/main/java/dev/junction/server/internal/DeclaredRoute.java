package dev.junction.server.internal;

import dev.junction.server.Route;
import io.javalin.router.EndpointMetadata;

/** Javalin endpoint metadata that carries a route's declaration (guard included) into the router. */
public record DeclaredRoute(Route route) implements EndpointMetadata {}
