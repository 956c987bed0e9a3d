package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.TestPeers.EventLog;
import dev.junction.http.TestPeers.RecordingSleeper;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RetrySpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpPipelineTest {
    private static final RetrySpec FAST_RETRY = new RetrySpec(3, Duration.ofMillis(1), Duration.ofMillis(4));
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final PipelineCounters counters = new PipelineCounters();
    private final EventLog events = new EventLog();
    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void closePipelines() {
        pipelines.forEach(HttpPipeline::close);
    }

    private HttpPipeline pipeline(UnaryOperator<HttpPipelineBuilder> setup, UnaryOperator<PipelineOptions.Builder> options) {
        PipelineOptions built = options.apply(PipelineOptions.builder()
                        .sleeper(sleeper)
                        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                        .listener(PipelineListener.of(counters, events)))
                .build();
        HttpPipeline pipeline = setup.apply(HttpPipeline.builder(built).retry(FAST_RETRY)).build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private HttpPipeline pipeline(UnaryOperator<HttpPipelineBuilder> setup) {
        return pipeline(setup, o -> o);
    }

    private static URI url(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private static CallContext context() {
        return new CallContext("run-1", "acme", "helpdesk", List.of(), false);
    }

    private static void stubScenario(String path, boolean post, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... responses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < responses.length; i++) {
            String next = i == responses.length - 1 ? state : "step-" + (i + 1);
            var mapping = post ? post(urlPathEqualTo(path)) : get(urlPathEqualTo(path));
            server.stubFor(mapping.inScenario(path).whenScenarioStateIs(state).willReturn(responses[i]).willSetStateTo(next));
            state = next;
        }
    }

    // --- auth ---

    @Test
    void sendsTheBearerTokenInTheAuthorizationHeader() {
        server.stubFor(get("/me").withHeader("Authorization", equalTo("Bearer tok-123")).willReturn(okJson("{}")));

        HttpResponse response = pipeline(p -> p.auth(new AuthSpec.Bearer("tok-123"))).execute(HttpRequest.get(url("/me")), context());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void sendsTheApiKeyInTheNamedHeader() {
        server.stubFor(get("/me").withHeader("X-Api-Key", equalTo("key-456")).willReturn(okJson("{}")));

        var auth = new AuthSpec.ApiKey(AuthSpec.Placement.HEADER, "X-Api-Key", "key-456");
        assertThat(pipeline(p -> p.auth(auth)).execute(HttpRequest.get(url("/me")), context()).status()).isEqualTo(200);
    }

    @Test
    void sendsTheApiKeyAsAQueryParameterNextToTheOtherParameters() {
        server.stubFor(get(urlPathEqualTo("/me")).withQueryParam("api_key", equalTo("key 7+8")).withQueryParam("limit", equalTo("10"))
                .willReturn(okJson("{}")));

        var auth = new AuthSpec.ApiKey(AuthSpec.Placement.QUERY, "api_key", "key 7+8");
        var request = HttpRequest.get(url("/me?limit=10"));
        assertThat(pipeline(p -> p.auth(auth)).execute(request, context()).status()).isEqualTo(200);
    }

    @Test
    void sendsBasicCredentials() {
        server.stubFor(get("/me").withBasicAuth("ada", "s3cret-pass").willReturn(okJson("{}")));

        var auth = new AuthSpec.Basic("ada", "s3cret-pass");
        assertThat(pipeline(p -> p.auth(auth)).execute(HttpRequest.get(url("/me")), context()).status()).isEqualTo(200);
    }

    @Test
    void runsUserHooksFirstSoTheyCanAddHeadersButNeverSeeCredentials() {
        server.stubFor(get("/me").withHeader("X-Trace", equalTo("t-1")).withHeader("Authorization", equalTo("Bearer tok"))
                .willReturn(okJson("{}")));
        List<String> seenAuthorization = new ArrayList<>();
        Interceptor hook = chain -> {
            seenAuthorization.add(String.valueOf(chain.request().header("Authorization")));
            return chain.proceed(chain.request().withHeader("X-Trace", "t-1"));
        };

        var pipeline = pipeline(p -> p.auth(new AuthSpec.Bearer("tok")), o -> o.addInterceptor(hook));

        assertThat(pipeline.execute(HttpRequest.get(url("/me")), context()).status()).isEqualTo(200);
        assertThat(seenAuthorization).containsExactly("null");
        assertThat(pipeline.interceptors()).hasSize(9).first().isSameAs(hook);
        assertThat(pipeline.interceptors().subList(1, 9)).extracting(Object::toString)
                .containsExactly("hooks", "auth(bearer)", "retry(maxAttempts=3)", "rateLimit(unlimited)", "redirects", "tracing", "exchangeLog",
                        "transport(jdk)");
    }

    // --- retry ---

    @Test
    void retriesA429AfterItsRetryAfterSecondsAndCountsItAsThrottled() {
        stubScenario("/items", false, aResponse().withStatus(429).withHeader("Retry-After", "7"), okJson("{\"ok\":true}"));

        HttpResponse response = pipeline(p -> p).execute(HttpRequest.get(url("/items")), context());

        assertThat(response.bodyText()).isEqualTo("{\"ok\":true}");
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
        assertThat(counters.throttled()).isEqualTo(1);
        assertThat(counters.retries()).isEqualTo(1);
        server.verify(2, getRequestedFor(urlPathEqualTo("/items")));
    }

    @Test
    void honoursARetryAfterGivenAsAnHttpDate() {
        String in30Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atZone(ZoneOffset.UTC));
        stubScenario("/items", false, aResponse().withStatus(503).withHeader("Retry-After", in30Seconds), okJson("{}"));

        pipeline(p -> p).execute(HttpRequest.get(url("/items")), context());

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(30));
        assertThat(counters.throttled()).isZero();
    }

    @Test
    void recoversWhenTwo503sAreFollowedByA200() {
        stubScenario("/items", false, aResponse().withStatus(503), aResponse().withStatus(503), okJson("[]"));

        HttpResponse response = pipeline(p -> p).execute(HttpRequest.get(url("/items")), context());

        assertThat(response.status()).isEqualTo(200);
        assertThat(counters.retries()).isEqualTo(2);
        assertThat(sleeper.waits).hasSize(2).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(4)));
        server.verify(3, getRequestedFor(urlPathEqualTo("/items")));
    }

    @Test
    void backsOffExponentiallyWithFullJitterUpToTheMaxDelay() {
        stubScenario("/items", false, aResponse().withStatus(500), aResponse().withStatus(500), aResponse().withStatus(500), okJson("[]"));

        var pipeline = pipeline(p -> p.retry(new RetrySpec(4, Duration.ofMillis(10), Duration.ofMillis(25))), o -> o.jitter(() -> 0.5));
        pipeline.execute(HttpRequest.get(url("/items")), context());

        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(12).plusNanos(500_000));
    }

    @Test
    void retriesAConnectionResetWhenTheCallerMarksThePostIdempotent() {
        stubScenario("/users/batch", true, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson("{\"results\":[]}"));

        var request = HttpRequest.of("POST", url("/users/batch")).withBody("[]", "application/json");
        HttpResponse response = pipeline(p -> p).execute(request, context().withIdempotent(true));

        assertThat(response.status()).isEqualTo(200);
        assertThat(counters.retries()).isEqualTo(1);
        server.verify(2, postRequestedFor(urlPathEqualTo("/users/batch")));
    }

    @Test
    void neverRetriesAConnectionResetOfANonIdempotentPost() {
        server.stubFor(post("/tickets").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        var request = HttpRequest.of("POST", url("/tickets")).withBody("{}", "application/json");
        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline(p -> p).execute(request, context()));

        assertThat(e.category()).isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(e.error().code()).isEqualTo("connection_reset");
        assertThat(e).hasMessage("POST " + server.baseUrl() + "/tickets failed: connection reset after 1 attempt"
                + " (not retried: POST is not idempotent and the server may have acted on it)");
        assertThat(counters.retries()).isZero();
        server.verify(1, postRequestedFor(urlPathEqualTo("/tickets")));
    }

    @Test
    void neverRetriesA503OfANonIdempotentPost() {
        server.stubFor(post("/tickets").willReturn(aResponse().withStatus(503)));

        var request = HttpRequest.of("POST", url("/tickets")).withBody("{}", "application/json");
        assertThatThrownBy(() -> pipeline(p -> p).execute(request, context())).isInstanceOf(ApiException.class);

        server.verify(1, postRequestedFor(urlPathEqualTo("/tickets")));
    }

    @Test
    void givesUpWithARetryableErrorNamingTheAttemptsWhenEveryAttemptFails() {
        server.stubFor(get("/items").willReturn(aResponse().withStatus(503).withBody("{\"message\":\"down for maintenance\"}")));

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline(p -> p).execute(HttpRequest.get(url("/items")), context()));

        assertThat(e.error()).isEqualTo(new ApiError(ApiError.Category.RETRYABLE, 503, "http_503",
                "GET " + server.baseUrl() + "/items still failed with HTTP 503 after 3 attempts: down for maintenance",
                "{\"message\":\"down for maintenance\"}", true, "GET " + server.baseUrl() + "/items"));
        server.verify(3, getRequestedFor(urlPathEqualTo("/items")));
    }

    @Test
    void turnsA400IntoAPermanentErrorCarryingTheProvidersMessage() {
        server.stubFor(post("/users/batch").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":\"invalid\",\"message\":\"email is not valid\"}}")));

        var request = HttpRequest.of("POST", url("/users/batch")).withBody("[]", "application/json");
        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline(p -> p).execute(request, context().withIdempotent(true)));

        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.error().retryable()).isFalse();
        assertThat(e).hasMessage("POST " + server.baseUrl() + "/users/batch failed with HTTP 400: error invalid: email is not valid");
        assertThat(e.error().providerCode()).isEqualTo("invalid");
        server.verify(1, postRequestedFor(urlPathEqualTo("/users/batch")));
    }

    @Test
    void turnsA401IntoAnAuthErrorThatPointsAtTheConnectionsCredentials() {
        server.stubFor(get("/me").willReturn(aResponse().withStatus(401).withBody("{\"message\":\"token expired\"}")));

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> pipeline(p -> p.auth(new AuthSpec.Bearer("old-token"))).execute(HttpRequest.get(url("/me")), context()));

        assertThat(e.category()).isEqualTo(ApiError.Category.AUTH);
        assertThat(e).hasMessage("GET " + server.baseUrl() + "/me was refused with HTTP 401: token expired;"
                + " check the credentials of connection 'helpdesk'");
        server.verify(1, getRequestedFor(urlPathEqualTo("/me")));
    }

    @Test
    void namesHostAndPortWhenNothingListens() {
        int port = TestPeers.closedPort();

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> pipeline(p -> p).execute(HttpRequest.get(URI.create("http://127.0.0.1:" + port + "/items")), context()));

        assertThat(e.error().category()).isEqualTo(ApiError.Category.RETRYABLE);
        assertThat(e.error().status()).isZero();
        assertThat(e.error().code()).isEqualTo("connection_refused");
        assertThat(e).hasMessage("could not connect to 127.0.0.1:" + port + " (connection refused) after 3 attempts;"
                + " check that the service is running and that connection 'helpdesk' points to the right base URL");
    }

    @Test
    void retriesANonIdempotentPostThatNeverReachedTheServer() {
        int port = TestPeers.closedPort();

        var request = HttpRequest.of("POST", URI.create("http://127.0.0.1:" + port + "/tickets")).withBody("{}", "application/json");
        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline(p -> p).execute(request, context()));

        assertThat(e.getMessage()).startsWith("could not connect to 127.0.0.1:" + port + " (connection refused) after 3 attempts");
        assertThat(events.events).containsExactly("exchange 1 0", "retry 2 connection refused", "exchange 2 0", "retry 3 connection refused",
                "exchange 3 0");
    }

    @Test
    void reportsATimeoutWhenTheServerAnswersTooSlowly() {
        server.stubFor(get("/slow").willReturn(okJson("{}").withFixedDelay(2_000)));

        var pipeline = pipeline(p -> p.retry(new RetrySpec(2, Duration.ofMillis(1), Duration.ofMillis(1))),
                o -> o.requestTimeout(Duration.ofMillis(100)));
        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(HttpRequest.get(url("/slow")), context()));

        assertThat(e.error().code()).isEqualTo("timeout");
        assertThat(e).hasMessage("GET " + server.baseUrl() + "/slow got no response within 0.1s after 2 attempts");
    }

    @Test
    void aBodyThatStallsAfterTheHeadersFailsAtTheRequestTimeoutInsteadOfHoldingTheCallerForGood() throws Exception {
        // a server that answers the headers and 3 of the 100 bytes it announces, then holds the connection until the test is done
        // (at most 20 s, so that a client waiting on it ends too, with a broken-off body rather than a timeout): the JDK client's own
        // timeout covers the headers only
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        try (java.net.ServerSocket stalling = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!stalling.isClosed()) {
                    try (java.net.Socket s = stalling.accept()) {
                        s.getInputStream().read(new byte[8192]);
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"i".getBytes(
                                java.nio.charset.StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        checked.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (java.io.IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            var pipeline = pipeline(p -> p.retry(new RetrySpec(1, Duration.ofMillis(1), Duration.ofMillis(1))),
                    o -> o.requestTimeout(Duration.ofMillis(300)));
            URI stalls = URI.create("http://127.0.0.1:" + stalling.getLocalPort() + "/stalls");
            ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(HttpRequest.get(stalls), context()));

            assertThat(e.error().code()).isEqualTo("timeout");
            assertThat(e).hasMessageStartingWith("GET " + stalls + " got no response within 0.3s");
        } finally {
            checked.countDown();
        }
    }

    // --- rate limit and events ---

    @Test
    void holdsBackCallsBeyondTheBudgetInsteadOfSendingThem() {
        server.stubFor(get("/items").willReturn(okJson("[]")));
        var limiters = new RateLimiters();
        var limiter = limiters.forConnection("helpdesk", new RateLimitSpec(1, Duration.ofMinutes(1)));
        assertThat(limiters.forConnection("helpdesk", new RateLimitSpec(1, Duration.ofMinutes(1)))).isSameAs(limiter);

        var first = pipeline(p -> p.rateLimiter(limiter));
        var second = pipeline(p -> p.rateLimiter(limiter));
        first.execute(HttpRequest.get(url("/items")), context());
        second.execute(HttpRequest.get(url("/items")), context());
        first.execute(HttpRequest.get(url("/items")), context());

        assertThat(counters.rateLimitWaits()).isEqualTo(2);
        assertThat(sleeper.waits).hasSize(2).allSatisfy(wait -> assertThat(wait).isPositive());
    }

    @Test
    void reportsEventsInTheDocumentedOrder() {
        stubScenario("/items", false, aResponse().withStatus(429).withHeader("Retry-After", "1"), aResponse().withStatus(502), okJson("[]"));
        var limiter = RequestRateLimiter.of(new RateLimitSpec(1, Duration.ofHours(1)));

        pipeline(p -> p.rateLimiter(limiter)).execute(HttpRequest.get(url("/items")), context());

        assertThat(events.events).containsExactly(
                "exchange 1 429",
                "throttled PT1S",
                "retry 2 HTTP 429",
                "rateLimitWait",
                "exchange 2 502",
                "retry 3 HTTP 502",
                "rateLimitWait",
                "exchange 3 200");
    }
}
