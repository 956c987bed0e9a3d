package dev.junction.importer.internal;

import java.util.List;
import java.util.Locale;

/**
 * The connector auth for each kind of security scheme, with the config and secret fields its
 * templates name. Credentials are always secrets (a connection gives them as {@code ${env:...}} or
 * {@code ${file:...}} references); identifiers (a client id, a user name) and URLs are config fields,
 * so a connection can point a token URL at a test server.
 */
final class Auths {
    private Auths() {}

    static ApiDescription.Auth apiKey(String in, String name) {
        ApiDescription.Auth auth = ApiDescription.auth();
        auth.keys().put("type", "api-key");
        auth.keys().put("in", in == null ? "header" : in.toLowerCase(Locale.ROOT));
        auth.keys().put("name", name);
        auth.keys().put("value", "{{ secrets.apiKey }}");
        auth.secrets().put("apiKey", new String[] {"API key, sent as " + auth.keys().get("in") + " " + name, null});
        return auth;
    }

    static ApiDescription.Auth bearer() {
        ApiDescription.Auth auth = ApiDescription.auth();
        auth.keys().put("type", "bearer");
        auth.keys().put("token", "{{ secrets.token }}");
        auth.secrets().put("token", new String[] {"Bearer token, sent in the Authorization header", null});
        return auth;
    }

    static ApiDescription.Auth basic() {
        return userAndPassword("basic");
    }

    /** HTTP Digest (RFC 7616): MongoDB Atlas's {@code DigestAuth}, its API key's public half the user and its private half the password. */
    static ApiDescription.Auth digest() {
        return userAndPassword("digest");
    }

    private static ApiDescription.Auth userAndPassword(String type) {
        ApiDescription.Auth auth = ApiDescription.auth();
        auth.keys().put("type", type);
        auth.keys().put("username", "{{ config.username }}");
        auth.keys().put("password", "{{ secrets.password }}");
        auth.config().put("username", new String[] {"User name for HTTP " + type + " auth", null});
        auth.secrets().put("password", new String[] {"Password for HTTP " + type + " auth", null});
        return auth;
    }

    static ApiDescription.Auth clientCredentials(String tokenUrl, List<String> scopes) {
        ApiDescription.Auth auth = oauth2("client_credentials", tokenUrl, scopes);
        auth.keys().put("clientSecret", "{{ secrets.clientSecret }}");
        auth.secrets().put("clientSecret", new String[] {"OAuth 2.0 client secret", null});
        return auth;
    }

    static ApiDescription.Auth authorizationCode(String tokenUrl, String authorizeUrl, List<String> scopes) {
        ApiDescription.Auth auth = oauth2("authorization_code", tokenUrl, scopes);
        auth.keys().put("clientSecret", "{{ secrets.clientSecret }}");
        auth.keys().put("accessToken", "{{ secrets.accessToken }}");
        auth.keys().put("refreshToken", "{{ secrets.refreshToken }}");
        if (authorizeUrl != null) {
            auth.keys().put("authorizeUrl", "{{ config.authorizeUrl }}");
            auth.config().put("authorizeUrl", new String[] {"Where a user authorizes the app (the connect page sends them there)", authorizeUrl});
        }
        auth.secrets().put("clientSecret", new String[] {"OAuth 2.0 client secret", null});
        auth.secrets().put("accessToken", new String[] {"Access token, filled by the connect page (or given by hand)", null});
        auth.secrets().put("refreshToken", new String[] {"Refresh token, filled by the connect page", "optional"});
        return auth;
    }

    private static ApiDescription.Auth oauth2(String grant, String tokenUrl, List<String> scopes) {
        ApiDescription.Auth auth = ApiDescription.auth();
        auth.keys().put("type", "oauth2");
        auth.keys().put("grant", grant);
        auth.keys().put("tokenUrl", "{{ config.tokenUrl }}");
        auth.keys().put("clientId", "{{ config.clientId }}");
        if (!scopes.isEmpty()) {
            auth.keys().put("scopes", List.copyOf(scopes));
        }
        auth.config().put("tokenUrl", new String[] {"OAuth 2.0 token endpoint", tokenUrl});
        auth.config().put("clientId", new String[] {"OAuth 2.0 client id", null});
        return auth;
    }
}
