package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.store.CredentialRepository;
import dev.junction.webhook.TestAuthority;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that proves itself with a signed assertion ({@code clientAuth: private_key_jwt}, RFC 7523
 * section 2.2) against mock-oauth2-server, and the API's own token fields ({@code tokenParams}:
 * Zoom's Server-to-Server grant) against WireMock playing the token endpoint.
 */
class OAuth2ClientAssertionTest extends OAuthApiFixture {
    @Test
    void aClientCredentialsGrantCarriesAnRs256AssertionOfTheClientWithItsCertificatesThumbprints() throws Exception {
        TestAuthority.Signer signer = TestAuthority.selfSigned("junction-client", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        HttpPipeline pipeline = pipeline(spec(pem(signer.key()), signer.pem(), null, Map.of()));

        call(pipeline);

        var token = oauth.server.takeRequest();
        assertThat(token.getHeader("Authorization")).isNull();
        Map<String, String> form = TestPeers.form(token.getBody().readUtf8());
        assertThat(form).containsEntry("grant_type", "client_credentials").containsEntry("client_id", "junction")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer").doesNotContainKey("client_secret");
        SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) signer.key().getPublic()))).isTrue();
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("k1");
        byte[] der = signer.certificate().getEncoded();
        assertThat(assertion.getHeader().getX509CertSHA256Thumbprint()).isEqualTo(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der)));
        @SuppressWarnings("deprecation")
        Base64URL sha1 = assertion.getHeader().getX509CertThumbprint();
        assertThat(sha1).isEqualTo(Base64URL.encode(MessageDigest.getInstance("SHA-1").digest(der)));
        var claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("junction");
        assertThat(claims.getSubject()).isEqualTo("junction");
        assertThat(claims.getAudience()).containsExactly(oauth.tokenUrl());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(time.instant().plus(Duration.ofMinutes(5)));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getClaim("scope")).isNull();
        assertThat(bearerTokensSent()).hasSize(1);
        assertThat(sink.exchanges.toString()).doesNotContain(form.get("client_assertion")).contains("[redacted]");
    }

    @Test
    void anEcKeySignsEs256AndEachTokenRequestHasAFreshAssertionForTheAudienceGiven() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        HttpPipeline pipeline = pipeline(spec(pem(keys), null, "https://tenant.auth.example/", Map.of()));

        call(pipeline);
        time.advance(Duration.ofHours(2)); // past the token's hour: a second token request
        call(pipeline);

        SignedJWT first = SignedJWT.parse(TestPeers.form(oauth.server.takeRequest().getBody().readUtf8()).get("client_assertion"));
        SignedJWT second = SignedJWT.parse(TestPeers.form(oauth.server.takeRequest().getBody().readUtf8()).get("client_assertion"));
        for (SignedJWT assertion : List.of(first, second)) {
            assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(assertion.verify(new ECDSAVerifier((ECPublicKey) keys.getPublic()))).isTrue();
            assertThat(assertion.getJWTClaimsSet().getAudience()).containsExactly("https://tenant.auth.example/");
        }
        assertThat(second.getJWTClaimsSet().getJWTID()).isNotEqualTo(first.getJWTClaimsSet().getJWTID());
        assertThat(second.getJWTClaimsSet().getIssueTime()).isAfter(first.getJWTClaimsSet().getIssueTime());
        assertThat(bearerTokensSent()).hasSize(2);
    }

    /** An encrypted PKCS#8 key (openssl pkcs8 -topk8 -v2 aes-256-cbc), with its passphrase. */
    @Test
    void anEncryptedPrivateKeySignsWithItsPassphraseWhichNoLogShows() throws Exception {
        String encrypted = resource("rsa-pkcs8-encrypted.pem");
        var key = (java.security.interfaces.RSAPrivateCrtKey) dev.junction.http.internal.PemKeys.privateKey(resource("rsa-pkcs1.pem"), null, "k", null);
        var publicKey = (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        AuthSpec.OAuth2 plain = spec(encrypted, null, null, Map.of());
        HttpPipeline pipeline = pipeline(new AuthSpec.OAuth2(plain.grant(), plain.tokenUrl(), plain.clientAuth(), plain.clientId(), null, List.of(),
                null, null, null, null, null, encrypted, null, null, "k1", Duration.ofSeconds(60), null, null, Map.of(), null, null, null,
                "correct-horse"));

        call(pipeline);

        SignedJWT assertion = SignedJWT.parse(TestPeers.form(oauth.server.takeRequest().getBody().readUtf8()).get("client_assertion"));
        assertThat(assertion.verify(new RSASSAVerifier(publicKey))).isTrue();
        assertThat(bearerTokensSent()).hasSize(1);
        assertThat(sink.exchanges.toString()).doesNotContain("correct-horse");
        assertThatThrownBy(() -> call(pipeline(plain))).hasMessageContaining("auth.privateKey: the key is encrypted; give its passphrase as auth.passphrase");
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = OAuth2ClientAssertionTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aRefusedAssertionSaysToCheckThePrivateKeyAndItsRegistration() throws Exception {
        api.stubFor(post("/token").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS700027: the certificate is not registered\"}")));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        AuthSpec.OAuth2 spec = spec(pem(generator.generateKeyPair()), null, null, Map.of());
        HttpPipeline pipeline = pipeline(new AuthSpec.OAuth2(spec.grant(), api.baseUrl() + "/token", spec.clientAuth(), spec.clientId(), null, List.of(),
                null, null, null, null, null, spec.privateKey(), null, null, null, Duration.ofSeconds(60), null, null, Map.of(), null, null, null));

        assertThatThrownBy(() -> call(pipeline))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.AUTH))
                .hasMessage("connection 'crm': the token endpoint POST " + api.baseUrl() + "/token refused the client_credentials grant with"
                        + " HTTP 401: invalid_client (AADSTS700027: the certificate is not registered); check the connection's client id and"
                        + " private key, and that the client's public key (or certificate) is registered with the authorization server");
        String assertion = TestPeers.form(api.getAllServeEvents().getFirst().getRequest().getBodyAsString()).get("client_assertion");
        assertThat(SignedJWT.parse(assertion).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
        assertThat(api.getAllServeEvents()).hasSize(1);
    }

    @Test
    void zoomsServerToServerGrantIsAClientCredentialsRequestWithItsOwnGrantTypeAndAccount() {
        api.stubFor(post("/oauth/token").willReturn(okJson("{\"access_token\":\"zoom-token-1\",\"token_type\":\"bearer\",\"expires_in\":3599,"
                + "\"scope\":\"user:read:admin\",\"api_url\":\"https://api.zoom.us\"}")));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "account_credentials");
        params.put("account_id", "acc-42");
        AuthSpec.OAuth2 zoom = new AuthSpec.OAuth2(Grant.CLIENT_CREDENTIALS, api.baseUrl() + "/oauth/token", AuthSpec.ClientAuth.BASIC, "zoom-client",
                "zoom-secret", List.of(), null, null, null, null, null, null, null, null, null, Duration.ofSeconds(60), null, null, params, null, null, null);
        HttpPipeline pipeline = pipeline(zoom);

        call(pipeline);
        call(pipeline);

        api.verify(1, postRequestedFor(urlEqualTo("/oauth/token"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString("zoom-client:zoom-secret".getBytes(StandardCharsets.UTF_8))))
                .withRequestBody(equalTo("grant_type=account_credentials&account_id=acc-42")));
        assertThat(api.getAllServeEvents()).filteredOn(e -> e.getRequest().getUrl().equals("/contacts"))
                .extracting(e -> e.getRequest().getHeader("Authorization")).containsExactly("Bearer zoom-token-1", "Bearer zoom-token-1");
    }

    private HttpPipeline pipeline(AuthSpec.OAuth2 auth) {
        return pipeline(auth, CredentialRepository.inMemory());
    }

    private AuthSpec.OAuth2 spec(String privateKey, String certificate, String assertionAudience, Map<String, String> params) {
        return new AuthSpec.OAuth2(Grant.CLIENT_CREDENTIALS, oauth.tokenUrl(), AuthSpec.ClientAuth.PRIVATE_KEY_JWT, "junction", null, List.of(), null,
                null, null, null, null, privateKey, null, null, "k1", Duration.ofSeconds(60), null, null, params, assertionAudience, certificate, null);
    }

    private List<String> bearerTokensSent() {
        return TestPeers.bearerTokensSent(api);
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }
}
