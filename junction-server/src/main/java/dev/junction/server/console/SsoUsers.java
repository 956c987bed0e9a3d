package dev.junction.server.console;

import dev.junction.engine.Principal;
import dev.junction.engine.Role;
import dev.junction.server.OidcSettings;
import dev.junction.server.console.OidcClient.SignOnFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who a person who signed in through the provider is in Junction, from their validated ID token's claims
 * and {@code console.oidc}: the allow-list first (a verified email address in an allowed domain, a
 * required group), then the role (the highest that a value of the role claim maps to) and the tenant
 * (the tenant claim, when one is configured). Anyone who does not pass is refused with a sentence that
 * says why — which claim, not what the provider holds about others.
 *
 * <p>The principal's id is {@code sso:} and the person's email address (their subject when the token
 * has no email), so the audit log names the person.
 */
final class SsoUsers {
    /** The id prefix of a principal made by single sign-on. */
    static final String PREFIX = "sso:";

    private final OidcSettings settings;

    SsoUsers(OidcSettings settings) {
        this.settings = settings;
    }

    /**
     * The principal these claims stand for.
     *
     * @throws SignOnFailure (403) when the person is not allowed or maps to no role or tenant
     */
    Principal principal(Map<String, Object> claims) {
        String subject = text(claims.get("sub"));
        String email = text(claims.get("email"));
        String who = email != null ? email : subject;
        if (who == null) {
            throw new SignOnFailure(403, "The provider's ID token names nobody (no sub claim).");
        }
        if (!settings.allowedEmailDomains().isEmpty()) {
            boolean verified = !Boolean.FALSE.equals(claims.get("email_verified")) && !"false".equals(String.valueOf(claims.get("email_verified")));
            String domain = email == null || !email.contains("@") ? null : email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            if (domain == null || !verified || !settings.allowedEmailDomains().contains(domain)) {
                throw refused(who, "only people with a verified email address at " + String.join(", ", settings.allowedEmailDomains()) + " may sign in"
                        + (email == null ? " (the provider sent no email address: is 'email' among console.oidc.scopes?)" : ""));
            }
        }
        if (!settings.requiredGroups().isEmpty() && values(claims.get(settings.groupsClaim())).stream().noneMatch(settings.requiredGroups()::contains)) {
            throw refused(who, "only members of " + String.join(", ", settings.requiredGroups()) + " (the '" + settings.groupsClaim()
                    + "' claim) may sign in");
        }
        Role role = null;
        for (String value : values(claims.get(settings.roleClaim()))) {
            Role mapped = settings.roles().get(value);
            if (mapped != null && (role == null || mapped.allows(role))) {
                role = mapped;
            }
        }
        if (role == null) {
            throw refused(who, "no value of the '" + settings.roleClaim() + "' claim maps to a Junction role (console.oidc.roles)");
        }
        String tenant = null;
        if (settings.tenantClaim() != null) {
            tenant = text(claims.get(settings.tenantClaim()));
            if (tenant == null) {
                throw refused(who, "the '" + settings.tenantClaim() + "' claim naming your tenant is missing");
            }
        }
        return new Principal(PREFIX + who, role, tenant);
    }

    private static SignOnFailure refused(String who, String why) {
        return new SignOnFailure(403, "You (" + who + ") signed in at the provider, but Junction does not let you in: " + why
                + ". Ask an administrator to give you access, or sign in with an API token.");
    }

    /** A claim's values: a text, or each text of a list. */
    private static List<String> values(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof Collection<?> items) {
            items.stream().map(SsoUsers::text).filter(java.util.Objects::nonNull).forEach(values::add);
        } else if (text(claim) != null) {
            values.add(text(claim));
        }
        return values;
    }

    private static String text(Object claim) {
        return claim instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
