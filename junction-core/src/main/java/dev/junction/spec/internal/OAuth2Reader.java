package dev.junction.spec.internal;

import dev.junction.spec.AuthSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code auth: { type: oauth2, ... }}. Which keys a grant needs and which it ignores is in
 * {@link #REQUIRED} and {@link #ONLY_FOR}; credentials (client secret, password, tokens, private
 * key) must be references to the connector's {@code secrets}, never literal text.
 */
final class OAuth2Reader {
    /** Keys each grant requires besides type, grant and tokenUrl. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "client_credentials", List.of("clientId", "clientSecret"),
            "password", List.of("clientId", "username", "password"),
            "refresh_token", List.of("clientId", "refreshToken"),
            "authorization_code", List.of("clientId", "accessToken"),
            "jwt_bearer", List.of("privateKey"));
    /** Keys that only some grants use. */
    private static final Map<String, List<String>> ONLY_FOR = Map.ofEntries(
            Map.entry("username", List.of("password")),
            Map.entry("password", List.of("password")),
            Map.entry("refreshToken", List.of("refresh_token", "authorization_code")),
            Map.entry("accessToken", List.of("authorization_code")),
            Map.entry("privateKey", List.of("jwt_bearer")),
            Map.entry("issuer", List.of("jwt_bearer")),
            Map.entry("subject", List.of("jwt_bearer")),
            Map.entry("keyId", List.of("jwt_bearer")),
            Map.entry("authorizeUrl", List.of("authorization_code")),
            Map.entry("revokeUrl", List.of("authorization_code")),
            Map.entry("discoveryUrl", List.of("authorization_code")),
            Map.entry("identity", List.of("authorization_code")));
    private static final List<String> CREDENTIALS = List.of("clientSecret", "password", "refreshToken", "accessToken", "privateKey");

    private OAuth2Reader() {}

    static AuthSpec.OAuth2 read(Fields a, TemplateCheck templates) {
        a.allow(Schema.AUTH_OAUTH2);
        String grantName = a.oneOf("grant", Schema.OAUTH2_GRANTS, null);
        String tokenUrl = a.string("tokenUrl", true);
        templates.check(a, "tokenUrl", tokenUrl, false);
        String clientAuth = a.oneOf("clientAuth", Schema.OAUTH2_CLIENT_AUTH, Schema.DEFAULT_OAUTH2_CLIENT_AUTH);
        Duration refreshBefore = a.duration("refreshBefore", false, Schema.DEFAULT_REFRESH_BEFORE, false);
        List<String> scopes = scopes(a);
        AuthSpec.TokenError tokenError = tokenError(a);
        if (grantName == null) {
            return null;
        }
        for (String key : REQUIRED.get(grantName)) {
            if (!a.has(key) && !(key.equals("clientId") && grantName.equals("jwt_bearer"))) {
                a.missing(key, " (grant " + grantName + " needs it)");
            }
        }
        if (grantName.equals("jwt_bearer") && !a.has("issuer") && !a.has("clientId")) {
            a.missing("issuer", " (grant jwt_bearer needs an issuer or a clientId for the assertion's iss claim)");
        }
        ONLY_FOR.forEach((key, grants) -> {
            if (a.has(key) && !grants.contains(grantName)) {
                a.problem(key, "'" + key + "' is used only by grant " + String.join(" and ", grants) + ", not " + grantName);
            }
        });
        String clientId = text(a, "clientId", templates, true);
        String clientSecret = credential(a, "clientSecret", templates);
        String audience = text(a, "audience", templates, false);
        String username = text(a, "username", templates, true);
        String password = credential(a, "password", templates);
        String refreshToken = credential(a, "refreshToken", templates);
        String accessToken = credential(a, "accessToken", templates);
        String privateKey = credential(a, "privateKey", templates);
        String issuer = text(a, "issuer", templates, false);
        String subject = text(a, "subject", templates, false);
        String keyId = text(a, "keyId", templates, false);
        String authorizeUrl = text(a, "authorizeUrl", templates, false);
        String revokeUrl = text(a, "revokeUrl", templates, false);
        String discoveryUrl = text(a, "discoveryUrl", templates, false);
        AuthSpec.Identity identity = identity(a, templates);
        if (clientAuth == null || refreshBefore == null || tokenUrl == null) {
            return null;
        }
        return new AuthSpec.OAuth2(AuthSpec.Grant.of(grantName), tokenUrl,
                clientAuth.equals("body") ? AuthSpec.ClientAuth.BODY : AuthSpec.ClientAuth.BASIC, clientId, clientSecret, scopes, audience,
                username, password, refreshToken, accessToken, privateKey, issuer, subject, keyId, refreshBefore, tokenError,
                authorizeUrl == null && revokeUrl == null && discoveryUrl == null && identity == null ? null
                        : new AuthSpec.Connect(authorizeUrl, revokeUrl, discoveryUrl, identity));
    }

