package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code auth: { type: oauth2 }}: the shapes each grant accepts and the problems it reports. */
class SpecLoaderOAuth2Test {
    private final SpecLoader loader = new SpecLoader();

    private static String connector(String auth) {
        return """
                kind: Connector
                name: oauth-api
                config:
                  tokenUrl: { default: "http://127.0.0.1:1/token" }
                  clientId: { required: false }
                secrets:
                  clientSecret: {}
                  refreshToken: {}
                  password: {}
                  privateKey: {}
                baseUrl: http://127.0.0.1:1
                auth:
                %s
                """.formatted(auth.indent(2).stripTrailing());
    }

    @Test
    void readsAClientCredentialsGrantWithDefaults() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("c.yaml", connector("""
                type: oauth2
                grant: client_credentials
                tokenUrl: "{{ config.tokenUrl }}"
                clientId: "{{ config.clientId }}"
                clientSecret: "{{ secrets.clientSecret }}"
                scopes: [read, write]
                """))));

        assertThat(result.problems()).isEmpty();
        AuthSpec.OAuth2 auth = (AuthSpec.OAuth2) result.connectors().get("oauth-api").auth();
        assertThat(auth.grant()).isEqualTo(AuthSpec.Grant.CLIENT_CREDENTIALS);
        assertThat(auth.clientAuth()).isEqualTo(AuthSpec.ClientAuth.BASIC);
        assertThat(auth.scopes()).containsExactly("read", "write");
        assertThat(auth.refreshBefore()).isEqualTo(Duration.ofSeconds(60));
        assertThat(auth.tokenError()).isNull();
        assertThat(auth.toString()).doesNotContain("secrets.clientSecret");
    }

    @Test
    void readsAJwtBearerGrantWithATokenErrorPattern() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("c.yaml", connector("""
                type: oauth2
                grant: jwt_bearer
                tokenUrl: /oauth/token
                privateKey: "{{ secrets.privateKey }}"
                issuer: svc@example.com
                subject: admin@example.com
                keyId: k1
                scopes: "a b"
                refreshBefore: 5m
                tokenError: { path: "$.error.code", equals: INVALID_TOKEN }
                """))));

        assertThat(result.problems()).isEmpty();
        AuthSpec.OAuth2 auth = (AuthSpec.OAuth2) result.connectors().get("oauth-api").auth();
        assertThat(auth.grant()).isEqualTo(AuthSpec.Grant.JWT_BEARER);
        assertThat(auth.scopes()).containsExactly("a", "b");
        assertThat(auth.refreshBefore()).isEqualTo(Duration.ofMinutes(5));
        assertThat(auth.tokenError()).isEqualTo(new AuthSpec.TokenError("$.error.code", "INVALID_TOKEN", null));
    }

    @Test
    void readsTheConnectedAccountsIdentityRequestOfAnAuthorizationCodeGrant() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("c.yaml", connector("""
                type: oauth2
                grant: authorization_code
                tokenUrl: /token
                authorizeUrl: /authorize
                clientId: app
                accessToken: "{{ secrets.password }}"
                identity: { path: /me, id: "$.id", name: "$.profile.email" }
                """))));

        assertThat(result.problems()).isEmpty();
        AuthSpec.OAuth2 auth = (AuthSpec.OAuth2) result.connectors().get("oauth-api").auth();
        assertThat(auth.connect().identity()).isEqualTo(new AuthSpec.Identity("/me", "$.id", "$.profile.email"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsExactlyTheseProblems(String auth, List<String> expected) {
        LoadResult result = loader.loadTexts(List.of(new SourceText("c.yaml", connector(auth))));

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("refuses a literal client secret without repeating it", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: /token
                        clientId: app
                        clientSecret: s3cr3t-value
                        """, List.of(
                        "c.yaml:17:17 auth.clientSecret: expected a reference to a declared secret such as \"{{ secrets.clientSecret }}\","
                                + " found 'literal text'; credentials come from each connection's secrets, never from the connector")),
                argumentSet("refuses a credential built from config", """
                        type: oauth2
                        grant: refresh_token
                        tokenUrl: /token
                        clientId: app
                        refreshToken: "{{ config.clientId }}"
                        """, List.of(
                        "c.yaml:17:17 auth.refreshToken: expected a reference to a declared secret such as \"{{ secrets.refreshToken }}\","
                                + " found '{{ config.clientId }}'; credentials come from each connection's secrets, never from the connector")),
                argumentSet("names what a grant needs", """
                        type: oauth2
                        grant: password
                        tokenUrl: /token
                        clientId: app
                        """, List.of(
                        "c.yaml:12:1 auth: missing required key 'username' (grant password needs it)",
                        "c.yaml:12:1 auth: missing required key 'password' (grant password needs it)")),
                argumentSet("names the grants a key belongs to", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: /token
                        clientId: app
                        clientSecret: "{{ secrets.clientSecret }}"
                        privateKey: "{{ secrets.privateKey }}"
                        """, List.of(
                        "c.yaml:18:15 auth.privateKey: 'privateKey' is used only by grant jwt_bearer or with clientAuth private_key_jwt, not grant"
                                + " client_credentials")),
                argumentSet("lists the grants", """
                        type: oauth2
                        grant: implicit
                        tokenUrl: /token
                        """, List.of(
                        "c.yaml:14:10 auth.grant: 'implicit' is not one of client_credentials, refresh_token, password, jwt_bearer, authorization_code")),
                argumentSet("keeps secrets out of the token URL", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: "/token?key={{ secrets.clientSecret }}"
                        clientId: app
                        clientSecret: "{{ secrets.clientSecret }}"
                        """, List.of(
                        "c.yaml:15:13 auth.tokenUrl: secret 'secrets.clientSecret' cannot be used here; secrets may appear only in auth"
                                + " and headers, so that they never show up in logged URLs")),
                argumentSet("checks the token error pattern", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: /token
                        clientId: app
                        clientSecret: "{{ secrets.clientSecret }}"
                        tokenError: { matches: "(unclosed" }
                        """, List.of(
                        "c.yaml:18:26 auth.tokenError.matches: invalid regular expression: Unclosed group near position 10")),
                argumentSet("wants either a path or a pattern for token errors", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: /token
                        clientId: app
                        clientSecret: "{{ secrets.clientSecret }}"
                        tokenError: { equals: x }
                        """, List.of(
                        "c.yaml:18:3 auth.tokenError: expected either path (with equals) or matches, such as { path: \"$.error\","
                                + " equals: \"invalid_token\" } or { matches: \"(?i)token expired\" }")),
                argumentSet("checks the identity request", """
                        type: oauth2
                        grant: authorization_code
                        tokenUrl: /token
                        clientId: app
                        accessToken: "{{ secrets.password }}"
                        identity: { path: "/me?key={{ secrets.clientSecret }}", name: "$.[", avatar: "$.pic" }
                        """, List.of(
                        "c.yaml:18:3 auth.identity: missing required key 'id'",
                        "c.yaml:18:21 auth.identity.path: secret 'secrets.clientSecret' cannot be used here; secrets may appear only in auth"
                                + " and headers, so that they never show up in logged URLs",
                        "c.yaml:18:65 auth.identity.name: invalid JSON path '$.[': '[' at position 3 is never closed",
                        "c.yaml:18:72 auth.identity.avatar: unknown key (allowed: path, id, name)")),
                argumentSet("keeps the identity request to the authorization-code grant", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: /token
                        clientId: app
                        clientSecret: "{{ secrets.clientSecret }}"
                        identity: { path: /me, id: "$.id" }
                        """, List.of(
                        "c.yaml:18:13 auth.identity: 'identity' is used only by grant authorization_code, not client_credentials")),
                argumentSet("a client assertion goes without a client secret, and not with grants that sign or exchange otherwise", """
                        type: oauth2
                        grant: jwt_bearer
                        tokenUrl: /token
                        clientAuth: private_key_jwt
                        clientSecret: "{{ secrets.clientSecret }}"
                        privateKey: "{{ secrets.privateKey }}"
                        """, List.of(
                        "c.yaml:12:1 auth: missing required key 'clientId' (clientAuth private_key_jwt puts it in the assertion's iss and sub)",
                        "c.yaml:12:1 auth: missing required key 'issuer' (grant jwt_bearer needs an issuer or a clientId for the assertion's iss"
                                + " claim)",
                        "c.yaml:16:15 auth.clientAuth: clientAuth private_key_jwt is not offered with grant jwt_bearer, which signs its own"
                                + " assertion with privateKey; use one of them",
                        "c.yaml:17:17 auth.clientSecret: 'clientSecret' is not used with clientAuth private_key_jwt: the client proves itself"
                                + " with an assertion signed by privateKey")),
                argumentSet("a client assertion needs its key", """
                        type: oauth2
                        grant: authorization_code
                        tokenUrl: /token
                        clientAuth: private_key_jwt
                        clientId: app
                        accessToken: "{{ secrets.password }}"
                        passphrase: "{{ secrets.password }}"
                        """, List.of(
                        "c.yaml:12:1 auth: missing required key 'privateKey' (clientAuth private_key_jwt signs the client's assertion with it)",
                        "c.yaml:19:15 auth.passphrase: passphrase decrypts privateKey, which is not set")),
                argumentSet("the assertion's audience and certificate belong to signed assertions", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: /token
                        clientId: app
                        clientSecret: "{{ secrets.clientSecret }}"
                        assertionAudience: https://auth.example.com/
                        certificate: "{{ config.clientId }}"
                        """, List.of(
                        "c.yaml:18:22 auth.assertionAudience: 'assertionAudience' is used only with clientAuth private_key_jwt (grant"
                                + " jwt_bearer's assertion takes its aud from audience)",
                        "c.yaml:19:16 auth.certificate: 'certificate' is used only by grant jwt_bearer or with clientAuth private_key_jwt,"
                                + " not grant client_credentials")),
                argumentSet("token parameters add the API's own fields", """
                        type: oauth2
                        grant: password
                        tokenUrl: /token
                        clientId: app
                        username: u
                        password: "{{ secrets.password }}"
                        tokenParams: { grant_type: x, client_id: y, code: z, resource: "{{ secrets.clientSecret }}", empty: "" }
                        """, List.of(
                        "c.yaml:19:30 auth.tokenParams.grant_type: 'grant_type' can replace only grant client_credentials' own (an API's grant of"
                                + " that shape, such as Zoom's account_credentials), not password's",
                        "c.yaml:19:44 auth.tokenParams.client_id: 'client_id' is written by Junction from clientId; tokenParams adds the API's"
                                + " other fields, such as account_id or resource",
                        "c.yaml:19:53 auth.tokenParams.code: 'code' is written by Junction in the connect page's code exchange; tokenParams adds"
                                + " the API's other fields, such as account_id or resource",
                        "c.yaml:19:103 auth.tokenParams.empty: expected a non-empty value")),
                argumentSet("a token response names JSON paths, and one expiry", """
                        type: oauth2
                        grant: client_credentials
                        tokenUrl: /token
                        clientId: app
                        clientSecret: "{{ secrets.clientSecret }}"
                        tokenResponse: { accessToken: "$.data.[", expiresIn: "$.data.expires_in", expiresAt: "$.data.expires_at", scope: "$.s" }
                        """, List.of(
                        "c.yaml:18:33 auth.tokenResponse.accessToken: invalid JSON path '$.data.[': '[' at position 8 is never closed",
                        "c.yaml:18:88 auth.tokenResponse.expiresAt: give expiresIn (seconds from now) or expiresAt (an instant), not both",
                        "c.yaml:18:109 auth.tokenResponse.scope: unknown key (allowed: accessToken, refreshToken, expiresIn, expiresAt)")));
    }

    @Test
    void readsZoomsAccountCredentialsAndAClientAssertion() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("c.yaml", connector("""
                type: oauth2
                grant: client_credentials
                tokenUrl: "{{ config.tokenUrl }}"
                clientAuth: private_key_jwt
                clientId: "{{ config.clientId }}"
                privateKey: "{{ secrets.privateKey }}"
                keyId: k1
                assertionAudience: https://auth.example.com/
                tokenParams: { grant_type: account_credentials, account_id: "{{ config.clientId }}" }
                tokenResponse: { accessToken: "$.data.access_token", expiresAt: "$.data.expires_at" }
                """))));

        assertThat(result.problems()).isEmpty();
        AuthSpec.OAuth2 auth = (AuthSpec.OAuth2) result.connectors().get("oauth-api").auth();
        assertThat(auth.clientAuth()).isEqualTo(AuthSpec.ClientAuth.PRIVATE_KEY_JWT);
        assertThat(auth.clientSecret()).isNull();
        assertThat(auth.assertionAudience()).isEqualTo("https://auth.example.com/");
        assertThat(auth.tokenResponse()).isEqualTo(new AuthSpec.TokenResponse("$.data.access_token", "$.refresh_token", null, "$.data.expires_at"));
        assertThat(auth.tokenParams()).containsExactly(java.util.Map.entry("grant_type", "account_credentials"),
                java.util.Map.entry("account_id", "{{ config.clientId }}"));
    }
}
