package dev.junction.sandbox.internal;

/** Thrown after the connection was closed on purpose, to stop all further request handling. */
final class ConnectionAborted extends RuntimeException {
    ConnectionAborted() {
        super("connection aborted by fault injection", null, false, false);
    }
}
