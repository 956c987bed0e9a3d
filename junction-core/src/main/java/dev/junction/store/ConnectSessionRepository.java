package dev.junction.store;

import java.time.Instant;
import java.util.Optional;

/** Connect sessions, found by the hash of their URL token or of their OAuth state. Thread-safe. */
public interface ConnectSessionRepository {
    void insert(ConnectSession session);

    Optional<ConnectSession> findById(String idHash);

    Optional<ConnectSession> findByState(String stateHash);

    /**
     * Moves a session from {@code from} to {@code to}, setting the fields given (null leaves one as it
     * is), only if it is still at {@code from}: the compare-and-set that makes each step happen once.
     *
     * @return whether it moved
     */
    boolean advance(String idHash, ConnectSession.Status from, ConnectSession.Status to, String browserHash, String stateHash, String config,
            String detail, Instant at);

    /** Binds an open session to a browser, the first time its page is shown; false when it is bound already (to any browser). */
    boolean bindBrowser(String idHash, String browserHash, Instant at);

    /** Removes sessions that expired before {@code before}. @return how many */
    int purgeExpired(Instant before);
}
