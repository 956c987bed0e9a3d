package dev.junction.server.console;

import dev.junction.engine.Principal;
import dev.junction.server.ConsoleSessions;

/**
 * What the layout around every page shows: the page's title and section (for the navigation), who is
 * signed in (role and tenant, never the token) and the CSRF token the sign-out form carries.
 */
public record Chrome(String title, String section, String who, String csrf) {
    /** The CSRF form field's name, for templates. */
    public static final String CSRF_FIELD = ConsoleSessions.CSRF_FIELD;

    public static Chrome of(String title, String section, Principal principal, String csrf) {
        String who = principal == null ? "" : principal.role().wireName() + (principal.isTenantScoped() ? " of tenant " + principal.tenant() : " (operator)");
        return new Chrome(title, section, who, csrf == null ? "" : csrf);
    }

    public boolean signedIn() {
        return !who.isEmpty();
    }

    public String csrfField() {
        return CSRF_FIELD;
    }
}
