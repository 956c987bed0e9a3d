package dev.junction.connector;

import dev.junction.JunctionException;

/**
 * A connection cannot be set up or used as configured: a missing environment variable, a template
 * variable without a value, a body expression that fails. The message names the connector or
 * connection and the field; it never contains a secret value. Problems with what an API answered
 * are {@link dev.junction.http.ApiException}s instead.
 */
public class ConnectorException extends JunctionException {
    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
