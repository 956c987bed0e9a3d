package dev.junction.http.internal;

import dev.junction.http.Sleeper;
import dev.junction.spec.AuthSpec;
import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The session token of one connection (tenant, connection name, login settings) in one process: the
 * token in use and the lock under which it is replaced, shared by every {@link SessionTokenProvider}
 * of that connection (see {@code SessionTokens}), so however many pipelines and runs need a session,
 * one login serves them all. The state also reads and writes the connection's entry in the
 * {@link CredentialRepository} (encrypted at rest, like OAuth tokens): a token is saved there once a
 * login obtained it, and a later process, or another node on the same store, uses it instead of
 * logging in as long as it has not expired and was obtained with the same login settings (login URL,
 * method and body: a changed password does not reuse it). A token the API refused is removed from
 * the entry before a new login. Logins across processes take turns through the store's claim
 * ({@link CredentialEntry}), as OAuth token requests do. Thread-safe.
 */
public final class SessionTokenState {
    static final String SESSION_TOKEN = "session_token";
    static final String EXPIRES_AT = "expires_at";
    static final String SOURCE = "source";

    private final CredentialEntry entry;
    private final String source;
    final ReentrantLock lock = new ReentrantLock();

    volatile Token current;

    /**
     * A session token and when it expires (null: until the API refuses it).
     *
     * @param stored whether it was read from the store (another process logged in), rather than obtained by a login of this process
     */
    record Token(String value, Instant expiresAt, boolean stored) {
        boolean validAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }

        /** Hides the token. */
        @Override
        public String toString() {
            return "Token[expiresAt=" + expiresAt + ", stored=" + stored + "]";
        }
    }

    /**
     * @param spec the login settings, every template rendered: stored sessions of other settings are ignored
     * @param sleeper where a process waits while another holds the store's claim
     */
    public SessionTokenState(AuthSpec.Session spec, CredentialRepository store, String tenant, String connection, Clock clock, Sleeper sleeper) {
        this.entry = new CredentialEntry(store, tenant, connection, clock, sleeper, "logging in");
        this.source = CredentialFingerprints.session(Objects.requireNonNull(spec, "spec"));
    }

    /** Names every setting of {@code spec} (hashed), credentials included: pipelines share a session only when this is the same. */
    public static String settingsFingerprint(AuthSpec.Session spec) {
        return CredentialFingerprints.sessionSettings(spec);
    }

    Instant now() {
        return entry.now();
    }

    /** The stored session of these login settings, or null when there is none, it has expired or it is {@code refused}. */
    Token readUsable(String refused) {
        StoredCredential stored = entry.find();
        if (stored == null || !source.equals(stored.value(SOURCE)) || stored.value(SESSION_TOKEN) == null) {
            return null;
        }
        String expiresAt = stored.value(EXPIRES_AT);
        Token token = new Token(stored.value(SESSION_TOKEN), expiresAt == null ? null : Instant.parse(expiresAt), true);
        return token.validAt(now()) && !token.value().equals(refused) ? token : null;
    }

    /** Under the claim: removes the stored session when it is the {@code refused} token, so that no process uses it again. */
    void discard(String refused) {
        StoredCredential stored = entry.find();
        if (stored != null && refused.equals(stored.value(SESSION_TOKEN))) {
            entry.delete();
        }
    }

    /** Under the claim: saves the token a login obtained, replacing the entry; returns when the store has it. */
    void save(Token token) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SESSION_TOKEN, token.value());
        if (token.expiresAt() != null) {
            values.put(EXPIRES_AT, token.expiresAt().toString());
        }
        values.put(SOURCE, source);
        entry.save(values);
    }

    /**
     * Under the lock: takes the store's claim, so that no other process sharing the store logs in
     * meanwhile; while another holds it, waits and asks {@code meanwhile} whether the session it saved will do.
     *
     * @return null when the claim is taken (give it up with {@link #release}); otherwise the token {@code meanwhile} found
     */
    String claim(java.util.function.Supplier<String> meanwhile) {
        return entry.claim(meanwhile);
    }

    /** Gives the claim up (after the new session is saved, or a failed login). */
    void release() {
        entry.release();
    }

    @Override
    public String toString() {
        return "SessionTokenState[" + entry + "]";
    }
}
