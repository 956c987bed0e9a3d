package dev.junction.engine;

import dev.junction.JunctionException;

/**
 * What the engine refuses, typed by why, so each adapter answers in its own terms: the CLI with an
 * exit code, the server with an HTTP status. The message always says what was wrong and what to do.
 */
public class EngineException extends JunctionException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The named object (sync, run, dead letter, connection, ...) does not exist. */
    public static final class NotFound extends EngineException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The request itself is wrong: an argument that does not fit the object it names. */
    public static final class Invalid extends EngineException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** The object is in a state that does not allow it (already finished, held by a running run, changed meanwhile). */
    public static final class Conflict extends EngineException {
        public Conflict(String message) {
            super(message);
        }
    }
}
