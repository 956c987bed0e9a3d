package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code auth: { type: jwt }} against WireMock, in the shapes real APIs ask for: a GitHub App (a PKCS#1 key as GitHub hands it out,
 * {@code iat} backdated 60 s), App Store Connect (ES256 with {@code kid}, {@code aud} and a {@code scope} list), Ghost's Admin API (HS256
 * with a hex secret, {@code Authorization: Ghost <jwt>}), Coinbase's CDP keys (a token per request naming it, a {@code nonce} header), and a
 * session whose login is authenticated by the app's JWT (GitHub's installation tokens). Each signature is checked with the public key.
 */
class JwtAuthTest extends WireMockAuthFixture {
    private static final String GITHUB_APP = """
            kind: Connector
            name: github-app
            baseUrl: %s
            config: { appId: { type: string } }
            secrets: { privateKey: {} }
            auth:
              type: jwt
              privateKey: "{{ secrets.privateKey }}"
              claims: { iss: "{{ config.appId }}" }
              lifetime: 10m
              backdate: 60s
            streams:
              installations: { request: { path: /app/installations }, records: $, primaryKey: id }
            """;

    @Test
    void aGitHubAppSignsRs256WithItsPkcs1KeyAndReusesTheTokenForHalfItsLifetime() throws Exception {
        server.stubFor(get(urlPathEqualTo("/app/installations")).willReturn(okJson("[{\"id\": 42}]")));
        String key = resource("/pem/rsa-pkcs1.pem");

        try (ConnectionClient client = client(GITHUB_APP, "config: { appId: \"123456\" }", Map.of("privateKey", key))) {
            read(client, "installations");
            time.advance(Duration.ofMinutes(4));
            read(client, "installations");
            time.advance(Duration.ofMinutes(2)); // 6 minutes after the first signing: past half of 10 minutes
            read(client, "installations");
        }

        List<String> tokens = server.getAllServeEvents().reversed().stream().map(e -> e.getRequest().getHeader("Authorization")).toList();
        assertThat(tokens).allMatch(header -> header.startsWith("Bearer ey"));
        assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
        assertThat(tokens.get(2)).isNotEqualTo(tokens.get(1));
        SignedJWT first = SignedJWT.parse(tokens.get(0).substring("Bearer ".length()));
        assertThat(first.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(first.verify(new RSASSAVerifier(rsaPublic(key)))).isTrue();
        assertThat(first.getJWTClaimsSet().getIssuer()).isEqualTo("123456");
        assertThat(first.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(START.minusSeconds(60));
        assertThat(first.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        assertThat(first.getJWTClaimsSet().getNotBeforeTime()).isNull();
        assertThat(exchanges.exchanges.toString()).doesNotContain(tokens.get(0).substring(7), "MIIE");
    }

    @Test
    void appStoreConnectGetsEs256WithItsKeyIdAudienceAndAScopeList() throws Exception {
        server.stubFor(get(urlPathEqualTo("/v1/apps")).willReturn(okJson("{\"data\": [{\"id\": \"1\"}]}")));
        KeyPair keys = ec("secp256r1");
        String connector = """
                kind: Connector
                name: app-store-connect
                baseUrl: %s
                config: { issuerId: { type: string }, keyId: { type: string } }
                secrets: { privateKey: {} }
                auth:
                  type: jwt
                  privateKey: "{{ secrets.privateKey }}"
                  keyId: "{{ config.keyId }}"
                  claims: { iss: "{{ config.issuerId }}", aud: appstoreconnect-v1, scope: ["GET /v1/apps"] }
                  lifetime: 20m
                streams:
                  apps: { request: { path: /v1/apps }, records: $.data, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "config: { issuerId: 57246542-96fe-1a63-e053-0824d011072a, keyId: 2X9R4HXF34 }",
                Map.of("privateKey", pkcs8(keys)))) {
            read(client, "apps");
        }

        SignedJWT jwt = SignedJWT.parse(bearer(server.getAllServeEvents().getFirst().getRequest()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("2X9R4HXF34");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) keys.getPublic()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("appstoreconnect-v1");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("GET /v1/apps");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(20)));
    }

    @Test
    void ghostsAdminApiGetsHs256WithItsHexSecretAfterItsOwnPrefix() throws Exception {
        server.stubFor(get(urlPathEqualTo("/ghost/api/admin/posts/")).willReturn(okJson("{\"posts\": [{\"id\": \"p1\"}]}")));
        String secret = "a9d2c49e7c6d4a3a1f0e9b8c7d6e5f40a1b2c3d4e5f60718293a4b5c6d7e8f90";
        String connector = """
                kind: Connector
                name: ghost
                baseUrl: %s/ghost/api/admin
                secrets: { keyId: {}, secret: {} }
                auth:
                  type: jwt
                  secret: "{{ secrets.secret }}"
                  secretEncoding: hex
                  keyId: "{{ secrets.keyId }}"
                  claims: { aud: /admin/ }
                  prefix: "Ghost "
                streams:
                  posts: { request: { path: /posts/ }, records: $.posts, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("keyId", "6489b3b7d5e1b40001a1b2c3", "secret", secret))) {
            read(client, "posts");
        }

        String header = server.getAllServeEvents().getFirst().getRequest().getHeader("Authorization");
        assertThat(header).startsWith("Ghost ey");
        SignedJWT jwt = SignedJWT.parse(header.substring("Ghost ".length()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("6489b3b7d5e1b40001a1b2c3");
        assertThat(jwt.verify(new MACVerifier(HexFormat.of().parseHex(secret)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(exchanges.exchanges.toString()).doesNotContain(secret, header.substring(6));
    }

    @Test
    void coinbaseGetsATokenForEachRequestNamingItsMethodHostAndPathWithANonce() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/v3/brokerage/accounts")).willReturn(okJson("{\"accounts\": [{\"uuid\": \"a1\"}]}")));
        String sec1 = resource("/pem/ec-sec1-with-params.pem"); // as openssl writes it and Coinbase's CDP shows ECDSA keys
        String connector = """
                kind: Connector
                name: coinbase
                baseUrl: %s/api/v3/brokerage
                secrets: { keyName: {}, privateKey: {} }
                auth:
                  type: jwt
                  privateKey: "{{ secrets.privateKey }}"
                  keyId: "{{ secrets.keyName }}"
                  headers: { nonce: "{{ nonce }}" }
                  claims: { sub: "{{ secrets.keyName }}", iss: cdp, uri: "{{ method }} {{ host }}{{ path }}" }
                  lifetime: 2m
                  notBefore: true
                streams:
                  accounts: { request: { path: /accounts }, records: $.accounts, primaryKey: uuid }
                """;
        String keyName = "organizations/org-1/apiKeys/key-1";

        try (ConnectionClient client = client(connector, "", Map.of("keyName", keyName, "privateKey", sec1))) {
            read(client, "accounts");
            read(client, "accounts");
        }

        List<SignedJWT> tokens = server.getAllServeEvents().stream().map(e -> parse(bearer(e.getRequest()))).toList();
        assertThat(tokens.get(0).serialize()).isNotEqualTo(tokens.get(1).serialize());
        assertThat(tokens.get(0).getHeader().getCustomParam("nonce")).isNotEqualTo(tokens.get(1).getHeader().getCustomParam("nonce"));
        SignedJWT jwt = tokens.getFirst();
        assertThat(jwt.verify(new ECDSAVerifier(ecPublic(sec1)))).isTrue();
        assertThat((String) jwt.getHeader().getCustomParam("nonce")).matches("[0-9a-f]{32}");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("uri")).isEqualTo("GET " + java.net.URI.create(server.baseUrl()).getHost() + ":" + server.getPort()
                + "/api/v3/brokerage/accounts");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(keyName);
        assertThat(jwt.getJWTClaimsSet().getNotBeforeTime().toInstant()).isEqualTo(START);
    }

    /** A token in the query (Mux's signed URLs take ?token=JWT), hidden in the exchange log by its parameter's name. */
    @Test
    void aTokenInTheQueryGoesUnderItsNameAndIsHiddenInTheLog() throws Exception {
        server.stubFor(get(urlPathEqualTo("/things")).willReturn(okJson("[{\"id\": 1}]")));
        String connector = """
                kind: Connector
                name: query-jwt
                baseUrl: %s
                secrets: { secret: {} }
                auth: { type: jwt, secret: "{{ secrets.secret }}", claims: { aud: v }, in: query, name: token }
                streams:
                  things: { request: { path: /things }, records: $, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("secret", "query-secret-of-32-bytes-length!"))) {
            read(client, "things");
        }

        LoggedRequest request = server.getAllServeEvents().getFirst().getRequest();
        String token = request.queryParameter("token").firstValue();
        assertThat(request.getHeader("Authorization")).isNull();
        assertThat(SignedJWT.parse(token).verify(new MACVerifier("query-secret-of-32-bytes-length!".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(exchanges.exchanges.toString()).doesNotContain(token).contains("token=");
    }

    @Test
    void anEd25519KeySignsEdDsa() throws Exception {
        server.stubFor(get(urlPathEqualTo("/things")).willReturn(okJson("[{\"id\": 1}]")));
        String key = resource("/pem/ed25519.pem");
        String connector = """
                kind: Connector
                name: ed
                baseUrl: %s
                secrets: { privateKey: {} }
                auth: { type: jwt, privateKey: "{{ secrets.privateKey }}", claims: { sub: me } }
                streams:
                  things: { request: { path: /things }, records: $, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("privateKey", key))) {
            read(client, "things");
        }

        SignedJWT jwt = SignedJWT.parse(bearer(server.getAllServeEvents().getFirst().getRequest()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        byte[] pkcs8 = dev.junction.http.internal.PemKeys.privateKey(key, null, "k", null).getEncoded();
        var seed = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
        var verifier = new org.bouncycastle.crypto.signers.Ed25519Signer();
        verifier.init(false, seed.generatePublicKey());
        byte[] input = jwt.getSigningInput();
        verifier.update(input, 0, input.length);
        assertThat(verifier.verifySignature(jwt.getSignature().decode())).isTrue();
    }

    @Test
    void aGitHubInstallationTokenIsObtainedWithTheAppsJwtAndUsedUntilItsExpiresAt() throws Exception {
        server.stubFor(post(urlPathEqualTo("/app/installations/42/access_tokens"))
                .willReturn(okJson("{\"token\": \"ghs_16C7e42F292c6912E7710c838347Ae178B4a\", \"expires_at\": \"2026-03-01T10:30:00Z\"}")));
        server.stubFor(get(urlPathEqualTo("/installation/repositories")).willReturn(okJson("{\"repositories\": [{\"id\": 1296269}]}")));
        String key = resource("/pem/rsa-pkcs1.pem");
        String connector = """
                kind: Connector
                name: github-installation
                baseUrl: %s
                config: { appId: { type: string }, installationId: { type: string } }
                secrets: { privateKey: {} }
                auth:
                  type: session
                  loginUrl: "/app/installations/{{ config.installationId }}/access_tokens"
                  loginAuth:
                    type: jwt
                    privateKey: "{{ secrets.privateKey }}"
                    claims: { iss: "{{ config.appId }}" }
                    lifetime: 10m
                    backdate: 60s
                  tokenPath: $.token
                  expiresAtPath: $.expires_at
                  prefix: "token "
                streams:
                  repositories: { request: { path: /installation/repositories }, records: $.repositories, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "config: { appId: \"123456\", installationId: \"42\" }", Map.of("privateKey", key))) {
            read(client, "repositories");
            time.advance(Duration.ofMinutes(59));
            read(client, "repositories");
            time.advance(Duration.ofMinutes(2)); // past expires_at: a new installation token
            read(client, "repositories");
        }

        List<LoggedRequest> logins = server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/app/installations/42/access_tokens")));
        assertThat(logins).hasSize(2);
        SignedJWT appJwt = SignedJWT.parse(bearer(logins.getFirst()));
        assertThat(appJwt.verify(new RSASSAVerifier(rsaPublic(key)))).isTrue();
        assertThat(appJwt.getJWTClaimsSet().getIssuer()).isEqualTo("123456");
        assertThat(server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/installation/repositories"))))
                .extracting(r -> r.getHeader("Authorization")).containsOnly("token ghs_16C7e42F292c6912E7710c838347Ae178B4a");
        assertThat(exchanges.exchanges.toString()).doesNotContain("ghs_16C7e42F292c6912E7710c838347Ae178B4a", appJwt.serialize());
    }

    /** Cisco Catalyst Center's token: POST /dna/system/api/v1/auth/token with Basic, the token sent back in X-Auth-Token. */
    @Test
    void aLoginByBasicAuthGetsTheTokenAndARefusedJwtLoginNamesLoginAuth() throws Exception {
        server.stubFor(post(urlPathEqualTo("/dna/system/api/v1/auth/token")).willReturn(okJson("{\"Token\": \"eyJhbGciOi.dnac-token\"}")));
        server.stubFor(get(urlPathEqualTo("/dna/intent/api/v1/network-device")).willReturn(okJson("{\"response\": [{\"id\": \"d1\"}]}")));
        String connector = """
                kind: Connector
                name: dnac
                baseUrl: %s
                secrets: { user: {}, password: {} }
                auth:
                  type: session
                  loginUrl: /dna/system/api/v1/auth/token
                  loginAuth: { type: basic, username: "{{ secrets.user }}", password: "{{ secrets.password }}" }
                  tokenPath: $.Token
                  ttl: 55m
                  name: X-Auth-Token
                streams:
                  devices: { request: { path: /dna/intent/api/v1/network-device }, records: $.response, primaryKey: id }
                """;

        try (ConnectionClient client = client(connector, "", Map.of("user", "netops", "password", "s3cret-Basic-pw"))) {
            read(client, "devices");
        }

        server.verify(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/dna/system/api/v1/auth/token"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Basic "
                        + Base64.getEncoder().encodeToString("netops:s3cret-Basic-pw".getBytes(StandardCharsets.UTF_8)))));
        server.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/dna/intent/api/v1/network-device"))
                .withHeader("X-Auth-Token", com.github.tomakehurst.wiremock.client.WireMock.equalTo("eyJhbGciOi.dnac-token")));
        assertThat(exchanges.exchanges.toString()).doesNotContain("s3cret-Basic-pw", "eyJhbGciOi.dnac-token",
                Base64.getEncoder().encodeToString("netops:s3cret-Basic-pw".getBytes(StandardCharsets.UTF_8)));

        server.stubFor(post(urlPathEqualTo("/app/installations/42/access_tokens")).willReturn(com.github.tomakehurst.wiremock.client.WireMock
                .aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\": \"A JSON web token could not be decoded\", \"status\": \"401\"}")));
        String github = """
                kind: Connector
                name: gh
                baseUrl: %s
                secrets: { privateKey: {} }
                auth:
                  type: session
                  loginUrl: /app/installations/42/access_tokens
                  loginAuth: { type: jwt, privateKey: "{{ secrets.privateKey }}", claims: { iss: "1" } }
                  tokenPath: $.token
                streams:
                  repositories: { request: { path: /installation/repositories }, records: $.repositories, primaryKey: id }
                """;
        try (ConnectionClient client = client(github, "", Map.of("privateKey", resource("/pem/rsa-pkcs1.pem")))) {
            assertThatThrownBy(() -> read(client, "repositories")).hasMessageContaining("the session login at POST "
                    + server.baseUrl() + "/app/installations/42/access_tokens answered HTTP 401; check the login credentials (auth.loginAuth)");
        }
    }

    @Test
    void settingsJunctionWritesOrThatCannotSignAreRefusedWhenLoaded() {
        String connector = """
                kind: Connector
                name: bad
                baseUrl: http://127.0.0.1:9
                secrets: { privateKey: {}, secret: {} }
                auth:
                  type: jwt
                  algorithm: HS256
                  privateKey: "{{ secrets.privateKey }}"
                  passphrase: hunter2
                  claims: { iss: app, exp: 100 }
                  headers: { alg: none, x5c: cert }
                  lifetime: 5s
                """;

        LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("bad.yaml", connector)));

        assertThat(loaded.problems()).extracting(Object::toString).anySatisfy(p -> assertThat(p).contains("auth.algorithm",
                        "HS256 signs with a shared secret; give secret instead of privateKey"))
                .anySatisfy(p -> assertThat(p).contains("auth.passphrase", "expected a reference to a declared secret"))
                .anySatisfy(p -> assertThat(p).contains("auth.claims.exp", "'exp' is set by Junction at signing: set lifetime"))
                .anySatisfy(p -> assertThat(p).contains("auth.headers", "'alg' is written by Junction: set algorithm"))
                .anySatisfy(p -> assertThat(p).contains("auth.headers", "'x5c' describes a key or its certificate"))
                .anySatisfy(p -> assertThat(p).contains("auth.lifetime", "expected at least 10s"))
                .noneSatisfy(p -> assertThat(p).contains("hunter2"));
    }

    @Test
    void aKeyThatCannotSignTheNamedAlgorithmOrAWrongPassphraseFailsWhenTheConnectionIsMade() throws Exception {
        String connector = """
                kind: Connector
                name: strict
                baseUrl: %s
                secrets: { privateKey: {}, passphrase: {} }
                auth: { type: jwt, algorithm: ES384, privateKey: "{{ secrets.privateKey }}", passphrase: "{{ secrets.passphrase }}" }
                streams:
                  things: { request: { path: /things }, records: $, primaryKey: id }
                """;

        assertThatThrownBy(() -> client(connector, "", Map.of("privateKey", resource("/pem/rsa-pkcs8-encrypted.pem"), "passphrase", "wrong")))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("connection 'conn': auth.privateKey: the encrypted key cannot be decrypted with auth.passphrase; it is wrong or the key is"
                        + " damaged");
        assertThatThrownBy(() -> client(connector, "", Map.of("privateKey", resource("/pem/rsa-pkcs8-encrypted.pem"), "passphrase", "correct-horse")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("auth.algorithm: ES384 cannot sign with auth.privateKey, an RSA key; expected RS256, RS384, RS512, PS256, PS384 or"
                        + " PS512");
    }

    /**
     * The docs' Snowflake connector: the issuer names the public key by the fingerprint {@code openssl rsa -pubout -outform DER |
     * openssl dgst -sha256 -binary | base64} prints for the test key, the key is read encrypted, and the token is reused (the fingerprint
     * is no attempt variable).
     */
    @Test
    void snowflakesKeyPairJwtNamesThePublicKeysFingerprintAsOpenSslComputesIt() throws Exception {
        server.stubFor(post(urlPathEqualTo("/api/v2/statements")).willReturn(okJson("{\"data\": [[\"1\"]]}")));
        String connector = """
                kind: Connector
                name: snowflake
                baseUrl: %s
                """ + DocsExamples.yamlBlocks("#### JWT (`jwt`)", "#### OAuth 2.0").get(3) + """
                actions:
                  statement: { request: { method: POST, path: /api/v2/statements, body: "$record" } }
                """;

        try (ConnectionClient client = client(connector, "config: { account: MYORG-MYACCOUNT, user: JUNCTION_SVC }",
                Map.of("privateKey", resource("/pem/rsa-pkcs8-encrypted.pem"), "passphrase", "correct-horse"))) {
            for (int i = 0; i < 2; i++) {
                client.call("statement", List.of(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"statement\": \"select 1\"}")),
                        new dev.junction.http.CallContext("run-1", null, "conn", List.of("s-1"), true), null);
            }
        }

        List<LoggedRequest> requests = server.getAllServeEvents().reversed().stream().map(e -> e.getRequest()).toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).getHeader("X-Snowflake-Authorization-Token-Type")).isEqualTo("KEYPAIR_JWT");
        assertThat(bearer(requests.get(1))).as("reused").isEqualTo(bearer(requests.get(0)));
        SignedJWT jwt = parse(bearer(requests.get(0)));
        assertThat(jwt.verify(new RSASSAVerifier(rsaPublic(resource("/pem/rsa-pkcs1.pem"))))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("MYORG-MYACCOUNT.JUNCTION_SVC.SHA256:3qnxJuKuhVvd4m4LJeNmdQbZ9N6bclTC8dChsxnJEX8=");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("MYORG-MYACCOUNT.JUNCTION_SVC");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(START.plus(Duration.ofMinutes(59)));
        assertThatThrownBy(() -> client(connector, "config: { account: A, user: U }", Map.of("privateKey", pkcs8(ec("secp256r1")))))
                .hasMessageContaining("{{ publicKeySha256 }} is the fingerprint of an RSA key's public key");
        LoadResult withSecret = new SpecLoader().loadTexts(List.of(new SourceText("hs.yaml", """
                kind: Connector
                name: hs
                baseUrl: https://api.example.com
                secrets: { secret: {} }
                auth: { type: jwt, secret: "{{ secrets.secret }}", claims: { iss: "{{ publicKeySha256 }}" } }
                """)));
        assertThat(withSecret.problems()).singleElement().asString().contains("auth.claims: {{ publicKeySha256 }} is the fingerprint of privateKey's"
                + " public key; a secret has none");
    }

    /** One connector for encrypted and plain keys: its passphrase secret is optional, and a connection that gives none has a plain key. */
    @Test
    void anOptionalPassphraseThatAConnectionDoesNotGiveLeavesAPlainKeyToSign() throws Exception {
        server.stubFor(get(urlPathEqualTo("/app/installations")).willReturn(okJson("[{\"id\": 42}]")));
        String connector = GITHUB_APP.replace("secrets: { privateKey: {} }", "secrets: { privateKey: {}, passphrase: { required: false } }")
                .replace("privateKey: \"{{ secrets.privateKey }}\"", "privateKey: \"{{ secrets.privateKey }}\"\n  passphrase: \"{{ secrets.passphrase }}\"");
        String key = resource("/pem/rsa-pkcs1.pem");

        try (ConnectionClient plain = client(connector, "config: { appId: \"1\" }", Map.of("privateKey", key));
                ConnectionClient encrypted = client(connector, "config: { appId: \"1\" }",
                        Map.of("privateKey", resource("/pem/rsa-pkcs8-encrypted.pem"), "passphrase", "correct-horse"))) {
            read(plain, "installations");
            read(encrypted, "installations");
        }

        assertThat(server.getAllServeEvents()).hasSize(2).allSatisfy(event -> assertThat(
                parse(bearer(event.getRequest())).verify(new RSASSAVerifier(rsaPublic(key)))).isTrue());
    }

    @Test
    void theDocsExamplesLoad() throws Exception {
        List<String> blocks = DocsExamples.yamlBlocks("#### JWT (`jwt`)", "#### OAuth 2.0");
        assertThat(blocks).hasSize(4);
        String head = """
                kind: Connector
                name: NAME
                baseUrl: https://api.example.com
                """;
        List<String> texts = List.of(head.replace("NAME", "asc") + blocks.get(0),
                head.replace("NAME", "coinbase") + "secrets: { keyName: {}, privateKey: {} }\n" + blocks.get(1),
                head.replace("NAME", "ghost") + "secrets: { keyId: {}, secret: {} }\n" + blocks.get(2),
                head.replace("NAME", "snowflake") + blocks.get(3),
                head.replace("NAME", "github") + "config: { appId: { type: string }, installationId: { type: string } }\nsecrets: { privateKey: {} }\n"
                        + DocsExamples.yamlBlocks("**A login that authenticates itself (`loginAuth`).**", "**Where the session lives").getFirst(),
                head.replace("NAME", "keystone") + "config: { identityUrl: { type: string }, domain: { type: string } }\nsecrets: { user: {}, password: {} }\n"
                        + DocsExamples.yamlBlocks("**Other login shapes.**", "**A login that authenticates itself").get(0),
                head.replace("NAME", "qualys") + "secrets: { user: {}, password: {} }\n"
                        + DocsExamples.yamlBlocks("**Other login shapes.**", "**A login that authenticates itself").get(1));
        for (String text : texts) {
            LoadResult loaded = new SpecLoader().loadTexts(List.of(new SourceText("docs.yaml", text)));
            assertThat(loaded.problems()).as(text).isEmpty();
        }
    }

    private static String bearer(LoggedRequest request) {
        return request.getHeader("Authorization").substring("Bearer ".length());
    }

    private static SignedJWT parse(String jwt) {
        try {
            return SignedJWT.parse(jwt);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String resource(String path) throws Exception {
        try (InputStream in = JwtAuthTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static RSAPublicKey rsaPublic(String pkcs1) throws Exception {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) dev.junction.http.internal.PemKeys.privateKey(pkcs1, null, "k", null);
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    /** As Apple hands out its .p8 keys. */
    private static String pkcs8(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** The public key of a SEC1 key file, which holds it beside the private key. */
    private static ECPublicKey ecPublic(String sec1) throws Exception {
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(sec1))) {
            Object block = parser.readObject();
            while (!(block instanceof org.bouncycastle.openssl.PEMKeyPair)) {
                block = parser.readObject();
            }
            return (ECPublicKey) new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getKeyPair((org.bouncycastle.openssl.PEMKeyPair) block)
                    .getPublic();
        }
    }
}
