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
            Map.entry("issuer", List.of("jwt_bearer")),
            Map.entry("subject", List.of("jwt_bearer")),
            Map.entry("authorizeUrl", List.of("authorization_code")),
            Map.entry("revokeUrl", List.of("authorization_code")),
            Map.entry("discoveryUrl", List.of("authorization_code")),
            Map.entry("identity", List.of("authorization_code")));
    /** Keys of a signed assertion: jwt_bearer's grant, or the client's with {@code clientAuth: private_key_jwt}. */
    private static final List<String> SIGNING = List.of("privateKey", "passphrase", "keyId", "certificate");
    private static final List<String> CREDENTIALS = List.of("clientSecret", "password", "refreshToken", "accessToken", "privateKey", "passphrase");
    /**
     * Form fields Junction writes itself, which {@code tokenParams} may not name: the setting that
     * writes each, or empty for a field of the connect page's code exchange.
     */
    private static final Map<String, String> RESERVED_PARAMS = Map.ofEntries(
            Map.entry("client_id", "clientId"), Map.entry("client_secret", "clientSecret"), Map.entry("scope", "scopes"),
            Map.entry("audience", "audience"), Map.entry("client_assertion", "clientAuth: private_key_jwt"),
            Map.entry("client_assertion_type", "clientAuth: private_key_jwt"), Map.entry("assertion", "privateKey"),
            Map.entry("refresh_token", "refreshToken"), Map.entry("username", "username"), Map.entry("password", "password"),
            Map.entry("code", ""), Map.entry("code_verifier", ""), Map.entry("redirect_uri", ""));

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
        boolean clientAssertion = "private_key_jwt".equals(clientAuth);
        for (String key : REQUIRED.get(grantName)) {
            if (!a.has(key) && !(key.equals("clientId") && grantName.equals("jwt_bearer")) && !(key.equals("clientSecret") && clientAssertion)) {
                a.missing(key, " (grant " + grantName + " needs it)");
            }
        }
        clientAssertion(a, grantName, clientAssertion);
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
        String passphrase = credential(a, "passphrase", templates);
        if (passphrase != null && !a.has("privateKey")) {
            a.problem("passphrase", "passphrase decrypts privateKey, which is not set");
        }
        String issuer = text(a, "issuer", templates, false);
        String subject = text(a, "subject", templates, false);
        String keyId = text(a, "keyId", templates, false);
        String authorizeUrl = text(a, "authorizeUrl", templates, false);
        String revokeUrl = text(a, "revokeUrl", templates, false);
        String discoveryUrl = text(a, "discoveryUrl", templates, false);
        AuthSpec.Identity identity = identity(a, templates);
        String assertionAudience = text(a, "assertionAudience", templates, false);
        String certificate = text(a, "certificate", templates, true);
        Map<String, String> tokenParams = tokenParams(a, grantName, templates);
        AuthSpec.TokenResponse tokenResponse = tokenResponse(a);
        // where the access token goes: Authorization: Bearer unless the API names its own header, prefix or query parameter
        String in = a.oneOf("in", List.of("header", "query", "cookie"), "header");
        String name = a.string("name", false, "cookie".equals(in) || "query".equals(in) ? null : "Authorization");
        if (name == null && in != null && !"header".equals(in)) {
            a.missing("name", " (the " + ("query".equals(in) ? "query parameter's" : "cookie's") + " name, with in: " + in + ")");
        }
        String prefix = a.string("prefix", false, "Authorization".equalsIgnoreCase(name) ? "Bearer " : "");
        if (clientAuth == null || refreshBefore == null || tokenUrl == null || in == null || (name == null && !"header".equals(in))) {
            return null;
        }
        return new AuthSpec.OAuth2(AuthSpec.Grant.of(grantName), tokenUrl, clientAuth(clientAuth), clientId, clientSecret, scopes, audience,
                username, password, refreshToken, accessToken, privateKey, issuer, subject, keyId, refreshBefore, tokenError,
                authorizeUrl == null && revokeUrl == null && discoveryUrl == null && identity == null ? null
                        : new AuthSpec.Connect(authorizeUrl, revokeUrl, discoveryUrl, identity),
                tokenParams, assertionAudience, certificate, tokenResponse, passphrase,
                AuthSpec.Placement.valueOf(in.toUpperCase(java.util.Locale.ROOT)), name, prefix);
    }

    /** {@code tokenResponse: { accessToken: "$.data.access_token", expiresIn: "$.data.expires_in" }}: JSON paths, expiresIn or expiresAt. */
    private static AuthSpec.TokenResponse tokenResponse(Fields a) {
        if (!a.has("tokenResponse")) {
            return null;
        }
        Fields t = a.fields("tokenResponse", false);
        if (t == null) {
            return null;
        }
        t.allow(Schema.OAUTH2_TOKEN_RESPONSE);
        String access = t.jsonPath("accessToken", false);
        String refresh = t.jsonPath("refreshToken", false);
        String expiresIn = t.jsonPath("expiresIn", false);
        String expiresAt = t.jsonPath("expiresAt", false);
        if (expiresIn != null && expiresAt != null) {
            t.problem("expiresAt", "give expiresIn (seconds from now) or expiresAt (an instant), not both");
            return null;
        }
        return new AuthSpec.TokenResponse(access, refresh, expiresIn, expiresAt);
    }

    private static AuthSpec.ClientAuth clientAuth(String yamlName) {
        return switch (yamlName) {
            case "body" -> AuthSpec.ClientAuth.BODY;
            case "private_key_jwt" -> AuthSpec.ClientAuth.PRIVATE_KEY_JWT;
            default -> AuthSpec.ClientAuth.BASIC;
        };
    }

    /**
     * What the signing keys may be used with, and what {@code clientAuth: private_key_jwt} needs: a
     * client id and a private key, no client secret, and a grant other than jwt_bearer (which signs
     * its own assertion).
     */
    private static void clientAssertion(Fields a, String grantName, boolean clientAssertion) {
        boolean signs = clientAssertion || grantName.equals("jwt_bearer");
        for (String key : SIGNING) {
            if (a.has(key) && !signs) {
                a.problem(key, "'" + key + "' is used only by grant jwt_bearer or with clientAuth private_key_jwt, not grant " + grantName);
            }
        }
        if (a.has("assertionAudience") && !clientAssertion) {
            a.problem("assertionAudience", "'assertionAudience' is used only with clientAuth private_key_jwt (grant jwt_bearer's assertion"
                    + " takes its aud from audience)");
        }
        if (!clientAssertion) {
            return;
        }
        if (grantName.equals("jwt_bearer")) {
            a.problem("clientAuth", "clientAuth private_key_jwt is not offered with grant jwt_bearer, which signs its own assertion with"
                    + " privateKey; use one of them");
        }
        if (!a.has("clientId")) {
            a.missing("clientId", " (clientAuth private_key_jwt puts it in the assertion's iss and sub)");
        }
        if (!a.has("privateKey")) {
            a.missing("privateKey", " (clientAuth private_key_jwt signs the client's assertion with it)");
        }
        if (a.has("clientSecret")) {
            a.problem("clientSecret", "'clientSecret' is not used with clientAuth private_key_jwt: the client proves itself with an assertion"
                    + " signed by privateKey");
        }
    }

    /**
     * {@code tokenParams: { account_id: "{{ config.accountId }}" }}: templates over config and secrets
     * (the connection's secret values are redacted from the exchange log wherever they appear), none of
     * the fields Junction writes from other settings, and {@code grant_type} only for grant
     * client_credentials (an API's own grant of that shape).
     */
    private static Map<String, String> tokenParams(Fields a, String grantName, TemplateCheck templates) {
        Map<String, String> params = templates.map(a, "tokenParams", true);
        Fields fields = params.isEmpty() ? null : a.fields("tokenParams", false);
        params.forEach((name, value) -> {
            String setting = RESERVED_PARAMS.get(name);
            if (setting != null) {
                fields.problem(name, "'" + name + "' is written by Junction" + (setting.isEmpty() ? " in the connect page's code exchange"
                        : " from " + setting) + "; tokenParams adds the API's other fields, such as account_id or resource");
            } else if (name.equals("grant_type") && !grantName.equals("client_credentials")) {
                fields.problem(name, "'grant_type' can replace only grant client_credentials' own (an API's grant of that shape, such as"
                        + " Zoom's account_credentials), not " + grantName + "'s");
            } else if (value == null || value.isBlank()) {
                fields.problem(name, "expected a non-empty value");
            }
        });
        return params;
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
