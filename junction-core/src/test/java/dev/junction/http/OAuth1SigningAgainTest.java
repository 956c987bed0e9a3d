package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.unauthorized;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RetrySpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OAuth 1.0a answers that refuse only how an attempt was signed — a nonce the API had seen, a
 * timestamp outside its window — are sent again, signed anew: a new nonce, and for a refused timestamp
 * the API's time (from the window its problem report accepts, else its {@code Date}), which later calls
 * keep. None of them marks the connection; a bare 401 is not sent again. WireMock plays the API.
 */
class OAuth1SigningAgainTest {
    @RegisterExtension
    static final WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private static final Pattern TIMESTAMP = Pattern.compile("oauth_timestamp=\"(\\d+)\"");
    private static final Pattern NONCE = Pattern.compile("oauth_nonce=\"([^\"]+)\"");

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-07T03:00:00Z"));
    private final long now = time.instant().getEpochSecond();
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void closePipelines() {
        pipelines.forEach(HttpPipeline::close);
    }

    @Test
    void aRefusedNonceIsSentAgainWithANewOneEvenForAPost() {
        api.stubFor(post("/cards").inScenario("nonce").whenScenarioStateIs(STARTED).willSetStateTo("seen")
                .willReturn(unauthorized().withBody("oauth_problem=nonce_used")));
        api.stubFor(post("/cards").inScenario("nonce").whenScenarioStateIs("seen").willReturn(okJson("{\"id\": 1}")));

        HttpResponse response = pipeline().execute(HttpRequest.of("POST", URI.create(api.baseUrl() + "/cards")), CallContext.of("boards"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(sent(NONCE)).hasSize(2).doesNotHaveDuplicates();
        assertThat(told).isEmpty();
    }

    @Test
    void aRefusedTimestampIsSignedAgainAtTheApisTimeFromTheAcceptedWindowAndLaterCallsKeepIt() {
        long apiNow = now + 3600; // this host's clock is an hour behind
        api.stubFor(get("/cards").atPriority(1).withHeader("Authorization", containing("oauth_timestamp=\"" + apiNow + "\"")).willReturn(okJson("{}")));
        api.stubFor(get("/cards").atPriority(5).willReturn(unauthorized().withHeader("WWW-Authenticate",
                "OAuth realm=\"boards\", oauth_problem=\"timestamp_refused\", oauth_acceptable_timestamps=\"" + (apiNow - 300) + "-" + (apiNow + 300) + "\"")));
        HttpPipeline pipeline = pipeline();

        assertThat(pipeline.execute(cards(), CallContext.of("boards")).status()).isEqualTo(200);
        assertThat(pipeline.execute(cards(), CallContext.of("boards")).status()).isEqualTo(200);

        assertThat(sent(TIMESTAMP)).containsExactly(Long.toString(now), Long.toString(apiNow), Long.toString(apiNow));
        assertThat(told).isEmpty();
    }

    @Test
    void aRefusedTimestampWithoutAWindowIsSignedAgainAtTheTimeOfTheAnswersDate() {
        long apiNow = now - 7200; // this host's clock is two hours ahead
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(apiNow).atOffset(ZoneOffset.UTC));
        api.stubFor(get("/cards").atPriority(1).withHeader("Authorization", containing("oauth_timestamp=\"" + apiNow + "\"")).willReturn(okJson("{}")));
        api.stubFor(get("/cards").atPriority(5).willReturn(unauthorized().withHeader("Date", date).withHeader("Content-Type", "application/json")
                .withBody("{\"errors\": [{\"code\": 135, \"message\": \"Timestamp out of bounds.\"}]}")));

        assertThat(pipeline().execute(cards(), CallContext.of("boards")).status()).isEqualTo(200);

        assertThat(sent(TIMESTAMP)).containsExactly(Long.toString(now), Long.toString(apiNow));
    }

    @Test
    void aSigningProblemThatStaysFailsTheCallOnceTheAttemptsRunOutWithoutMarkingTheConnection() {
        api.stubFor(get("/cards").willReturn(unauthorized().withHeader("WWW-Authenticate", "OAuth oauth_problem=\"nonce_used\"")));

        assertThatThrownBy(() -> pipeline().execute(cards(), CallContext.of("boards"))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.error().category()).isEqualTo(ApiError.Category.AUTH);
            assertThat(e.getMessage()).contains("OAuth problem nonce_used", "not the credentials");
        });
        assertThat(api.findAll(anyRequestedFor(anyUrl()))).hasSize(3);
        assertThat(told).isEmpty();
    }

    @Test
    void aBare401IsNotSentAgainAndMarksTheConnection() {
        api.stubFor(get("/cards").willReturn(unauthorized().withBody("invalid token")));

        assertThatThrownBy(() -> pipeline().execute(cards(), CallContext.of("boards"))).isInstanceOf(ApiException.class);

        assertThat(api.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
        assertThat(told).containsExactly("boards");
    }

    private static HttpRequest cards() {
        return HttpRequest.get(URI.create(api.baseUrl() + "/cards"));
    }

    /** What {@code pattern} found in the Authorization header of each request sent, in order. */
    private static List<String> sent(Pattern pattern) {
        List<String> found = new ArrayList<>();
        for (LoggedRequest request : api.findAll(anyRequestedFor(anyUrl()))) {
            Matcher matcher = pattern.matcher(request.getHeader("Authorization"));
            found.add(matcher.find() ? matcher.group(1) : null);
        }
        return found;
    }

    private HttpPipeline pipeline() {
        PipelineOptions options = PipelineOptions.builder().clock(time).sleeper(time)
                .credentialsRefused((context, error) -> told.add(context.connection())).build();
        HttpPipeline pipeline = HttpPipeline.builder(options)
                .auth(new AuthSpec.OAuth1("consumer-key", "consumer-secret", "token-1", "token-secret", null, null))
                .retry(new RetrySpec(3, Duration.ZERO, Duration.ZERO)).connection("acme", "boards").build();
        pipelines.add(pipeline);
        return pipeline;
    }
}
