package dev.junction.connector;

import dev.junction.spec.ValueRef;

/**
 * Turns a configured value into its text: a literal as written, {@code ${env:NAME}} from the
 * environment, {@code ${file:PATH}} from a file, or anything a store-backed resolver supports.
 * Implementations must be thread-safe and must never put the value into an exception message.
 */
@FunctionalInterface
public interface SecretResolver {
    /**
     * @return the value, never null
     * @throws ConnectorException when the value cannot be found; the message names the variable or
     *     file (the caller adds the connection and field)
     */
    String resolve(ValueRef ref);
}
