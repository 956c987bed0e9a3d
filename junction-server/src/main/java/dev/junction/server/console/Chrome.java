package dev.junction.server.console;

import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.ConsoleSessions;

/**
 * What the layout around every page shows: the page's title and section (for the navigation), who is
 * signed in (role and tenant, never the token) and the CSRF token the sign-out form carries. The role
 * ({@code null} when no one is signed in) decides which action buttons and admin links a page offers;
 * the routes check it again, so a hidden button is a courtesy, not the guard.
 */
public record Chrome(String title, String section, String who, String csrf, Role role, boolean operator) {
    /** The CSRF form field's name, for templates. */
    public static final String CSRF_FIELD = ConsoleSessions.CSRF_FIELD;

    public static Chrome of(String title, String section, Principal principal, String csrf) {
        String who = principal == null ? "" : principal.role().wireName() + (principal.isTenantScoped() ? " of tenant " + principal.tenant() : " (operator)");
        return new Chrome(title, section, who, csrf == null ? "" : csrf, principal == null ? null : principal.role(),
                principal != null && !principal.isTenantScoped());
    }

    public boolean signedIn() {
        return !who.isEmpty();
    }

    public String csrfField() {
        return CSRF_FIELD;
    }

    /** Whether the signed-in token may change things (editor or admin) and the page carries a CSRF token for its forms. */
    public boolean canEdit() {
        return role != null && role.allows(Role.EDITOR) && !csrf.isEmpty();
    }

    /** Whether the signed-in token is an operator's admin: the only one the admin pages (tokens, audit log, silences) serve. */
    public boolean admin() {
        return role == Role.ADMIN && operator && !csrf.isEmpty();
    }
}
