package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.store.CredentialRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Token endpoints whose answers keep the tokens elsewhere than RFC 6749 says ({@code tokenResponse}),
 * against WireMock playing them: a {@code data} envelope with a status code beside it, a {@code token}
 * with an ISO 8601 {@code expires_at}. The tokens found there are hidden in the exchange log.
 */
class OAuth2TokenResponseTest extends OAuthApiFixture {
    @Test
    void tokensInsideAnEnvelopeAreUsedRefreshedAndHidden() {
        api.stubFor(post("/oauth/token").inScenario("envelope").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"code\":0,\"message\":\"OK\",\"data\":{\"access_token\":\"tt-access-1\",\"refresh_token\":\"tt-refresh-1\","
                        + "\"expires_in\":86400,\"scope\":\"user.info.basic\"}}"))
                .willSetStateTo("refreshed"));
        api.stubFor(post("/oauth/token").inScenario("envelope").whenScenarioStateIs("refreshed")
                .willReturn(okJson("{\"code\":0,\"message\":\"OK\",\"data\":{\"access_token\":\"tt-access-2\",\"refresh_token\":\"tt-refresh-2\","
                        + "\"expires_in\":86400}}")));
        CredentialRepository credentials = CredentialRepository.inMemory();
        HttpPipeline pipeline = pipeline(Grant.REFRESH_TOKEN, "tt-refresh-0",
                new AuthSpec.TokenResponse("$.data.access_token", "$.data.refresh_token", "$.data.expires_in", null), credentials);

        call(pipeline);
        time.advance(Duration.ofHours(23).plusMinutes(59).plusSeconds(30)); // within refreshBefore of the day
        call(pipeline);

        assertThat(bearerTokens()).containsExactly("Bearer tt-access-1", "Bearer tt-access-2");
        api.verify(postRequestedFor(urlEqualTo("/oauth/token")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("refresh_token=tt-refresh-1")));
        assertThat(credentials.find("acme", "crm").orElseThrow().value("refresh_token")).isEqualTo("tt-refresh-2");
        assertThat(sink.exchanges.toString()).doesNotContain("tt-access-1", "tt-access-2", "tt-refresh-1", "tt-refresh-2", "tt-refresh-0");
    }

    @Test
    void anIso8601ExpiryAtAnotherNameIsHonoured() {
        String expires = time.instant().plus(Duration.ofHours(1)).toString();
        api.stubFor(post("/oauth/token").willReturn(okJson("{\"token\":\"ghs_installation_1\",\"expires_at\":\"" + expires + "\"}")));
        HttpPipeline pipeline = pipeline(Grant.CLIENT_CREDENTIALS, null, new AuthSpec.TokenResponse("$.token", null, null, "$.expires_at"),
                CredentialRepository.inMemory());

        call(pipeline);
        time.advance(Duration.ofMinutes(58)); // more than refreshBefore (60 s) ahead of the hour: still good
        call(pipeline);
        time.advance(Duration.ofMinutes(1).plusSeconds(30)); // within 60 s of it: replaced
        call(pipeline);

        api.verify(2, postRequestedFor(urlEqualTo("/oauth/token")));
        assertThat(sink.exchanges.toString()).doesNotContain("ghs_installation_1");
    }

    @Test
    void anAnswerWithoutATokenAtItsPlaceSaysWhereItLooked() {
        api.stubFor(post("/oauth/token").willReturn(okJson("{\"code\":40001,\"message\":\"app not authorised\",\"data\":{}}")));
        HttpPipeline pipeline = pipeline(Grant.CLIENT_CREDENTIALS, null, new AuthSpec.TokenResponse("$.data.access_token", null, null, null),
                CredentialRepository.inMemory());

        assertThatThrownBy(() -> call(pipeline)).isInstanceOf(ApiException.class)
                .hasMessage("connection 'crm': the token endpoint POST " + api.baseUrl() + "/oauth/token answered the client_credentials grant with"
                        + " HTTP 200 but without an access token at $.data.access_token (auth.tokenResponse.accessToken); check auth.tokenUrl");
    }

    private HttpPipeline pipeline(Grant grant, String refreshToken, AuthSpec.TokenResponse answer, CredentialRepository credentials) {
        AuthSpec.OAuth2 spec = new AuthSpec.OAuth2(grant, api.baseUrl() + "/oauth/token", AuthSpec.ClientAuth.BODY, "app", "app-secret-1", List.of(),
                null, null, null, refreshToken, null, null, null, null, null, Duration.ofSeconds(60), null, null, Map.of(), null, null, answer);
        return pipeline(spec, credentials);
    }

    private List<String> bearerTokens() {
        return api.getAllServeEvents().reversed().stream().filter(e -> e.getRequest().getUrl().equals("/contacts"))
                .map(e -> e.getRequest().getHeader("Authorization")).distinct().toList();
    }
}
