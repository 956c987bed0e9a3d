package dev.junction.http;

import dev.junction.http.internal.OAuth2TokenProvider;
import dev.junction.http.internal.OAuth2TokenState;
import dev.junction.spec.AuthSpec;
import dev.junction.store.CredentialRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hands out one set of OAuth 2.0 tokens per connection, so every pipeline, run and thread of the
 * same connection uses the same access token and one token request replaces it for all of them (an
 * API that rotates refresh tokens accepts each one once). A connection here is a credential tenant,
 * a connection name and its configured auth settings: another tenant, or a changed client secret,
 * password, key or token URL, gets tokens of its own. Keep one instance per process (it lives in
 * {@link PipelineOptions}, like {@link RateLimiters}). Processes sharing a store take turns through
 * the store's refresh claim ({@link CredentialRepository#claimRefresh}). Thread-safe.
 */
public final class OAuthTokens {
    /**
     * Told when a connection's credentials are refused for good (a refresh answered
     * {@code invalid_grant}, no refresh token left, or the API refusing a new access token) and
     * when it has usable ones again. {@link #needsReauth} is called once per transition across
     * every process sharing the store: by the process that recorded it there.
     */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** The connection needs new credentials; {@code reason} is redacted. */
        default void needsReauth(String tenant, String connection, String reason, Instant at) {}

        /**
         * This process found the connection marked by an earlier transition (in this or another process,
         * perhaps before a restart); nothing changed, so nothing is announced.
         */
        default void stillNeedsReauth(String tenant, String connection, String reason, Instant since) {}

        /** A connection this process saw needing new credentials has usable tokens again (reconnected, or reset). */
        default void reauthorized(String tenant, String connection) {}
    }

    private record Key(String tenant, String connection, String settings) {}

    private final ConcurrentMap<Key, OAuth2TokenState> states = new ConcurrentHashMap<>();
    private final Listener listener;

    public OAuthTokens() {
        this(Listener.NONE);
    }

    public OAuthTokens(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The store entry of tokens obtained outside the pipeline (a connect flow's code exchange) for a
     * connection whose rendered auth settings are {@code spec}: saved with
     * {@link CredentialRepository#save}, its pipelines use them (and refresh them) from then on, and
     * a {@code needs_reauth} mark is gone.
     *
     * @param expiresAt when the access token expires; null when unknown
     */
    public static dev.junction.store.StoredCredential credential(String tenant, String connection, AuthSpec.OAuth2 spec, String accessToken,
            String refreshToken, Instant expiresAt, Instant now) {
        return OAuth2TokenProvider.newState(spec, CredentialRepository.inMemory(), tenant, connection, Clock.fixed(now, java.time.ZoneOffset.UTC))
                .entry(accessToken, refreshToken, expiresAt);
    }

    /** The shared tokens of {@code connection} for {@code tenant}, kept in {@code store}. */
    OAuth2TokenState forConnection(String tenant, String connection, AuthSpec.OAuth2 spec, CredentialRepository store, Clock clock, Sleeper sleeper) {
        Objects.requireNonNull(spec, "spec");
        Key key = new Key(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(connection, "connection"),
                OAuth2TokenProvider.settingsFingerprint(spec));
        return states.computeIfAbsent(key, k -> OAuth2TokenProvider.newState(spec, store, tenant, connection, clock).with(listener, sleeper));
    }
}
