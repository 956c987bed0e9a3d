package dev.junction.http;

import dev.junction.http.internal.SessionTokenState;
import dev.junction.spec.AuthSpec;
import dev.junction.store.CredentialRepository;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hands out one session per session-login connection, so every pipeline, run and thread of the same
 * connection sends the same token and one login replaces it for all of them (an API may limit
 * logins, or end the previous session at each one). A connection here is a credential tenant, a
 * connection name and its rendered login settings: another tenant, or a changed password, gets a
 * session of its own. Sessions are kept in the store given with each connection (encrypted), so
 * later processes reuse them; processes sharing a store take turns logging in through the store's
 * claim ({@link CredentialRepository#claimRefresh}). Keep one instance per process (it lives in
 * {@link PipelineOptions}, like {@link OAuthTokens}). Thread-safe.
 */
public final class SessionTokens {
    private record Key(String tenant, String connection, String settings) {}

    private final ConcurrentMap<Key, SessionTokenState> states = new ConcurrentHashMap<>();

    /** The shared session of {@code connection} for {@code tenant}, kept in {@code store}. */
    SessionTokenState forConnection(String tenant, String connection, AuthSpec.Session spec, CredentialRepository store, Clock clock,
            Sleeper sleeper) {
        Objects.requireNonNull(spec, "spec");
        Key key = new Key(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(connection, "connection"),
                SessionTokenState.settingsFingerprint(spec));
        return states.computeIfAbsent(key, k -> new SessionTokenState(spec, store, tenant, connection, clock, sleeper));
    }
}
