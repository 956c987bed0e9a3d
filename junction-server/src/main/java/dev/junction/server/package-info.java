/**
 * The Junction REST server: a thin adapter over the engine.
 *
 * <p>Route groups implement {@link dev.junction.server.ApiModule} and declare each route with its
 * {@link dev.junction.server.Guard} through {@link dev.junction.server.Routes}. The server checks the
 * guard before the handler, in one place; handlers read the caller, tenant and body from
 * {@link dev.junction.server.ApiRequest} and throw {@link dev.junction.server.ApiProblem}s, which one
 * mapper turns into RFC 9457 problem details. The OpenAPI 3.1 document at {@code /api/v1/openapi.json}
 * is written from the same declarations. {@link dev.junction.server.ServerConfigLoader} reads the
 * config file and {@code JUNCTION_*} variables.
 */
package dev.junction.server;
