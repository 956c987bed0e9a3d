/**
 * The web console: server-rendered pages under {@code /console} (jte templates compiled at build time,
 * htmx from its webjar, no JavaScript build step), readable with JavaScript off. It is a thin adapter
 * like the REST API: its routes are declared in {@link dev.junction.server.ApiModule}s with the same
 * {@link dev.junction.server.Guard}s and scopes as the API routes over the same objects, its handlers
 * call the engine and hand plain view records to the templates, and a session made from an API token
 * ({@link dev.junction.server.console.SessionStore}) stands for that token.
 */
package dev.junction.server.console;
