package dev.junction.server;

import java.util.Locale;

/**
 * What an API token may do. Each role includes the ones below it: {@code admin ⊇ editor ⊇ viewer}.
 * A viewer reads; an editor also changes definitions, connections and runs; an admin also manages
 * tokens and tenants. (The engine's token service owns the real role type; this one mirrors it so the
 * server does not wait for it. Switching means mapping one enum onto the other in the
 * {@link Authenticator}.)
 */
public enum Role {
    VIEWER, EDITOR, ADMIN;

    /** True when this role may do everything {@code other} may. */
    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    /** The lower-case name used on the wire and in messages ({@code editor}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
