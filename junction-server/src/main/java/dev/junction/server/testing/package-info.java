/**
 * Checks a running server's routes from the outside, as the router lists them: {@link
 * dev.junction.server.testing.GuardChecker} (each guard refuses what it should) and {@link
 * dev.junction.server.testing.RouteCoverage} (each route is in the OpenAPI document). They depend on
 * nothing but the JDK's HTTP client, so any module's tests can run them over the full server.
 */
package dev.junction.server.testing;
