package dev.junction.spec;

/** How requests authenticate. Every string is a template over {@code config.*} and {@code secrets.*}. */
public sealed interface AuthSpec {
    /** No authentication. */
    record None() implements AuthSpec {}

    /** An API key sent in a header or query parameter named {@code name}. */
    record ApiKey(Placement in, String name, String value) implements AuthSpec {}

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements AuthSpec {}

    /** HTTP basic authentication. */
    record Basic(String username, String password) implements AuthSpec {}

    /**
     * OAuth 2.0: Junction obtains access tokens at {@code tokenUrl}, caches them, refreshes them
     * {@code refreshBefore} ahead of expiry and once after a 401. Credentials are templates over
     * {@code secrets.*} only.
     *
     * @param grant how tokens are obtained
     * @param tokenUrl the token endpoint; relative URLs resolve against the connector's baseUrl
     * @param clientAuth how the client id and secret are sent
     * @param clientId the client id, or null (jwt_bearer may go without)
     * @param clientSecret the client secret, or null for public clients and jwt_bearer
     * @param scopes requested scopes, sent space-separated; empty sends none
     * @param audience the {@code audience} parameter (jwt_bearer: the assertion's {@code aud}), or null
     * @param username the resource owner's name (password grant)
     * @param password the resource owner's password (password grant)
     * @param refreshToken the refresh token (refresh_token, optional for authorization_code)
     * @param accessToken an access token obtained elsewhere (authorization_code)
     * @param privateKey a PEM PKCS#8 RSA private key that signs the RS256 assertion (jwt_bearer)
     * @param issuer the assertion's {@code iss} (jwt_bearer; defaults to clientId)
     * @param subject the assertion's {@code sub} (jwt_bearer; defaults to the issuer)
     * @param keyId the assertion's {@code kid} header, or null
     * @param refreshBefore how long before expiry a token is replaced
     * @param tokenError a 200 response that means "token invalid", or null
     */
    record OAuth2(Grant grant, String tokenUrl, ClientAuth clientAuth, String clientId, String clientSecret,
            java.util.List<String> scopes, String audience, String username, String password, String refreshToken,
            String accessToken, String privateKey, String issuer, String subject, String keyId,
            java.time.Duration refreshBefore, TokenError tokenError) implements AuthSpec {
        public OAuth2 {
            scopes = scopes == null ? java.util.List.of() : java.util.List.copyOf(scopes);
        }

        /** Hides every credential. */
        @Override
        public String toString() {
            return "OAuth2[grant=" + grant + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", scopes=" + scopes + "]";
        }
    }

    /** OAuth 2.0 grants, by their YAML name. */
    enum Grant {
        CLIENT_CREDENTIALS("client_credentials"),
        REFRESH_TOKEN("refresh_token"),
        PASSWORD("password"),
        JWT_BEARER("jwt_bearer"),
        /** Tokens obtained elsewhere by an authorization-code flow: Junction uses and refreshes them. */
        AUTHORIZATION_CODE("authorization_code");

        private final String yamlName;

        Grant(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        /** The grant with this YAML name, or null. */
        public static Grant of(String yamlName) {
            for (Grant grant : values()) {
                if (grant.yamlName.equals(yamlName)) {
                    return grant;
                }
            }
            return null;
        }
    }

    /** How the client authenticates at the token endpoint. */
    enum ClientAuth {
        /** {@code Authorization: Basic} with the client id and secret (client_secret_basic). */
        BASIC,
        /** {@code client_id} and {@code client_secret} form fields (client_secret_post). */
        BODY
    }

    /**
     * A 200 response body that means the access token is invalid, handled like a 401: either the
     * value at a JSON {@code path} equals {@code equals}, or the body matches the regex {@code matches}.
     */
    record TokenError(String path, String equals, String matches) {}

    enum Placement {
        HEADER,
        QUERY
    }
}
