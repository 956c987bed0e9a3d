package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.store.CredentialRepository;
import dev.junction.store.ExchangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A connection whose credentials are refused for good is marked {@code needs_reauth} in the store:
 * its calls then fail fast with the reason, in every process, without a request to the API or the
 * token endpoint, until new tokens are stored, the entry is deleted (reset) or the configured
 * credentials change. mock-oauth2-server rotates refresh tokens; WireMock plays the API.
 */
class NeedsReauthTest extends OAuthApiFixture {
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final OAuthTokens.Listener listener = new OAuthTokens.Listener() {
        @Override
        public void needsReauth(String tenant, String connection, String reason, Instant at) {
            told.add("needs_reauth " + tenant + "/" + connection + ": " + reason);
        }

        @Override
        public void reauthorized(String tenant, String connection) {
            told.add("reauthorized " + tenant + "/" + connection);
        }
    };

    @Test
    void aRefreshAnsweredInvalidGrantMarksTheConnectionOnceAndItsCallsFailFastInEveryProcess() throws Exception {
        String spent = spentRefreshToken();
        CredentialRepository store = CredentialRepository.inMemory();
        HttpPipeline nodeA = pipeline(new OAuthTokens(listener), store, spec(spent));
        HttpPipeline nodeB = pipeline(new OAuthTokens(listener), store, spec(spent));
        String refused = "the token endpoint POST " + oauth.tokenUrl() + " refused the refresh_token grant with HTTP 400: invalid_grant (unknown"
                + " refresh_token); check the connection's client id and refresh token, or authorize it again";

        assertThatThrownBy(() -> call(nodeA)).isInstanceOf(ApiException.class).hasMessage("connection 'crm': " + refused);
        int tokenRequests = tokenExchanges().size();
        int apiCalls = api.countRequestsMatching(getRequestedFor(urlEqualTo("/contacts")).build()).getCount();

        for (HttpPipeline pipeline : List.of(nodeA, nodeB, nodeA)) {
            assertThatThrownBy(() -> call(pipeline))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.error().code()).isEqualTo("needs_reauth");
                        assertThat(e.category()).isEqualTo(ApiError.Category.AUTH);
                        assertThat(e.error().retryable()).isFalse();
                    })
                    .hasMessageStartingWith("connection 'crm' needs to be authorized again (since ")
                    .hasMessageEndingWith("): " + refused + "; reconnect it, apply it with new credentials, or clear the mark with: junction"
                            + " connections reset crm");
        }
        assertThat(tokenExchanges()).as("no token request after the refusal").hasSize(tokenRequests);
        assertThat(api.countRequestsMatching(getRequestedFor(urlEqualTo("/contacts")).build()).getCount()).as("no API call").isEqualTo(apiCalls);
        assertThat(told).as("told once, by the process that recorded it").containsExactly("needs_reauth acme/crm: " + refused);
        assertThat(store.find("acme", "crm").orElseThrow().values()).containsKeys("needs_reauth", "needs_reauth_at")
                .doesNotContainKeys("access_token", "refresh_token");
    }

    @Test
    void newTokensStoredForTheConnectionClearTheMarkWithoutATokenRequest() throws Exception {
        String spent = spentRefreshToken();
        CredentialRepository store = CredentialRepository.inMemory();
        HttpPipeline pipeline = pipeline(new OAuthTokens(listener), store, spec(spent));
        assertThatThrownBy(() -> call(pipeline)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> call(pipeline)).hasMessageContaining("needs to be authorized again");
        int tokenRequests = tokenExchanges().size();

        Map<String, String> reconnected = oauth.authorizationCodeTokens("junction"); // what a connect flow obtains
        store.save(OAuthTokens.credential("acme", "crm", spec(spent), reconnected.get("access_token"), reconnected.get("refresh_token"),
                time.instant().plusSeconds(3600), time.instant()));

        assertThat(call(pipeline).status()).isEqualTo(200);
        assertThat(TestPeers.bearerTokensSent(api)).last().isEqualTo(reconnected.get("access_token"));
        assertThat(tokenExchanges()).hasSize(tokenRequests);
        assertThat(told).hasSize(2).last().isEqualTo("reauthorized acme/crm");
    }

    @Test
    void deletingTheStoredEntryResetsTheMarkAndAChangedRefreshTokenIgnoresIt() throws Exception {
        String spent = spentRefreshToken();
        CredentialRepository store = CredentialRepository.inMemory();
        OAuthTokens tokens = new OAuthTokens(listener);
        assertThatThrownBy(() -> call(pipeline(tokens, store, spec(spent)))).isInstanceOf(ApiException.class);

        String fresh = oauth.authorizationCodeTokens("junction").get("refresh_token");
        assertThat(call(pipeline(tokens, store, spec(fresh))).status()).as("re-applied with a new refresh token").isEqualTo(200);

        store.delete("acme", "crm"); // reset: the configured (spent) refresh token is tried once more, and refused again
        assertThatThrownBy(() -> call(pipeline(tokens, store, spec(spent)))).hasMessageContaining("invalid_grant");
        assertThat(told).filteredOn(t -> t.startsWith("needs_reauth")).as("a new transition after the reset").hasSize(2);
    }

    @Test
    void anApiRefusingEvenANewAccessTokenMarksTheConnection() throws Exception {
        String refreshToken = oauth.authorizationCodeTokens("junction").get("refresh_token");
        api.stubFor(get("/contacts").willReturn(unauthorized().withBody("{\"error\":\"account_suspended\"}")));
        CredentialRepository store = CredentialRepository.inMemory();
        HttpPipeline pipeline = pipeline(new OAuthTokens(listener), store, spec(refreshToken));

        assertThatThrownBy(() -> call(pipeline)).isInstanceOf(ApiException.class).hasMessageContaining("also with a new access token");
        int apiCalls = api.getAllServeEvents().size();

        assertThatThrownBy(() -> call(pipeline)).hasMessageStartingWith("connection 'crm' needs to be authorized again");
        assertThat(api.getAllServeEvents()).hasSize(apiCalls);
        assertThat(told).singleElement().asString().startsWith("needs_reauth acme/crm: GET ").contains("also with a new access token");
    }

    /** A refresh token mock-oauth2-server issued and then rotated away: refreshing with it is answered invalid_grant. */
    private String spentRefreshToken() throws Exception {
        String first = oauth.authorizationCodeTokens("junction").get("refresh_token");
        call(pipeline(new OAuthTokens(), CredentialRepository.inMemory(), spec(first))); // spends it elsewhere
        sink.exchanges.clear();
        time.advance(Duration.ofHours(2));
        return first;
    }

    private HttpPipeline pipeline(OAuthTokens tokens, CredentialRepository store, AuthSpec.OAuth2 auth) {
        PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time).exchangeSink(sink).credentials(store).oauthTokens(tokens).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).auth(auth).connection("acme", "crm").build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private List<ExchangeRecord> tokenExchanges() {
        return sink.exchanges.stream().filter(e -> e.url().equals(oauth.tokenUrl())).toList();
    }

    private AuthSpec.OAuth2 spec(String refreshToken) {
        return new AuthSpec.OAuth2(Grant.REFRESH_TOKEN, oauth.tokenUrl(), AuthSpec.ClientAuth.BASIC, "junction", "secret-1", List.of("api"), null, null,
                null, refreshToken, null, null, null, null, null, Duration.ofSeconds(60), null);
    }
}
