package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One health check of a connection, as kept in its history.
 *
 * @param id the store's id, increasing; 0 before it is stored
 * @param connection the connection's name
 * @param tenant the connection's tenant ({@code default} for an operator's connection)
 * @param checkedAt when it ran
 * @param status {@code ok}, {@code failing} or {@code needs_reauth}
 * @param httpStatus the API's answer; null when there was none (network failure, or nothing was sent)
 * @param durationMillis how long it took
 * @param error why it was not ok (redacted, as in the exchange log); null when ok
 * @param trigger who asked: {@code api}, {@code cli} or {@code schedule}
 */
public record ConnectionCheck(long id, String connection, String tenant, Instant checkedAt, String status, Integer httpStatus, long durationMillis,
        String error, String trigger) {
    public ConnectionCheck {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(status, "status");
    }
}
