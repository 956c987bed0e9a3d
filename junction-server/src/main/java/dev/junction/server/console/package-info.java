/**
 * The web console: server-rendered pages under {@code /console} (jte templates compiled at build time,
 * htmx from its webjar, no JavaScript build step), readable with JavaScript off. It is a thin adapter
 * like the REST API: its routes are declared in {@link dev.junction.server.ApiModule}s with the same
 * {@link dev.junction.server.Guard}s and scopes as the API routes over the same objects, its handlers
 * call the engine and hand plain view records to the templates, and a session made from an API token
 * ({@link dev.junction.server.console.SessionStore}) stands for that token. With {@code console.oidc}
 * configured, a person may also sign in through an OpenID Connect provider
 * ({@link dev.junction.server.console.ConsoleSso}); their session carries the role and tenant their ID
 * token maps to.
 */
package dev.junction.server.console;
