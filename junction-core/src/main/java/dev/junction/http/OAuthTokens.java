package dev.junction.http;

import dev.junction.http.internal.OAuth2TokenProvider;
import dev.junction.http.internal.OAuth2TokenState;
import dev.junction.spec.AuthSpec;
import dev.junction.store.CredentialRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hands out one set of OAuth 2.0 tokens per connection, so every pipeline, run and thread of the
 * same connection uses the same access token and one token request replaces it for all of them (an
 * API that rotates refresh tokens accepts each one once). A connection here is a credential tenant,
 * a connection name and its configured auth settings: another tenant, or a changed client secret,
 * password, key or token URL, gets tokens of its own. Keep one instance per process (it lives in
 * {@link PipelineOptions}, like {@link RateLimiters}). Thread-safe.
 */
public final class OAuthTokens {
    private record Key(String tenant, String connection, String settings) {}

    private final ConcurrentMap<Key, OAuth2TokenState> states = new ConcurrentHashMap<>();

    /** The shared tokens of {@code connection} for {@code tenant}, kept in {@code store}. */
    OAuth2TokenState forConnection(String tenant, String connection, AuthSpec.OAuth2 spec, CredentialRepository store, Clock clock) {
        Objects.requireNonNull(spec, "spec");
        Key key = new Key(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(connection, "connection"),
                OAuth2TokenProvider.settingsFingerprint(spec));
        return states.computeIfAbsent(key, k -> OAuth2TokenProvider.newState(spec, store, tenant, connection, clock));
    }
}
