/**
 * The REST API's resources over the engine, one {@link dev.junction.server.ApiModule} each: definitions
 * ({@link dev.junction.server.api.DefinitionsApi}), connectors, syncs, connections, tenants, tokens and the
 * audit log; runs, dead letters, exchanges, sync state, schemas and mappings. Handlers parse, call one
 * engine service, render; access, bodies, errors and the audit log are the frame's. Lists of runs,
 * dead letters and exchanges are newest first in cursor pages ({@code {items, next}} and a
 * {@code Link: rel="next"} header). Who may touch what is written down in docs/server.md.
 */
package dev.junction.server.api;
