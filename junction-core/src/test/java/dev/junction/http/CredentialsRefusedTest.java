package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.AuthSpec;
import dev.junction.spec.AuthSpec.Grant;
import dev.junction.store.CredentialRepository;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A call the API answers 401 while the connection's auth is static — an API key, a bearer token, a
 * user and password, AWS access keys — is told to {@link PipelineOptions#credentialsRefused}, with its context and
 * its redacted error, before the call throws; a 403, a success, a connection without auth and an
 * OAuth 2.0 connection (which refreshes instead, and is told through its token listener) are not.
 * WireMock plays the API; mock-oauth2-server the token endpoint.
 */
class CredentialsRefusedTest extends OAuthApiFixture {
    private static final String SECRET = "s3cr3t-value-4711";

    private final List<String> told = new CopyOnWriteArrayList<>();
    private final CredentialsRefused refused = (context, error) -> told.add(context.tenant() + "/" + context.connection() + " " + error.status() + " "
            + error.category() + ": " + error.message());

    static Stream<Arguments> staticAuths() {
        return Stream.of(
                Arguments.of("api key", new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key", SECRET)),
                Arguments.of("bearer token", new AuthSpec.Bearer(SECRET)),
                Arguments.of("user and password", new AuthSpec.Basic("ana", SECRET)),
                Arguments.of("AWS access keys", new AuthSpec.AwsSigV4("AKIDEXAMPLE", SECRET, null, "us-east-1", "execute-api")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticAuths")
    void aCallRefusedWith401ForStaticCredentialsIsToldOnceBeforeItThrows(String name, AuthSpec auth) {
        api.stubFor(get("/contacts").willReturn(unauthorized().withBody("{\"message\":\"key " + SECRET + " was revoked\"}")));

        assertThatThrownBy(() -> call(auth)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));

        assertThat(told).singleElement().asString().startsWith("acme/crm 401 AUTH: GET ").contains("was refused with HTTP 401", "connection 'crm'")
                .doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticAuths")
    void aCallForbiddenWith403OrAnsweredIsNotTold(String name, AuthSpec auth) {
        api.stubFor(get("/contacts").willReturn(aResponse().withStatus(403)));
        assertThatThrownBy(() -> call(auth)).isInstanceOf(ApiException.class);

        api.stubFor(get("/contacts").willReturn(aResponse().withStatus(200).withBody("{\"items\":[]}")));
        assertThat(call(auth).status()).isEqualTo(200);

        assertThat(told).isEmpty();
    }

    @Test
    void aConnectionWithoutAuthAnswered401IsNotTold() {
        api.stubFor(get("/contacts").willReturn(unauthorized()));

        assertThatThrownBy(() -> call(new AuthSpec.None())).isInstanceOf(ApiException.class);

        assertThat(told).isEmpty();
    }

    @Test
    void anOAuthConnectionAnswered401EvenWithANewAccessTokenIsToldThroughItsTokenListenerOnly() throws Exception {
        String refreshToken = oauth.authorizationCodeTokens("junction").get("refresh_token");
        api.stubFor(get("/contacts").willReturn(unauthorized()));
        List<String> tokenListener = new CopyOnWriteArrayList<>();
        OAuthTokens tokens = new OAuthTokens(new OAuthTokens.Listener() {
            @Override
            public void needsReauth(String tenant, String connection, String reason, java.time.Instant at) {
                tokenListener.add(connection);
            }
        });
        AuthSpec.OAuth2 auth = new AuthSpec.OAuth2(Grant.REFRESH_TOKEN, oauth.tokenUrl(), AuthSpec.ClientAuth.BASIC, "junction", "secret-1",
                List.of("api"), null, null, null, refreshToken, null, null, null, null, null, Duration.ofSeconds(60), null);

        assertThatThrownBy(() -> pipeline(auth, tokens).execute(HttpRequest.get(URI.create(api.baseUrl() + "/contacts")), CallContext.of("crm")))
                .isInstanceOf(ApiException.class);

        assertThat(tokenListener).containsExactly("crm");
        assertThat(told).isEmpty();
    }

    private HttpResponse call(AuthSpec auth) {
        return pipeline(auth, new OAuthTokens()).execute(HttpRequest.get(URI.create(api.baseUrl() + "/contacts")),
                new CallContext(null, "acme", "crm", List.of(), true));
    }

    private HttpPipeline pipeline(AuthSpec auth, OAuthTokens tokens) {
        PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time).exchangeSink(sink).credentials(CredentialRepository.inMemory())
                .oauthTokens(tokens).credentialsRefused(refused).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).auth(auth).retry(new dev.junction.spec.RetrySpec(1, Duration.ZERO, Duration.ZERO))
                .connection("acme", "crm").build();
        pipelines.add(pipeline);
        return pipeline;
    }
}
