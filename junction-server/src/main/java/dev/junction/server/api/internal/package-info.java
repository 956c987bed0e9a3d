/** What the API modules share: definitions' bodies and problems, HTTP preconditions over versions, spec views without secrets. */
package dev.junction.server.api.internal;
