package dev.junction.http.internal;

import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The OAuth 2.0 tokens of one connection (tenant, connection name, configured credentials) in one
 * process: the access token in use, the refresh token, and the lock under which they are replaced.
 * Every {@link OAuth2TokenProvider} of that connection holds the same state, so however many
 * pipelines and runs see the token expire, one token request replaces it for all of them. The
 * state also reads and writes the connection's entry in the {@link CredentialRepository}: tokens
 * are saved there before use and read back after a restart, or when the token endpoint refuses a
 * refresh token another process may have rotated meanwhile. Thread-safe.
 */
public final class OAuth2TokenState {
    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String EXPIRES_AT = "expires_at";
    static final String SOURCE = "source";
    static final String SECRETS = "secrets";

    private final CredentialRepository store;
    private final String tenant;
    private final String connection;
    private final String source;
    private final String secrets;
    private final Duration refreshBefore;
    private final Clock clock;
    final ReentrantLock lock = new ReentrantLock();

    volatile Token current;
    String refreshToken; // guarded by lock
    boolean loaded; // guarded by lock

    /** An access token and when to stop using it (null: until the API rejects it). */
    record Token(String access, Instant expiresAt, Instant replaceAt) {
        boolean usableAt(Instant now) {
            return replaceAt == null || now.isBefore(replaceAt);
        }
    }

    /** What the store holds for the connection, if it was obtained with the configured credentials. */
    record Stored(Token token, String refreshToken) {}

    /**
     * @param source names the configured credentials (hashed); stored tokens of other credentials are ignored
     * @param secrets names the configured secrets (hashed); stored tokens of other secrets are ignored (entries
     *     saved before this was kept are not checked)
     * @param refreshBefore how long ahead of its expiry a token is replaced (at most half its lifetime)
     */
    public OAuth2TokenState(CredentialRepository store, String tenant, String connection, String source, String secrets, Duration refreshBefore,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.source = Objects.requireNonNull(source, "source");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Instant now() {
        return clock.instant();
    }

    /** A token obtained now that expires at {@code expiresAt} (null: unknown). */
    Token issued(String access, Instant now, Instant expiresAt) {
        return new Token(access, expiresAt, replaceAt(now, expiresAt));
    }

    /** {@code refreshBefore} ahead of expiry, but never more than half the token's lifetime ahead. */
    private Instant replaceAt(Instant now, Instant expiresAt) {
        if (expiresAt == null) {
            return null;
        }
        Duration lifetime = Duration.between(now, expiresAt);
        Duration margin = refreshBefore.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshBefore;
        return expiresAt.minus(margin);
    }

    /** The stored tokens, or null when there are none or they were obtained with other credentials. */
    Stored readStored() {
        StoredCredential stored = store.find(tenant, connection).orElse(null);
        if (stored == null || !source.equals(stored.value(SOURCE)) || stored.value(SECRETS) != null && !secrets.equals(stored.value(SECRETS))) {
            return null;
        }
        String access = stored.value(ACCESS_TOKEN);
        Token token = null;
        if (access != null) {
            Instant expiresAt = stored.value(EXPIRES_AT) == null ? null : Instant.parse(stored.value(EXPIRES_AT));
            token = new Token(access, expiresAt, replaceAt(stored.updatedAt(), expiresAt));
        }
        return new Stored(token, stored.value(REFRESH_TOKEN));
    }

    /** Saves the token and the current refresh token; returns when the store has them. */
    void save(Token token) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ACCESS_TOKEN, token.access());
        if (refreshToken != null) {
            values.put(REFRESH_TOKEN, refreshToken);
        }
        if (token.expiresAt() != null) {
            values.put(EXPIRES_AT, token.expiresAt().toString());
        }
        values.put(SOURCE, source);
        values.put(SECRETS, secrets);
        store.save(new StoredCredential(tenant, connection, values, clock.instant()));
    }

    @Override
    public String toString() {
        return "OAuth2TokenState[" + tenant + "/" + connection + "]";
    }
}
