package dev.junction.server;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: an API token's id (never the token itself), its role and, for a tenant-scoped token,
 * its one tenant. A token without a tenant is an operator token: it sees every tenant.
 */
public record Principal(String tokenId, Role role, String tenant) {
    public Principal {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(role, "role");
        if (tenant != null && tenant.isBlank()) {
            throw new IllegalArgumentException("a principal's tenant is either absent or non-blank, was '" + tenant + "'");
        }
    }

    public static Principal operator(String tokenId, Role role) {
        return new Principal(tokenId, role, null);
    }

    public static Principal ofTenant(String tokenId, Role role, String tenant) {
        return new Principal(tokenId, role, Objects.requireNonNull(tenant, "tenant"));
    }

    public Optional<String> tenantScope() {
        return Optional.ofNullable(tenant);
    }

    public boolean isTenantScoped() {
        return tenant != null;
    }
}
