package dev.junction.http.internal;

import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.OAuthTokens;
import dev.junction.http.Sleeper;
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
 * are saved there before use and read back after a restart, or when another process sharing the
 * store may have replaced them.
 *
 * <p>Across processes: a token request is made only while holding the store's refresh claim
 * ({@link #claim}); a process that finds it held waits, reading the store between waits, and uses
 * the tokens the holder saved. When the credentials are refused for good the entry says so
 * ({@code needs_reauth}, with the reason) instead of holding tokens: every process then fails fast
 * without calling the API until new tokens are stored, the entry is deleted (reset), or the
 * configured credentials change (their fingerprints no longer match the entry). Thread-safe.
 */
public final class OAuth2TokenState {
    static final String ACCESS_TOKEN = "access_token";
    static final String REFRESH_TOKEN = "refresh_token";
    static final String EXPIRES_AT = "expires_at";
    static final String SOURCE = "source";
    static final String SECRETS = "secrets";
    static final String NEEDS_REAUTH = "needs_reauth";
    static final String NEEDS_REAUTH_AT = "needs_reauth_at";

    private final CredentialRepository store;
    private final String tenant;
    private final String connection;
    private final String source;
    private final String secrets;
    private final Duration refreshBefore;
    private final Clock clock;
    private final OAuthTokens.Listener listener;
    private final Sleeper sleeper;
    private final CredentialEntry entry; // its claim only: the entry itself is read and written here
    final ReentrantLock lock = new ReentrantLock();

    volatile Token current;
    String refreshToken; // guarded by lock
    boolean loaded; // guarded by lock
    private boolean reauthSeen; // guarded by lock

    /** An access token and when to stop using it (null: until the API rejects it). */
    record Token(String access, Instant expiresAt, Instant replaceAt) {
        boolean usableAt(Instant now) {
            return replaceAt == null || now.isBefore(replaceAt);
        }
    }

    /**
     * What the store holds for the connection, if it was obtained with the configured credentials:
     * tokens, or why the connection needs new credentials ({@code needsReauth} non-null, no tokens).
     */
    record Stored(Token token, String refreshToken, String needsReauth, Instant needsReauthAt) {}

    /**
     * @param source names the configured credentials (hashed); stored tokens of other credentials are ignored
     * @param secrets names the configured secrets (hashed); stored tokens of other secrets are ignored (entries
     *     saved before this was kept are not checked)
     * @param refreshBefore how long ahead of its expiry a token is replaced (at most half its lifetime)
     */
    public OAuth2TokenState(CredentialRepository store, String tenant, String connection, String source, String secrets, Duration refreshBefore,
            Clock clock) {
        this(store, tenant, connection, source, secrets, refreshBefore, clock, OAuthTokens.Listener.NONE, Sleeper.system());
    }

    private OAuth2TokenState(CredentialRepository store, String tenant, String connection, String source, String secrets, Duration refreshBefore,
            Clock clock, OAuthTokens.Listener listener, Sleeper sleeper) {
        this.store = Objects.requireNonNull(store, "store");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.source = Objects.requireNonNull(source, "source");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.entry = new CredentialEntry(store, tenant, connection, clock, sleeper, "getting a new access token");
    }

    /** The same state, telling {@code to} of needs-reauth transitions and waiting for other processes with {@code waits}. */
    public OAuth2TokenState with(OAuthTokens.Listener to, Sleeper waits) {
        return new OAuth2TokenState(store, tenant, connection, source, secrets, refreshBefore, clock, to, waits);
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

    /** The stored entry, or null when there is none or it was obtained with other credentials. */
    Stored readStored() {
        StoredCredential stored = store.find(tenant, connection).orElse(null);
        if (stored == null || !source.equals(stored.value(SOURCE)) || stored.value(SECRETS) != null && !secrets.equals(stored.value(SECRETS))) {
            return null;
        }
        if (stored.value(NEEDS_REAUTH) != null) {
            String at = stored.value(NEEDS_REAUTH_AT);
            return new Stored(null, null, stored.value(NEEDS_REAUTH), at == null ? stored.updatedAt() : Instant.parse(at));
        }
        String access = stored.value(ACCESS_TOKEN);
        Token token = null;
        if (access != null) {
            Instant expiresAt = stored.value(EXPIRES_AT) == null ? null : Instant.parse(stored.value(EXPIRES_AT));
            token = new Token(access, expiresAt, replaceAt(stored.updatedAt(), expiresAt));
        }
        return new Stored(token, stored.value(REFRESH_TOKEN), null, null);
    }

    /**
     * Under the lock: the stored entry, failing fast when it says the connection needs new
     * credentials; tells the listener when a connection this process saw needing them has an entry
     * without that mark again.
     *
     * @throws ApiException AUTH {@code needs_reauth}, with the recorded reason
     */
    Stored readUsable() {
        Stored stored = readStored();
        if (stored != null && stored.needsReauth() != null) {
            if (!reauthSeen) {
                listener.stillNeedsReauth(tenant, connection, stored.needsReauth(), stored.needsReauthAt());
            }
            reauthSeen = true;
            current = null;
            refreshToken = null;
            throw needsReauth(stored.needsReauth(), stored.needsReauthAt());
        }
        if (reauthSeen) {
            reauthSeen = false;
            listener.reauthorized(tenant, connection);
        }
        return stored;
    }

    /**
     * Under the lock: takes the store's refresh claim, so that no other process sharing the store
     * makes a token request meanwhile. While another holds it, waits and asks {@code meanwhile}
     * between waits whether what that process saved will do.
     *
     * @param meanwhile a usable access token from the store, or null to keep waiting
     * @return null when the claim is taken (release it with {@link #release}); otherwise the token {@code meanwhile} found
     * @throws ApiException RETRYABLE when another process held the claim for longer than it may
     */
    String claim(java.util.function.Supplier<String> meanwhile) {
        return entry.claim(meanwhile);
    }

    /** Gives the refresh claim up (after the new tokens are saved, or a failure). */
    void release() {
        entry.release();
    }

    /** Saves the token and the current refresh token; returns when the store has them. */
    void save(Token token) {
        store.save(entry(token.access(), refreshToken, token.expiresAt()));
    }

    /** The store entry of these tokens for this connection's configured credentials, obtained now. */
    public StoredCredential entry(String accessToken, String refresh, Instant expiresAt) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ACCESS_TOKEN, Objects.requireNonNull(accessToken, "accessToken"));
        if (refresh != null) {
            values.put(REFRESH_TOKEN, refresh);
        }
        if (expiresAt != null) {
            values.put(EXPIRES_AT, expiresAt.toString());
        }
        values.put(SOURCE, source);
        values.put(SECRETS, secrets);
        return new StoredCredential(tenant, connection, values, clock.instant());
    }

    /**
     * Under the lock and the claim: records that the connection needs new credentials, in place of
     * its tokens, and tells the listener if the entry did not say so already (once per transition,
     * whichever process records it).
     *
     * @param refused the access token the API refused even when new, or null (a refused refresh):
     *     when the store holds another one by now (a reconnect), nothing is recorded
     * @return the fail-fast error to throw from now on
     */
    ApiException markNeedsReauth(String reason, String refused) {
        Stored stored = readStored();
        if (refused != null && stored != null && stored.token() != null && !stored.token().access().equals(refused)) {
            return null;
        }
        Instant at = now();
        boolean already = stored != null && stored.needsReauth() != null;
        if (!already) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put(NEEDS_REAUTH, reason);
            values.put(NEEDS_REAUTH_AT, at.toString());
            values.put(SOURCE, source);
            values.put(SECRETS, secrets);
            store.save(new StoredCredential(tenant, connection, values, at));
        }
        current = null;
        refreshToken = null;
        reauthSeen = true;
        if (!already) {
            listener.needsReauth(tenant, connection, reason, at);
        }
        return already ? needsReauth(stored.needsReauth(), stored.needsReauthAt()) : needsReauth(reason, at);
    }

    private ApiException needsReauth(String reason, Instant at) {
        return new ApiException(new ApiError(ApiError.Category.AUTH, 0, NEEDS_REAUTH, "connection '" + connection + "' needs to be authorized"
                + " again (since " + at + "): " + reason + "; reconnect it, apply it with new credentials, or clear the mark with: junction connections"
                + " reset " + connection, null, false, "connection '" + connection + "'"));
    }

    @Override
    public String toString() {
        return "OAuth2TokenState[" + tenant + "/" + connection + "]";
    }
}
