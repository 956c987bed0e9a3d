package dev.junction.connector;

/**
 * A secret reference was refused rather than not found: a tenant's connection naming
 * {@code ${env:}} or {@code ${file:}}, a variable or file outside the operator's
 * {@link SecretScope}, a file that is not a regular one or too large. Never treated as an optional
 * value that is merely missing: the definition must change.
 */
public final class SecretRefusedException extends ConnectorException {
    public SecretRefusedException(String message) {
        super(message);
    }
}
