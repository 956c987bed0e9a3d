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
        if (tenant != null && tenant.isBlank()) {
            throw new IllegalArgumentException("a principal's tenant is either absent or non-blank, was '" + tenant + "'");
        }
    }

    /** A local command run by the operating-system user {@code osUser}: an admin of every tenant. */
    public static Principal local(String osUser) {
        return new Principal(LOCAL + (osUser == null || osUser.isBlank() ? "unknown" : osUser), Role.ADMIN, null);
    }

    /** Whether this is a local command's caller rather than an API token. */
    public boolean isLocal() {
        return id.startsWith(LOCAL);
    }

    /** A token of every tenant. */
    public static Principal operator(String id, Role role) {
        return new Principal(id, role, null);
    }

    /** A token limited to {@code tenant}. */
    public static Principal ofTenant(String id, Role role, String tenant) {
        return new Principal(id, role, Objects.requireNonNull(tenant, "tenant"));
    }

    /** Whether the caller is limited to one tenant. */
    public boolean isTenantScoped() {
        return tenant != null;
    }

    /** The one tenant the caller is limited to, if any. */
    public java.util.Optional<String> tenantScope() {
        return java.util.Optional.ofNullable(tenant);
    }

    /** Whether the caller's role includes {@code needed}. */
    public boolean allows(Role needed) {
        return role.allows(needed);
    }
}
