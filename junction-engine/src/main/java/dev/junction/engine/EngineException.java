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
    public static class Conflict extends EngineException {
        public Conflict(String message) {
            super(message);
        }
    }

    /**
     * The object is not at the version the caller read and said it expects (an HTTP {@code If-Match}
     * or {@code If-None-Match: *}): someone changed, created or deleted it meanwhile. A {@link Conflict},
     * so callers that do not tell the two apart still see one. {@link #currentVersion()} is 0 when the
     * object does not exist.
     */
    public static final class Stale extends Conflict {
        private final int currentVersion;

        public Stale(String message, int currentVersion) {
            super(message);
            this.currentVersion = currentVersion;
        }

        public int currentVersion() {
            return currentVersion;
        }
    }
}
