package dev.junction.server;

/**
 * Where the server records every mutating call (POST, PUT, PATCH, DELETE) whose caller it could
 * authenticate: once per call, after it was answered, refusals (4xx) and failures (5xx) included.
 * The engine's audit log implements it ({@link EngineApi}). A failure to record is logged; it does
 * not change the answer, which the caller may already rely on.
 */
@FunctionalInterface
public interface Auditor {
    void record(AuditEvent event);

    /** Records nothing: a server without an audit log (tests of the frame). */
    static Auditor none() {
        return event -> { };
    }
}
