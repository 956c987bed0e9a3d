package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.store.CredentialRepository;
import dev.junction.store.ExchangeRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * OAuth 2.0 tokens shared by the pipelines of one connection ({@link OAuthTokens}) and recovered
 * from the store when another process rotated the refresh token, against mock-oauth2-server
 * rotating refresh tokens (each one good for one refresh) and WireMock as the API.
 */
class SharedOAuthTokensTest extends OAuthApiFixture {
    @Test
    void twoPipelinesOfOneConnectionRefreshAnExpiredTokenOnceForBoth() throws Exception {
        String refreshToken = oauth.authorizationCodeTokens("junction").get("refresh_token");
        OAuthTokens shared = new OAuthTokens();
        CredentialRepository store = CredentialRepository.inMemory();
        HttpPipeline first = pipeline(shared, store, "acme", spec(refreshToken, "secret-1"));
        HttpPipeline second = pipeline(shared, store, "acme", spec(refreshToken, "secret-1"));
        call(first);
        call(second);
        int before = oauth.requestCount();
        time.advance(Duration.ofHours(2));

        CountDownLatch gate = new CountDownLatch(1);
        List<Future<HttpResponse>> calls = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HttpPipeline pipeline : List.of(first, second, first, second)) {
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

        assertThat(oauth.requestCount() - before).isEqualTo(1);
        assertThat(tokenExchanges()).extracting(ExchangeRecord::status).containsOnly(200);
        assertThat(bearerTokensSent()).hasSize(2); // the first access token, then the one refresh's for both pipelines
    }

    @Test
    void usesTheAccessTokenAnotherProcessSavedInsteadOfSpendingItsStaleRefreshToken() throws Exception {
        String refreshToken = oauth.authorizationCodeTokens("junction").get("refresh_token");
        CredentialRepository store = CredentialRepository.inMemory();
        HttpPipeline nodeA = pipeline(new OAuthTokens(), store, "acme", spec(refreshToken, "secret-1"));
        HttpPipeline nodeB = pipeline(new OAuthTokens(), store, "acme", spec(refreshToken, "secret-1"));
        call(nodeA);
        call(nodeB); // finds node A's tokens in the store
        time.advance(Duration.ofHours(2));
        call(nodeA); // rotates the refresh token node B still holds

        assertThat(call(nodeB).status()).isEqualTo(200);

        // node B reads the store before it would refresh: no refused request with the refresh token node A spent
        assertThat(tokenExchanges()).extracting(ExchangeRecord::status).containsExactly(200, 200);
        List<String> sent = bearerTokensSent();
        assertThat(sent).hasSize(2); // node B uses node A's new access token
        assertNoTokenLogged(store, refreshToken);
    }

    @Test
    void refreshesWithTheRefreshTokenAnotherProcessSavedInsteadOfItsStaleOne() throws Exception {
        String refreshToken = oauth.authorizationCodeTokens("junction").get("refresh_token");
        CredentialRepository store = CredentialRepository.inMemory();
        HttpPipeline nodeA = pipeline(new OAuthTokens(), store, "acme", spec(refreshToken, "secret-1"));
        HttpPipeline nodeB = pipeline(new OAuthTokens(), store, "acme", spec(refreshToken, "secret-1"));
        call(nodeA);
        call(nodeB);
        time.advance(Duration.ofHours(2));
        call(nodeA);
        time.advance(Duration.ofHours(2)); // node A's new access token has expired too

        assertThat(call(nodeB).status()).isEqualTo(200);

        // node B refreshes once, with the refresh token node A saved (never with the one node A spent)
        assertThat(tokenExchanges()).extracting(ExchangeRecord::status).containsExactly(200, 200, 200);
        assertThat(bearerTokensSent()).hasSize(3);
        assertNoTokenLogged(store, refreshToken);
    }

