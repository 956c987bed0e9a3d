package dev.junction.server;

import dev.junction.engine.Role;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Single sign-on to the console through an OpenID Connect provider ({@code console.oidc} in the server
 * config): where the provider is (its issuer; everything else comes from its discovery document), the
 * client Junction is registered as, and how a signed-in person becomes a Junction role and tenant.
 * Off unless {@link #issuer} is set.
 *
 * @param issuer the provider's issuer URL ({@code https://login.example.com/realms/acme}); discovery reads
 *     {@code ISSUER/.well-known/openid-configuration}; null: single sign-on is off
 * @param name what the sign-in button says: "Sign in with NAME"; null: the issuer's host
 * @param clientId the client id Junction is registered with at the provider
 * @param clientSecret the client secret as configured: a secret reference ({@code ${env:NAME}},
 *     {@code ${file:PATH}}) or the value; resolved when a code is exchanged, never logged; null: a public
 *     client (PKCE only)
 * @param scopes the scopes asked for; {@code openid} is always among them
 * @param roleClaim the ID token claim whose values (a text or a list of texts) pick the role
 * @param roles claim value → role; a person whose values map to several roles gets the highest, to none
 *     is refused
 * @param tenantClaim the claim naming the one tenant the person is confined to; null: people sign in as
 *     operators (every tenant). When set, a person without it is refused.
 * @param allowedEmailDomains when not empty, only people with a verified email address in one of these
 *     domains may sign in
 * @param groupsClaim the claim {@link #requiredGroups} are looked up in
 * @param requiredGroups when not empty, only people in at least one of these groups may sign in
 */
public record OidcSettings(URI issuer, String name, String clientId, String clientSecret, List<String> scopes, String roleClaim, Map<String, Role> roles,
        String tenantClaim, List<String> allowedEmailDomains, String groupsClaim, List<String> requiredGroups) {
    /** Single sign-on off. */
    public static final OidcSettings OFF = new OidcSettings(null, null, null, null, List.of("openid", "email", "profile"), "groups", Map.of(), null,
            List.of(), "groups", List.of());

    public OidcSettings {
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "email", "profile") : List.copyOf(scopes);
        if (!scopes.contains("openid")) {
            scopes = java.util.stream.Stream.concat(java.util.stream.Stream.of("openid"), scopes.stream()).toList();
        }
        roleClaim = blankToNull(roleClaim) == null ? "groups" : roleClaim.strip();
        roles = roles == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        tenantClaim = blankToNull(tenantClaim);
        allowedEmailDomains = allowedEmailDomains == null ? List.of()
                : allowedEmailDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).map(d -> d.startsWith("@") ? d.substring(1) : d).toList();
        groupsClaim = blankToNull(groupsClaim) == null ? "groups" : groupsClaim.strip();
        requiredGroups = requiredGroups == null ? List.of() : List.copyOf(requiredGroups);
        name = blankToNull(name);
        clientId = blankToNull(clientId);
        clientSecret = blankToNull(clientSecret);
    }

    /** Whether single sign-on is on (an issuer is set). */
    public boolean enabled() {
        return issuer != null;
    }

    /** What the sign-in button names: {@link #name}, else the issuer's host. */
    public String displayName() {
        return name != null ? name : issuer == null ? "single sign-on" : issuer.getHost();
    }

    /**
     * These settings when they are complete: off, or an http(s) issuer (http only on a loopback host), a
     * client id and at least one role mapping.
     *
     * @throws IllegalArgumentException saying what is missing, by key
     */
    public OidcSettings checked() {
        if (issuer == null) {
            if (clientId != null || clientSecret != null || !roles.isEmpty()) {
                throw new IllegalArgumentException("console.oidc.issuer is missing: single sign-on needs the provider's issuer URL"
                        + " (like https://login.example.com/realms/acme) besides its client and roles");
            }
            return this;
        }
        String scheme = issuer.getScheme() == null ? "" : issuer.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = issuer.getHost() != null && List.of("localhost", "127.0.0.1", "[::1]").contains(issuer.getHost().toLowerCase(Locale.ROOT));
        if (issuer.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && loopback) || issuer.getRawQuery() != null
                || issuer.getRawFragment() != null) {
            throw new IllegalArgumentException("console.oidc.issuer must be an https URL without query or fragment (http only on localhost),"
                    + " like https://login.example.com/realms/acme, was '" + issuer + "'");
        }
        if (clientId == null) {
            throw new IllegalArgumentException("console.oidc.clientId is missing: the client id Junction is registered with at " + issuer);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("console.oidc.roles is empty: map at least one value of the '" + roleClaim
                    + "' claim to a role (viewer, editor or admin), like { junction-admins: admin }");
        }
        return this;
    }

    public OidcSettings withIssuer(URI value) {
        return new OidcSettings(value, name, clientId, clientSecret, scopes, roleClaim, roles, tenantClaim, allowedEmailDomains, groupsClaim, requiredGroups);
    }

    public OidcSettings withName(String value) {
        return new OidcSettings(issuer, value, clientId, clientSecret, scopes, roleClaim, roles, tenantClaim, allowedEmailDomains, groupsClaim, requiredGroups);
    }

    public OidcSettings withClient(String id, String secret) {
        return new OidcSettings(issuer, name, id, secret, scopes, roleClaim, roles, tenantClaim, allowedEmailDomains, groupsClaim, requiredGroups);
    }

    public OidcSettings withScopes(List<String> value) {
        return new OidcSettings(issuer, name, clientId, clientSecret, value, roleClaim, roles, tenantClaim, allowedEmailDomains, groupsClaim, requiredGroups);
    }

    public OidcSettings withRoles(String claim, Map<String, Role> value) {
        return new OidcSettings(issuer, name, clientId, clientSecret, scopes, claim, value, tenantClaim, allowedEmailDomains, groupsClaim, requiredGroups);
    }

    public OidcSettings withTenantClaim(String value) {
        return new OidcSettings(issuer, name, clientId, clientSecret, scopes, roleClaim, roles, value, allowedEmailDomains, groupsClaim, requiredGroups);
    }

    public OidcSettings withAllowedEmailDomains(List<String> value) {
        return new OidcSettings(issuer, name, clientId, clientSecret, scopes, roleClaim, roles, tenantClaim, value, groupsClaim, requiredGroups);
    }

    public OidcSettings withRequiredGroups(String claim, List<String> value) {
        return new OidcSettings(issuer, name, clientId, clientSecret, scopes, roleClaim, roles, tenantClaim, allowedEmailDomains, claim, value);
    }

    /**
     * {@code value=role} pairs separated by commas ({@code junction-admins=admin,junction-editors=editor}), as
     * {@code JUNCTION_CONSOLE_OIDC_ROLES} has them, or one a line (as the loader passes YAML's mapping, whose
     * values may hold commas); a value may itself hold {@code =} (the last one separates the role).
     */
    public static Map<String, Role> parseRoles(String text) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String item : text.split(text.contains("\n") ? "\n" : ",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected claim-value=role pairs like junction-admins=admin,junction-viewers=viewer, got '" + item.strip() + "'");
            }
            try {
                roles.put(item.substring(0, eq).strip(), Role.parse(item.substring(eq + 1)));
            } catch (dev.junction.engine.EngineException.Invalid e) {
                throw new IllegalArgumentException("'" + item.strip() + "': " + e.getMessage());
            }
        }
        return roles;
    }

    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", name=" + name + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? null : "***")
                + ", scopes=" + scopes + ", roleClaim=" + roleClaim + ", roles=" + roles + ", tenantClaim=" + tenantClaim + ", allowedEmailDomains="
                + allowedEmailDomains + ", groupsClaim=" + groupsClaim + ", requiredGroups=" + requiredGroups + "]";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