    private static String text(Fields a, String key, TemplateCheck templates, boolean secretsAllowed) {
        String value = a.string(key, false);
        if (value != null && value.isBlank()) {
            a.problem(key, "expected a non-empty string, found " + a.node(key).describe());
            return null;
        }
        templates.check(a, key, value, secretsAllowed);
        return value;
    }

    /** A credential: a template whose every variable is a secret, such as {@code "{{ secrets.clientSecret }}"}. */
    private static String credential(Fields a, String key, TemplateCheck templates) {
        String value = text(a, key, templates, true);
        if (value == null || !CREDENTIALS.contains(key)) {
            return value;
        }
        return templates.secretReference(a, key, value);
    }

    /** A list of scopes, or one space-separated string. */
    private static List<String> scopes(Fields a) {
        YamlNode node = a.node("scopes");
        List<String> scopes = new ArrayList<>();
        if (node == null) {
            return scopes;
        }
        if (node instanceof YamlNode.Sequence list) {
            for (int i = 0; i < list.items().size(); i++) {
                String scope = Fields.text(list.items().get(i), a.child("scopes") + "[" + i + "]", a.problems());
                if (scope != null) {
                    scopes.add(scope.strip());
                }
            }
            return scopes;
        }
        String text = Fields.text(node, a.child("scopes"), a.problems());
        if (text != null) {
            for (String scope : text.strip().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        }
        return scopes;
    }

    /** {@code identity: { path: /me, id: "$.id", name: "$.email" }}: path and id required, name optional. */
    private static AuthSpec.Identity identity(Fields a, TemplateCheck templates) {
        if (!a.has("identity")) {
            return null;
        }
        Fields i = a.fields("identity", false);
        if (i == null) {
            return null;
        }
        i.allow(Schema.OAUTH2_IDENTITY);
        String path = i.string("path", true);
        if (path != null && path.isBlank()) {
            i.problem("path", "expected a URL or a path under the connector's baseUrl, such as /me");
            path = null;
        }
        templates.check(i, "path", path, false);
        String id = i.jsonPath("id", true);
        String name = i.jsonPath("name", false);
        return path == null || id == null ? null : new AuthSpec.Identity(path, id, name);
    }

    private static AuthSpec.TokenError tokenError(Fields a) {
        if (!a.has("tokenError")) {
            return null;
        }
        Fields t = a.fields("tokenError", false);
        if (t == null) {
            return null;
        }
        t.allow(Schema.OAUTH2_TOKEN_ERROR);
        String path = t.jsonPath("path", false);
        String equals = t.string("equals", false);
        String matches = t.string("matches", false);
        if (t.has("matches") == t.has("path")) {
            t.problems().add(a.keyLocation("tokenError"), a.child("tokenError"),
                    "expected either path (with equals) or matches, such as { path: \"$.error\", equals: \"invalid_token\" } or { matches: \"(?i)token expired\" }");
            return null;
        }
        if (t.has("path") && !t.has("equals")) {
            t.missing("equals", " (path is set)");
            return null;
        }
        if (t.has("equals") && !t.has("path")) {
            t.problem("equals", "'equals' needs a 'path' to compare with");
            return null;
        }
        if (matches != null) {
            try {
                Pattern.compile(matches);
            } catch (PatternSyntaxException e) {
                t.problem("matches", "invalid regular expression: " + e.getDescription() + " near position " + (e.getIndex() + 1));
                return null;
            }
        }
        return path == null && matches == null ? null : new AuthSpec.TokenError(path, equals, matches);
    }
}
