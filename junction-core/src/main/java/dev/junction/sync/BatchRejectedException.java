package dev.junction.sync;

import dev.junction.JunctionException;

/** The destination refused a whole write call permanently (e.g. HTTP 400); the message says why. */
public class BatchRejectedException extends JunctionException {
    public BatchRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
