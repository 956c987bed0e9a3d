package dev.junction.server;

import dev.junction.engine.Principal;
import java.util.Optional;

/**
 * The web console's sessions, as the guard sees them: on a {@code /console/...} route a request without
 * an {@code Authorization} header may name a session in the {@link #COOKIE} cookie instead of sending a
 * token; the session stands for the token it was made from (its role and tenant, revoked with it). A
 * mutating request through a session must carry the session's CSRF token in the form field
 * {@link #CSRF_FIELD} (or the {@link #CSRF_HEADER} header), or it is refused with 403.
 */
public interface ConsoleSessions {
    /** The session cookie's name (HttpOnly, SameSite=Strict; Secure when the client came over https). */
    String COOKIE = "junction_console";
    /** The form field every console form carries its CSRF token in. */
    String CSRF_FIELD = "_csrf";
    /** The header a script may send the CSRF token in instead (htmx's {@code hx-headers}). */
    String CSRF_HEADER = "X-CSRF-Token";
    /** The path prefix under which a session cookie authenticates. */
    String PREFIX = "/console";

    /** The principal of a live session; empty when the session is unknown, expired, or its token revoked. */
    Optional<Principal> principal(String sessionId);

    /** Whether {@code csrfToken} is the one of this session (compared in constant time). */
    boolean csrfMatches(String sessionId, String csrfToken);

    /** The CSRF token a request sent: the {@link #CSRF_HEADER} header, else the form field {@link #CSRF_FIELD}; null for none. */
    static String submittedCsrf(io.javalin.http.Context ctx) {
        String header = ctx.header(CSRF_HEADER);
        if (header != null) {
            return header;
        }
        String type = ctx.contentType();
        boolean form = type != null && (type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data"));
        return form ? ctx.formParam(CSRF_FIELD) : null;
    }

    /** No console: a session cookie authenticates nothing. */
    static ConsoleSessions none() {
        return new ConsoleSessions() {
            @Override
            public Optional<Principal> principal(String sessionId) {
                return Optional.empty();
            }

            @Override
            public boolean csrfMatches(String sessionId, String csrfToken) {
                return false;
            }
        };
    }
}
