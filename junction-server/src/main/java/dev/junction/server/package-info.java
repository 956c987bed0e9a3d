/**
 * The Junction REST server: a thin adapter over the engine.
 *
 * <p>Route groups implement {@link dev.junction.server.ApiModule} and declare each route with its
 * {@link dev.junction.server.Guard} through {@link dev.junction.server.Routes}. The server checks the
 * guard before the handler, in one place; handlers read the caller, tenant and body from
 * {@link dev.junction.server.ApiRequest} and throw {@link dev.junction.server.ApiProblem}s, which one
 * mapper turns into RFC 9457 problem details. A route takes a JSON body ({@link dev.junction.server.RouteBuilder#body})
 * and/or text such as YAML ({@link dev.junction.server.RouteBuilder#textBody}). Every authenticated
 * {@code POST}/{@code PUT}/{@code PATCH}/{@code DELETE} is handed to the {@link dev.junction.server.Auditor}
 * once, after its answer. The OpenAPI 3.1 document at {@code /api/v1/openapi.json}
 * is written from the same declarations. {@link dev.junction.server.ServerConfigLoader} reads the
 * config file and {@code JUNCTION_*} variables. The engine's resources are in {@code dev.junction.server.api},
 * one module each, listed by {@link dev.junction.server.EngineApi}.
 */
package dev.junction.server;
