package dev.junction.http.internal;

import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.Sleeper;
import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A connection's entry in the credential store as one process uses it: read, replaced, removed, and
 * the store's claim on it ({@link CredentialRepository#claimRefresh}), taken before a token request or
 * a session login and released once what it got is saved, so processes sharing the store do not all
 * ask at once; the others wait and use what the holder saved. The claim is a lease, not a lock: a
 * holder that died frees it after {@link #TTL}. Each instance is one holder.
 */
final class CredentialEntry {
    /** How long a claim holds without being released: longer than any token request or login takes. */
    static final Duration TTL = Duration.ofSeconds(60);
    /** How often a process waiting for another's claim looks at the store. */
    static final Duration POLL = Duration.ofMillis(100);

    private final CredentialRepository store;
    private final String tenant;
    private final String connection;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String activity;
    private final String holder = UUID.randomUUID().toString();

    /**
     * @param activity what the holder does, for messages: "getting a new access token", "logging in"
     */
    CredentialEntry(CredentialRepository store, String tenant, String connection, Clock clock, Sleeper sleeper, String activity) {
        this.store = Objects.requireNonNull(store, "store");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.activity = Objects.requireNonNull(activity, "activity");
    }

    /** The entry, or null. */
    StoredCredential find() {
        return store.find(tenant, connection).orElse(null);
    }

    /** Replaces the entry with {@code values}, obtained now; returns when the store has them. */
    void save(Map<String, String> values) {
        store.save(new StoredCredential(tenant, connection, values, clock.instant()));
    }

    /** Removes the entry, if any. */
    void delete() {
        store.delete(tenant, connection);
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Takes the claim, so that no other process sharing the store asks meanwhile. While another holds
     * it, waits and asks {@code meanwhile} between waits whether what that process saved will do.
     *
     * @param meanwhile a usable credential from the store, or null to keep waiting
     * @return null when the claim is taken (give it up with {@link #release}); otherwise what {@code meanwhile} found
     * @throws ApiException RETRYABLE when another process held the claim for longer than it may, or the wait was interrupted
     */
    String claim(Supplier<String> meanwhile) {
        long polls = TTL.toMillis() / POLL.toMillis() + 10;
        for (long i = 0; !store.claimRefresh(tenant, connection, holder, now(), now().plus(TTL)); i++) {
            if (i >= polls) {
                throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, 0, "token_refresh_busy", "connection '" + connection
                        + "': another process has been " + activity + " for more than " + TTL.toSeconds() + " s; try again later", null, true,
                        "token refresh of connection '" + connection + "'"));
            }
            try {
                sleeper.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(new ApiError(ApiError.Category.RETRYABLE, 0, "interrupted", "connection '" + connection
                        + "': interrupted while another process was " + activity, null, true, "token refresh"));
            }
            String found = meanwhile.get();
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Gives the claim up (after what was obtained is saved, or a failure). */
    void release() {
        store.releaseRefresh(tenant, connection, holder);
    }

    /** {@code tenant/connection}. */
    @Override
    public String toString() {
        return tenant + "/" + connection;
    }
}
