package dev.junction.store;

import dev.junction.JunctionException;

/** A store operation failed (database unreachable, constraint violated, migration failed). */
public class StoreException extends JunctionException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