    @Test
    void failsWithTheClearErrorWhenTheStoreHoldsTheVeryRefreshTokenThatWasRefused() throws Exception {
        String refreshToken = oauth.authorizationCodeTokens("junction").get("refresh_token");
        CredentialRepository store = CredentialRepository.inMemory();
        call(pipeline(new OAuthTokens(), store, "acme", spec(refreshToken, "secret-1")));
        String saved = store.find("acme", "crm").orElseThrow().value("refresh_token");
        call(pipeline(new OAuthTokens(), CredentialRepository.inMemory(), "acme", spec(saved, "secret-1"))); // used elsewhere, not saved here
        HttpPipeline stale = pipeline(new OAuthTokens(), store, "acme", spec(refreshToken, "secret-1"));
        time.advance(Duration.ofHours(2));

        assertThatThrownBy(() -> call(stale))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.category()).isEqualTo(ApiError.Category.AUTH))
                .hasMessage("connection 'crm': the token endpoint POST " + oauth.tokenUrl() + " refused the refresh_token grant with HTTP 400:"
                        + " invalid_grant (unknown refresh_token); check the connection's client id and refresh token, or authorize it again");
        assertThat(tokenExchanges()).extracting(ExchangeRecord::status).containsExactly(200, 200, 400);
    }

    @Test
    void anotherCredentialTenantGetsTokensOfItsOwn() {
        OAuthTokens shared = new OAuthTokens();
        CredentialRepository store = CredentialRepository.inMemory();
        call(pipeline(shared, store, "acme", clientCredentials("secret-1")));
        call(pipeline(shared, store, "acme", clientCredentials("secret-1")));
        call(pipeline(shared, store, "globex", clientCredentials("secret-1")));

        assertThat(oauth.requestCount()).isEqualTo(2);
        assertThat(bearerTokensSent()).hasSize(2);
    }

    @Test
    void aChangedClientSecretDoesNotReuseTokensObtainedWithTheOldOne() {
        OAuthTokens shared = new OAuthTokens();
        CredentialRepository store = CredentialRepository.inMemory();
        call(pipeline(shared, store, "acme", clientCredentials("secret-1")));
        call(pipeline(shared, store, "acme", clientCredentials("secret-2")));

        assertThat(oauth.requestCount()).isEqualTo(2);
        assertThat(bearerTokensSent()).hasSize(2);
    }

    private void assertNoTokenLogged(CredentialRepository store, String firstRefreshToken) {
        Set<String> secrets = new LinkedHashSet<>(bearerTokensSent());
        secrets.add(firstRefreshToken);
        secrets.add(store.find("acme", "crm").orElseThrow().value("refresh_token"));
        for (String secret : secrets) {
            assertThat(sink.exchanges.toString()).doesNotContain(secret);
        }
    }

    private HttpPipeline pipeline(OAuthTokens tokens, CredentialRepository store, String tenant, AuthSpec.OAuth2 auth) {
        PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time).exchangeSink(sink).credentials(store).oauthTokens(tokens).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).auth(auth).connection(tenant, "crm").build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private List<ExchangeRecord> tokenExchanges() {
        return sink.exchanges.stream().filter(e -> e.url().equals(oauth.tokenUrl())).toList();
    }

    /** The distinct bearer tokens the API received, in order. */
    private List<String> bearerTokensSent() {
        return TestPeers.bearerTokensSent(api);
    }

    private AuthSpec.OAuth2 spec(String refreshToken, String clientSecret) {
        return oauth2(Grant.REFRESH_TOKEN, refreshToken, clientSecret);
    }

    private AuthSpec.OAuth2 clientCredentials(String clientSecret) {
        return oauth2(Grant.CLIENT_CREDENTIALS, null, clientSecret);
    }

    private AuthSpec.OAuth2 oauth2(Grant grant, String refreshToken, String clientSecret) {
        return new AuthSpec.OAuth2(grant, oauth.tokenUrl(), AuthSpec.ClientAuth.BASIC, "junction", clientSecret, List.of("api"), null, null, null,
                refreshToken, null, null, null, null, null, Duration.ofSeconds(60), null);
    }
}
