package dev.junction;

/**
 * The one unchecked base exception of Junction. Subclasses are named after the step that failed
 * (loading a spec, calling an API, writing to the store), and every message says where and what.
 */
public class JunctionException extends RuntimeException {
    public JunctionException(String message) {
        super(message);
    }

    public JunctionException(String message, Throwable cause) {
        super(message, cause);
    }
}
