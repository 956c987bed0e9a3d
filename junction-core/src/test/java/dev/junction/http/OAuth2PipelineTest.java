package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.spec.RetrySpec;
import dev.junction.store.CredentialRepository;
import dev.junction.store.StoredCredential;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** OAuth 2.0 token lifecycle against mock-oauth2-server (token endpoint) and WireMock (the API). */
class OAuth2PipelineTest extends OAuthApiFixture {
    private static final String CLIENT_SECRET = "client-secret-1";

    @Test
    void fetchesAClientCredentialsTokenOnceAndReplacesItRefreshBeforeAheadOfExpiry() throws Exception {
        oauth.server.enqueueCallback(new DefaultOAuth2TokenCallback(OAuthServer.ISSUER, "junction", "JWT", List.of("api"), Map.of(), 300));
        oauth.server.enqueueCallback(new DefaultOAuth2TokenCallback(OAuthServer.ISSUER, "junction", "JWT", List.of("api"), Map.of(), 300));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of()), CredentialRepository.inMemory());

        call(pipeline);
        call(pipeline);
        call(pipeline);
        time.advance(Duration.ofSeconds(230)); // expires at +300 (+299 when the server rounds down), replaced 60s ahead
        call(pipeline);

        assertThat(oauth.requestCount()).isEqualTo(1);
        RecordedRequest tokenRequest = oauth.server.takeRequest();
        assertThat(tokenRequest.getHeader("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("junction:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(tokenRequest.getBody().readUtf8()).isEqualTo("grant_type=client_credentials&scope=api");
        assertThat(bearerTokensSent()).hasSize(1);

        time.advance(Duration.ofSeconds(20));
        call(pipeline);

        assertThat(oauth.requestCount()).isEqualTo(2);
        assertThat(bearerTokensSent()).hasSize(2);
    }

    @Test
    void refreshesTokenOnceWhenFiftyCallsSeeItExpire() throws Exception {
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of()), CredentialRepository.inMemory());
        call(pipeline);
        time.advance(Duration.ofHours(1));

        CountDownLatch gate = new CountDownLatch(1);
        List<Future<HttpResponse>> calls = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                calls.add(threads.submit(() -> {
                    gate.await();
                    return call(pipeline);
                }));
            }
            gate.countDown();
            for (Future<HttpResponse> done : calls) {
                assertThat(done.get().status()).isEqualTo(200);
            }
        }

        assertThat(oauth.requestCount()).isEqualTo(2); // the first token and exactly one refresh
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")))).hasSize(51);
        assertThat(bearerTokensSent()).hasSize(2);
    }

    @Test
    void refreshesOnceAfterA401AndRetriesTheCall() {
        api.stubFor(get("/contacts").inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401)).willSetStateTo("refused once"));
        api.stubFor(get("/contacts").inScenario("expired").whenScenarioStateIs("refused once").willReturn(okJson("{\"items\":[1]}")));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of()), CredentialRepository.inMemory());

        HttpResponse response = call(pipeline);

        assertThat(response.bodyText()).isEqualTo("{\"items\":[1]}");
        assertThat(oauth.requestCount()).isEqualTo(2);
        assertThat(bearerTokensSent()).hasSize(2);
    }

    @Test
    void failsWithAnAuthErrorNamingTheConnectionWhenTheNewTokenIsRefusedToo() {
        api.stubFor(get("/contacts").willReturn(aResponse().withStatus(401).withBody("{\"message\":\"token not accepted\"}")));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of()), CredentialRepository.inMemory());

        assertThatThrownBy(() -> call(pipeline))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.AUTH))
                .hasMessage("GET " + api.baseUrl() + "/contacts was refused with HTTP 401: token not accepted; check the credentials of"
                        + " connection 'crm' (also with a new access token from the client_credentials grant)");
        assertThat(oauth.requestCount()).isEqualTo(2);
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")))).hasSize(2);
    }

    @Test
    void treatsABodyMatchingTheTokenErrorPathLikeA401() {
        api.stubFor(get("/contacts").inScenario("in body").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"error\":{\"code\":\"INVALID_TOKEN\"}}")).willSetStateTo("refused once"));
        api.stubFor(get("/contacts").inScenario("in body").whenScenarioStateIs("refused once").willReturn(okJson("{\"items\":[2]}")));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS,
                Map.of("tokenError", new AuthSpec.TokenError("$.error.code", "INVALID_TOKEN", null))), CredentialRepository.inMemory());

        assertThat(call(pipeline).bodyText()).isEqualTo("{\"items\":[2]}");
        assertThat(oauth.requestCount()).isEqualTo(2);
    }

    @Test
    void failsWithAnAuthErrorWhenTheBodyStillMatchesTheTokenErrorPatternWithANewToken() {
        api.stubFor(get("/contacts").willReturn(okJson("{\"ok\":false,\"reason\":\"Token expired\"}")));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS,
                Map.of("tokenError", new AuthSpec.TokenError(null, null, "(?i)token expired"))), CredentialRepository.inMemory());

        assertThatThrownBy(() -> call(pipeline))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.AUTH))
                .hasMessage("GET " + api.baseUrl() + "/contacts answered HTTP 200 with a body matching auth.tokenError (the access token"
                        + " is invalid), also with a new access token from the client_credentials grant; check the credentials of connection 'crm'");
    }

    @Test
    void savesARotatedRefreshTokenBeforeTheNewAccessTokenIsUsed() throws Exception {
        Map<String, String> connected = oauth.authorizationCodeTokens("junction");
        SavingOrder credentials = new SavingOrder();
        HttpPipeline pipeline = pipeline(spec(Grant.REFRESH_TOKEN, Map.of("refreshToken", connected.get("refresh_token"))), credentials);

        call(pipeline);
        time.advance(Duration.ofHours(1));
        call(pipeline); // works only with the rotated refresh token: the server forgot the first one

        assertThat(credentials.saved).hasSize(2);
        assertThat(credentials.saved).extracting(c -> c.value("refresh_token")).doesNotHaveDuplicates().doesNotContain(connected.get("refresh_token"));
        assertThat(credentials.apiCallsWithTokenWhenSaved).containsExactly(0, 0);
        assertThat(bearerTokensSent()).containsExactly(credentials.saved.get(0).value("access_token"), credentials.saved.get(1).value("access_token"));
    }

    @Test
    void refusesARefreshTokenTheServerNoLongerKnowsWithAClearAuthError() throws Exception {
        Map<String, String> connected = oauth.authorizationCodeTokens("junction");
        call(pipeline(spec(Grant.REFRESH_TOKEN, Map.of("refreshToken", connected.get("refresh_token"))), CredentialRepository.inMemory()));
        HttpPipeline stale = pipeline(spec(Grant.REFRESH_TOKEN, Map.of("refreshToken", connected.get("refresh_token"))), CredentialRepository.inMemory());

        assertThatThrownBy(() -> call(stale))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.AUTH))
                .hasMessage("connection 'crm': the token endpoint POST " + oauth.tokenUrl() + " refused the refresh_token grant with HTTP 400:"
                        + " invalid_grant (unknown refresh_token); check the connection's client id and refresh token, or authorize it again");
    }

    @Test
    void usesAnAuthorizationCodeAccessTokenUntilItIsRefusedThenRefreshesIt() throws Exception {
        Map<String, String> connected = oauth.authorizationCodeTokens("junction");
        int before = oauth.requestCount();
        api.stubFor(get("/contacts").withHeader("Authorization", equalTo("Bearer " + connected.get("access_token")))
                .willReturn(aResponse().withStatus(401)));
        HttpPipeline pipeline = pipeline(spec(Grant.AUTHORIZATION_CODE,
                Map.of("accessToken", connected.get("access_token"), "refreshToken", connected.get("refresh_token"))), CredentialRepository.inMemory());

        assertThat(call(pipeline).status()).isEqualTo(200);

        assertThat(oauth.requestCount() - before).isEqualTo(1);
        List<String> sent = bearerTokensSent();
        assertThat(sent).hasSize(2).first().isEqualTo(connected.get("access_token"));
    }

    @Test
    void logsInWithThePasswordGrant() throws Exception {
        HttpPipeline pipeline = pipeline(spec(Grant.PASSWORD, Map.of("username", "alice", "password", "alice-password-1")),
                CredentialRepository.inMemory());

        call(pipeline);

        String form = oauth.server.takeRequest().getBody().readUtf8();
        assertThat(form).isEqualTo("grant_type=password&username=alice&password=alice-password-1&scope=api");
        assertThat(SignedJWT.parse(bearerTokensSent().getFirst()).getJWTClaimsSet().getSubject()).isEqualTo("alice");
    }

    @Test
    void signsAnRs256AssertionForTheJwtBearerGrant() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        HttpPipeline pipeline = pipeline(spec(Grant.JWT_BEARER, Map.of("clientId", "", "clientSecret", "", "privateKey", pem,
                "issuer", "svc@junction.test", "subject", "alice@junction.test", "keyId", "k1")), CredentialRepository.inMemory());

        call(pipeline);

        Map<String, String> form = TestPeers.form(oauth.server.takeRequest().getBody().readUtf8());
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("k1");
        var claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("svc@junction.test");
        assertThat(claims.getSubject()).isEqualTo("alice@junction.test");
        assertThat(claims.getAudience()).containsExactly(oauth.tokenUrl());
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(time.instant());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(time.instant().plus(Duration.ofMinutes(5)));
        assertThat(SignedJWT.parse(bearerTokensSent().getFirst()).getJWTClaimsSet().getSubject()).isEqualTo("alice@junction.test");
        assertThat(sink.exchanges.toString()).doesNotContain(form.get("assertion"));
    }

    @Test
    void neverPutsATokenOrSecretIntoTheExchangeLog() throws Exception {
        Map<String, String> connected = oauth.authorizationCodeTokens("junction");
        SavingOrder credentials = new SavingOrder();
        api.stubFor(get("/contacts").inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401)).willSetStateTo("refused once"));
        api.stubFor(get("/contacts").inScenario("expired").whenScenarioStateIs("refused once").willReturn(okJson("{\"items\":[1]}")));
        HttpPipeline pipeline = pipeline(spec(Grant.REFRESH_TOKEN,
                Map.of("refreshToken", connected.get("refresh_token"), "clientAuth", AuthSpec.ClientAuth.BODY)), credentials);

        call(pipeline);
        time.advance(Duration.ofHours(2));
        call(pipeline);

        Set<String> secrets = new LinkedHashSet<>(bearerTokensSent());
        secrets.add(CLIENT_SECRET);
        secrets.add(connected.get("refresh_token"));
        credentials.saved.forEach(c -> secrets.addAll(c.values().values().stream().filter(v -> v.length() > 20).toList()));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(7);
        List<String> tokenExchanges = sink.exchanges.stream().filter(e -> e.url().equals(oauth.tokenUrl())).map(Object::toString).toList();
        assertThat(tokenExchanges).hasSize(3).allSatisfy(e -> assertThat(e).contains("[redacted]"));
        for (String secret : secrets) {
            assertThat(sink.exchanges.toString()).doesNotContain(secret);
        }
    }

    @Test
    void reusesStoredTokensAfterARestart() {
        CredentialRepository credentials = CredentialRepository.inMemory();
        call(pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of()), credentials));
        time.advance(Duration.ofMinutes(10));

        call(pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of()), credentials));

        assertThat(oauth.requestCount()).isEqualTo(1);
        assertThat(bearerTokensSent()).hasSize(1);
    }

    @Test
    void saysWhichCredentialsToCheckWhenTheTokenEndpointRefusesTheClient() {
        api.stubFor(post("/token").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}")));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of("tokenUrl", api.baseUrl() + "/token")), CredentialRepository.inMemory());

        assertThatThrownBy(() -> call(pipeline))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.AUTH))
                .hasMessage("connection 'crm': the token endpoint POST " + api.baseUrl() + "/token refused the client_credentials grant with"
                        + " HTTP 401: invalid_client (client authentication failed); check the connection's client id and secret");
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")))).isEmpty();
    }

    @Test
    void retriesATokenRequestTheEndpointAnsweredWith503AndLogsEachAttempt() {
        // Microsoft's and Salesforce's token endpoints answer a short outage with 503: the call goes on once the endpoint is back
        api.stubFor(post("/token").inScenario("outage").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("back"));
        api.stubFor(post("/token").inScenario("outage").whenScenarioStateIs("back")
                .willReturn(okJson("{\"access_token\":\"after-the-outage-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of("tokenUrl", api.baseUrl() + "/token")), CredentialRepository.inMemory());

        assertThat(call(pipeline).status()).isEqualTo(200);

        assertThat(api.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/token")))).hasSize(2);
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")).withHeader("Authorization", equalTo("Bearer after-the-outage-1")))).hasSize(1);
        assertThat(sink.exchanges).filteredOn(e -> e.url().endsWith("/token")).extracting(e -> e.status() + "#" + e.attempt())
                .containsExactly("503#1", "200#2");
        assertThat(time.waits).as("the backoff of the connector's retry settings").hasSize(1);
    }

    @Test
    void aTokenEndpointStillFailingAfterEveryAttemptIsARetryableErrorNamingTheStatus() {
        api.stubFor(post("/token").willReturn(aResponse().withStatus(502)));
        HttpPipeline pipeline = pipeline(spec(Grant.CLIENT_CREDENTIALS, Map.of("tokenUrl", api.baseUrl() + "/token")), CredentialRepository.inMemory());

        assertThatThrownBy(() -> call(pipeline))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.RETRYABLE))
                .hasMessageStartingWith("connection 'crm': the token endpoint POST " + api.baseUrl() + "/token refused the client_credentials grant with"
                        + " HTTP 502");
        assertThat(api.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/token"))))
                .hasSize(RetrySpec.DEFAULT.maxAttempts());
        assertThat(api.findAll(getRequestedFor(urlEqualTo("/contacts")))).isEmpty();
    }

    @Test
    void aRefreshTheServerMayHaveActedOnIsNotSentAgain() throws Exception {
        // a rotating refresh token is used up by a request the server acted on: a 500 may come after that, so no second try
        api.stubFor(post("/token").willReturn(aResponse().withStatus(500)));
        HttpPipeline pipeline = pipeline(spec(Grant.REFRESH_TOKEN, Map.of("tokenUrl", api.baseUrl() + "/token", "refreshToken", "rt-once-1")),
                CredentialRepository.inMemory());

        assertThatThrownBy(() -> call(pipeline))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.RETRYABLE));
        assertThat(api.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/token")))).hasSize(1);
    }

    /** The distinct bearer tokens the API received, in order. */
    private List<String> bearerTokensSent() {
        return TestPeers.bearerTokensSent(api);
    }

    private AuthSpec.OAuth2 spec(Grant grant, Map<String, Object> given) {
        Map<String, Object> f = new HashMap<>(Map.of("tokenUrl", oauth.tokenUrl(), "clientId", "junction", "clientSecret", CLIENT_SECRET));
        f.putAll(given);
        f.values().removeIf(""::equals);
        return new AuthSpec.OAuth2(grant, (String) f.get("tokenUrl"), (AuthSpec.ClientAuth) f.getOrDefault("clientAuth", AuthSpec.ClientAuth.BASIC),
                (String) f.get("clientId"), (String) f.get("clientSecret"), List.of("api"), null, (String) f.get("username"),
                (String) f.get("password"), (String) f.get("refreshToken"), (String) f.get("accessToken"), (String) f.get("privateKey"),
                (String) f.get("issuer"), (String) f.get("subject"), (String) f.get("keyId"), Duration.ofSeconds(60),
                (AuthSpec.TokenError) f.get("tokenError"));
    }

    /** Keeps what is saved and how many API calls had already used the saved access token at that moment. */
    private static final class SavingOrder implements CredentialRepository {
        final List<StoredCredential> saved = new CopyOnWriteArrayList<>();
        final List<Integer> apiCallsWithTokenWhenSaved = new CopyOnWriteArrayList<>();
        private final CredentialRepository delegate = CredentialRepository.inMemory();

        @Override
        public Optional<StoredCredential> find(String tenant, String connection) {
            return delegate.find(tenant, connection);
        }

        @Override
        public void save(StoredCredential credential) {
            apiCallsWithTokenWhenSaved.add(api.findAll(getRequestedFor(urlEqualTo("/contacts"))
                    .withHeader("Authorization", equalTo("Bearer " + credential.value("access_token")))).size());
            saved.add(credential);
            delegate.save(credential);
        }

        @Override
        public void delete(String tenant, String connection) {
            delegate.delete(tenant, connection);
        }
    }
}
