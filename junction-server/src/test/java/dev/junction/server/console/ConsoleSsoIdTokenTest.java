package dev.junction.server.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.junction.engine.Role;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.OidcSettings;
import dev.junction.server.ServerConfig;
import dev.junction.server.api.ApiFixture;
import dev.junction.server.console.ConsoleSsoTest.Browser;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ID token's checks, one by one, against providers that answer what a test makes them answer: a
 * provider in WireMock (discovery, JWKS, token endpoint) whose ID tokens the test signs itself — with
 * the provider's key or another, for the right audience or another, expired or not; and a discovery
 * document naming an issuer other than the one mock-oauth2-server puts in its tokens. Only a token
 * that passes every check signs anybody in.
 */
class ConsoleSsoIdTokenTest {
    static final String CLIENT_ID = "junction-console";

    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static WireMockServer fake;
    static MockOAuth2Server mock;
    static RSAKey providerKey;
    static String fakeIssuer;
    static JunctionServer server;
    static JunctionServer misnamed;

    @BeforeAll
    static void start() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("provider-key").generate();
        fake = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        fake.start();
        fakeIssuer = fake.baseUrl() + "/realm";
        fake.stubFor(get(urlPathEqualTo("/realm/.well-known/openid-configuration")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(discovery(fakeIssuer, fakeIssuer + "/authorize", fakeIssuer + "/token", fakeIssuer + "/jwks"))));
        fake.stubFor(get(urlPathEqualTo("/realm/jwks")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(providerKey.toPublicJWK()).toString())));
        // a discovery document claiming an issuer of its own for mock-oauth2-server's endpoints, whose tokens name mock-oauth2-server
        mock = new MockOAuth2Server(new OAuth2Config(false, null, null, false));
        mock.start(InetAddress.getByName("127.0.0.1"), 0);
        String real = "http://127.0.0.1:" + mock.url("/").port() + "/default";
        fake.stubFor(get(urlPathEqualTo("/impostor/.well-known/openid-configuration")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(discovery(fake.baseUrl() + "/impostor", real + "/authorize", real + "/token",
                        real + "/jwks"))));
        api = ApiFixture.start(dataDir);
        server = start(fakeIssuer);
        misnamed = start(fake.baseUrl() + "/impostor");
    }

    static JunctionServer start(String issuer) {
        OidcSettings oidc = new OidcSettings(URI.create(issuer), "Fake", CLIENT_ID, "s3cret", null, "groups", Map.of("admins", Role.ADMIN), null, List.of(),
                null, List.of()).checked();
        return EngineApi.builder(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withConsoleOidc(oidc), api.engine).build().start();
    }

    static String discovery(String issuer, String authorize, String token, String jwks) {
        return "{\"issuer\": \"" + issuer + "\", \"authorization_endpoint\": \"" + authorize + "\", \"token_endpoint\": \"" + token + "\","
                + " \"jwks_uri\": \"" + jwks + "\", \"response_types_supported\": [\"code\"], \"subject_types_supported\": [\"public\"],"
                + " \"id_token_signing_alg_values_supported\": [\"RS256\"]}";
    }

    @AfterAll
    static void stop() {
        for (JunctionServer s : new JunctionServer[] {server, misnamed}) {
            if (s != null) {
                s.stop(java.time.Duration.ZERO);
            }
        }
        if (api != null) {
            api.close();
        }
        if (fake != null) {
            fake.stop();
        }
        if (mock != null) {
            mock.shutdown();
        }
    }

    /**
     * Starts a sign-on on the fake provider, has its token endpoint answer an ID token made from good
     * claims changed by {@code change} and signed with {@code key}, and comes back to the callback.
     */
    static HttpResponse<String> signOnWith(UnaryOperator<JWTClaimsSet.Builder> change, RSAKey key) throws Exception {
        Browser browser = new Browser();
        URI authorize = Browser.location(browser.step(server.baseUrl().resolve("/console/sso/start")));
        assertThat(authorize.toString()).startsWith(fakeIssuer + "/authorize?");
        String state = param(authorize, "state");
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(fakeIssuer).subject("u-1").audience(CLIENT_ID).expirationTime(Date.from(now.plusSeconds(300)))
                .issueTime(Date.from(now)).claim("nonce", param(authorize, "nonce")).claim("email", "root@example.com").claim("groups", List.of("admins"));
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), change.apply(claims).build());
        idToken.sign(new RSASSASigner(key));
        fake.stubFor(post(urlPathEqualTo("/realm/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\": \"at\", \"token_type\": \"Bearer\", \"expires_in\": 300, \"id_token\": \"" + idToken.serialize() + "\"}")));
        return browser.step(server.baseUrl().resolve("/console/sso/callback?code=the-code&state=" + state));
    }

    static String param(URI uri, String name) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).filter(p -> p.startsWith(name + "=")).map(p -> p.substring(name.length() + 1))
                .findFirst().orElseThrow();
    }

    @Test
    void aTokenThatPassesEveryCheckSignsIn() throws Exception {
        HttpResponse<String> answer = signOnWith(c -> c, providerKey);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("Signed in as root@example.com");
        // the code went to the token endpoint with the PKCE verifier and the client's credentials, never in the page
        fake.verify(postRequestedFor(urlPathEqualTo("/realm/token")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("code_verifier="))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Basic .+")));
        assertThat(answer.body()).doesNotContain("s3cret", "the-code");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("provider-key").generate();

        HttpResponse<String> answer = signOnWith(c -> c, stranger);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("ID token was not accepted").containsIgnoringCase("signature");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        HttpResponse<String> answer = signOnWith(c -> c.audience("some-other-app"), providerKey);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("ID token was not accepted").containsIgnoringCase("audience");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);

        HttpResponse<String> answer = signOnWith(c -> c.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))), providerKey);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("ID token was not accepted").containsIgnoringCase("expired");
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        HttpResponse<String> forged = signOnWith(c -> c.issuer("https://evil.example"), providerKey);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).containsIgnoringCase("issuer");

        // a real provider's token, through a discovery document that names another issuer than the token does
        Browser browser = new Browser();
        HttpResponse<String> answer = browser.follow(misnamed.baseUrl().resolve("/console/sso/start"));
        assertThat(answer.uri().getPath()).isEqualTo("/console/sso/callback");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.body()).contains("ID token was not accepted").containsIgnoringCase("issuer");
    }
}
