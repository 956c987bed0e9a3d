/**
 * The REST API's resources over the engine, one {@link dev.junction.server.ApiModule} each: runs,
 * dead letters, exchanges, sync state, schemas and mappings. Handlers stay thin — read the request,
 * call the engine, render a view record — and leave access to each route's guard and errors to the
 * server's one problem mapper. Lists are newest first in cursor pages ({@code {items, next}} and a
 * {@code Link: rel="next"} header).
 */
package dev.junction.server.api;
