package dev.junction.store;

import java.time.Instant;
import java.util.List;

/**
 * A connect session: a tenant's end user connecting an account of {@code connector} as connection
 * {@code connection}, then sent back to {@code returnUrl}. Only hashes of its secrets are kept: of
 * the token in its URL ({@code idHash}), of its OAuth {@code state}, of the browser cookie it is
 * bound to. {@code config} holds the non-secret values the user typed, as JSON.
 */
public record ConnectSession(String idHash, String tenant, String connector, String connection, String returnUrl, List<String> scopes,
        String createdBy, Status status, String browserHash, String stateHash, String config, String detail, Instant createdAt,
        Instant expiresAt, Instant updatedAt) {
    /** Where a session is: each step is taken once. */
    public enum Status {
        /** Made; the connect page may be shown and submitted. */
        OPEN,
        /** The user was sent to the provider; the callback is awaited. */
        AUTHORIZING,
        /** The connection was made or updated. */
        CONNECTED,
        /** It ended without a connection ({@code detail} says why). */
        FAILED
    }

    public ConnectSession {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** Whether it can no longer be used at {@code now}. */
    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
