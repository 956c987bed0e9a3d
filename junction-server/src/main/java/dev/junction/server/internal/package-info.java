/** The server's implementation: guard enforcement, body reading, problem mapping, the OpenAPI writer, Javalin setup. */
package dev.junction.server.internal;
