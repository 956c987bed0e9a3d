/**
 * The engine: the one long-lived object graph a Junction process holds between core and its adapters
 * (the CLI and the server). It owns the applied definitions, one client, rate budget and token state
 * per connection, the runs in flight and their queue, and the lease keeper. Adapters parse input,
 * check access, call the engine and render; they never build clients or budgets of their own.
 */
package dev.junction.engine;
