package dev.junction.engine;

import java.util.Objects;

/**
 * Who makes a call, once authenticated: an API token, or a person running a local command against
 * the store (who may do everything, as they could open the store themselves).
 *
 * @param id the token's id ({@code tok_...}), or {@code local:<os user>}; the audit log's actor
 * @param role what the caller may do
 * @param tenant the one tenant the caller is limited to; null for every tenant
 */
public record Principal(String id, Role role, String tenant) {
    private static final String LOCAL = "local:";

    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
    }

    /** A local command run by the operating-system user {@code osUser}: an admin of every tenant. */
    public static Principal local(String osUser) {
        return new Principal(LOCAL + (osUser == null || osUser.isBlank() ? "unknown" : osUser), Role.ADMIN, null);
    }

    /** Whether this is a local command's caller rather than an API token. */
    public boolean isLocal() {
        return id.startsWith(LOCAL);
    }

    /** Whether the caller's role includes {@code needed}. */
    public boolean allows(Role needed) {
        return role.allows(needed);
    }
}
