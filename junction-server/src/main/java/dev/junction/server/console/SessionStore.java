package dev.junction.server.console;

import dev.junction.engine.ApiTokens;
import dev.junction.engine.Principal;
import dev.junction.server.ConsoleSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, in this process's memory: a session made from an API token keeps the token's
 * id, role and tenant — never its secret — and a CSRF token. Every request looks the token up again,
 * so revoking or expiring the token ends its sessions at once. A session made by single sign-on
 * ({@link ConsoleSso}) keeps the role and tenant its ID token mapped to, with the person as the id
 * ({@code sso:alice@example.com}); it has no token to look up. Either kind ends after
 * {@link #IDLE} without a request, {@link #MAX_AGE} after sign-in, or at sign-out; a restart ends them
 * all (sign in again), and on several nodes a session is known only to the node that made it (use
 * sticky sessions, or send the token).
 */
public final class SessionStore implements ConsoleSessions {
    /** A session unused this long ends. */
    public static final Duration IDLE = Duration.ofHours(1);
    /** No session outlives this, however busy. */
    public static final Duration MAX_AGE = Duration.ofHours(12);
    /** The most sessions kept at once; past it the least recently used one ends. */
    static final int MAX_SESSIONS = 10_000;

    /**
     * One signed-in browser.
     *
     * @param fromToken made from an API token (checked again on every request), rather than by single sign-on
     */
    public record Session(String id, Principal principal, String csrf, Instant createdAt, Instant lastSeen, boolean fromToken) {}

    private final ApiTokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public SessionStore(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A new session for the caller of a token that authenticated just now. */
    public Session create(Principal principal) {
        return create(principal, true);
    }

    /** A new session for a person whose single sign-on succeeded just now, with the role and tenant their ID token maps to. */
    public Session createSignedOn(Principal principal) {
        return create(principal, false);
    }

    private Session create(Principal principal, boolean fromToken) {
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparing(Session::lastSeen)).ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Instant now = clock.instant();
        Session session = new Session(randomToken(), principal, randomToken(), now, now, fromToken);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of this id, its last use now; empty when it is unknown, ended, or its token no longer valid. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean expired = now.isAfter(session.lastSeen().plus(IDLE)) || now.isAfter(session.createdAt().plus(MAX_AGE));
        boolean valid = !expired && (!session.fromToken() || tokens.find(session.principal().id()).map(t -> t.activeAt(now)).orElse(false));
        if (!valid) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(session.id(), session.principal(), session.csrf(), session.createdAt(), now, session.fromToken());
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    /** The CSRF token of a session, for the forms of its pages; empty when there is no such session. */
    public Optional<String> csrfOf(String id) {
        Session session = id == null ? null : sessions.get(id);
        return session == null ? Optional.empty() : Optional.of(session.csrf());
    }

    /** Ends a session (sign-out). */
    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    @Override
    public Optional<Principal> principal(String sessionId) {
        return find(sessionId).map(Session::principal);
    }

    @Override
    public boolean csrfMatches(String sessionId, String csrfToken) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        return session != null && csrfToken != null && equal(session.csrf(), csrfToken);
    }

    /** Constant-time comparison of two tokens. */
    static boolean equal(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** 256 random bits, URL-safe. */
    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
