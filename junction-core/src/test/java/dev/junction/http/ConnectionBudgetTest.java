package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.sun.net.httpserver.HttpServer;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.AuthSpec;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RetrySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection's shared budget: declared spacing, pauses learned from headers that hold every caller,
 * the concurrency cap. Fake time where waiting is involved; WireMock, the JDK HTTP server and the
 * sandbox CRM as peers.
 */
class ConnectionBudgetTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final RetrySpec ONE_ATTEMPT = new RetrySpec(1, Duration.ZERO, Duration.ZERO);
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime(START);
    private final RateLimiters limiters = new RateLimiters(time, Duration.ofMinutes(5));
    private final List<HttpPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void closePipelines() {
        pipelines.forEach(HttpPipeline::close);
    }

    private HttpPipeline pipeline(RequestRateLimiter limiter, RetrySpec retry) {
        var options = PipelineOptions.builder().clock(time).sleeper(time).rateLimiters(limiters).build();
        HttpPipeline pipeline = HttpPipeline.builder(options).retry(retry).rateLimiter(limiter).build();
        pipelines.add(pipeline);
        return pipeline;
    }

    private static HttpRequest get(String path) {
        return HttpRequest.get(URI.create(server.baseUrl() + path));
    }

    private static CallContext context() {
        return CallContext.of("crm");
    }

    @Test
    void spacesPermitsEvenlyOverTheDeclaredWindow() throws InterruptedException {
        RequestRateLimiter limiter = RequestRateLimiter.of(new RateLimitSpec(5, Duration.ofSeconds(1)), time, Duration.ofMinutes(5));

        for (int i = 0; i < 5; i++) {
            limiter.acquire(time);
        }

        assertThat(time.waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200));
        assertThat(time.instant()).isEqualTo(START.plusMillis(800));
    }

    @Test
    void permitsHandedOutBeforeAResponseCountAgainstItsRemaining() throws InterruptedException {
        RequestRateLimiter limiter = RequestRateLimiter.of(new RateLimitSpec(100, Duration.ofSeconds(1), 0, true), time, Duration.ofMinutes(5));
        RequestRateLimiter.Permit first = limiter.take(time);
        limiter.take(time);
        limiter.take(time);

        // the first request's answer: 2 left in this window, which the two permits since then use up
        limiter.observe(new HttpResponse(200, java.util.Map.of("X-RateLimit-Remaining", List.of("2"), "X-RateLimit-Reset", List.of("1")), null), first);
        limiter.take(time);

        // a learning budget spaces 1% wider than declared (10.1ms instead of 10ms)
        assertThat(time.waits).containsExactly(Duration.ofNanos(10_100_000), Duration.ofNanos(10_100_000), Duration.ofMillis(1000));
    }

    private static HttpResponse tooManyRequests() {
        return new HttpResponse(429, java.util.Map.of("Retry-After", List.of("1"), "X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of("1")), null);
    }

    @Test
    void a429WithinTheDeclaredPaceWidensTheSpacingAndKeepsItBetweenSendsInsteadOfHoldingEveryCaller() throws InterruptedException {
        RequestRateLimiter limiter = RequestRateLimiter.of(new RateLimitSpec(10, Duration.ofSeconds(1), 0, true), time, Duration.ofMinutes(5));
        limiter.take(time);
        RequestRateLimiter.Permit second = limiter.take(time);

        // 2 sent in the last second of a budget of 10: the API counts arrivals more strictly than we space sends
        limiter.observe(tooManyRequests(), second);
        limiter.take(time);
        limiter.take(time);

        assertThat(limiter.pausedUntil()).isNull();
        // 101ms apart (declared 100ms, 1% wider), then 2% wider: the third, reserved before the 429, waits 1ms more
        assertThat(time.waits).containsExactly(Duration.ofMillis(101), Duration.ofMillis(101), Duration.ofMillis(1), Duration.ofMillis(102));
    }

    @Test
    void a429AfterAFullWindowOrASecond429InARowHoldsEveryCallerForItsRetryAfter() throws InterruptedException {
        RequestRateLimiter full = RequestRateLimiter.of(new RateLimitSpec(2, Duration.ofSeconds(1), 0, true), time, Duration.ofMinutes(5));
        full.take(time);
        full.observe(tooManyRequests(), full.take(time));

        assertThat(full.pausedUntil()).isEqualTo(time.instant().plusSeconds(1));

        RequestRateLimiter strict = RequestRateLimiter.of(new RateLimitSpec(10, Duration.ofSeconds(1), 0, true), time, Duration.ofMinutes(5));
        RequestRateLimiter.Permit first = strict.take(time);
        RequestRateLimiter.Permit second = strict.take(time);
        strict.observe(tooManyRequests(), first);
        assertThat(strict.pausedUntil()).isNull();
        strict.observe(tooManyRequests(), second);

        assertThat(strict.pausedUntil()).isEqualTo(time.instant().plusSeconds(1));
    }

    @Test
    void a429WithRetryAfterHoldsTheNextCallOfTheWholeConnection() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("{\"message\":\"slow down\"}")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/b").willReturn(okJson("{}")));
        var limiter = limiters.forConnection("crm", new RateLimitSpec(0, null, 0, true));
        var first = pipeline(limiter, ONE_ATTEMPT);
        var second = pipeline(limiter, ONE_ATTEMPT);

        ApiException e = catchThrowableOfType(ApiException.class, () -> first.execute(get("/a"), context()));
        HttpResponse response = second.execute(get("/b"), context());

        assertThat(e.status()).isEqualTo(429);
        assertThat(response.status()).isEqualTo(200);
        assertThat(time.waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aRetryAfterDateOnA503PausesUntilThatDate() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "Sun, 22 Nov 2026 10:00:30 GMT")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/b").willReturn(okJson("{}")));
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(0, null, 0, true)), ONE_ATTEMPT);

        catchThrowableOfType(ApiException.class, () -> pipeline.execute(get("/a"), context()));
        pipeline.execute(get("/b"), context());

        assertThat(time.waits).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void remainingZeroHoldsEveryCallerUntilTheXRateLimitReset() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").willReturn(okJson("{}")
                .withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "3")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/b").willReturn(okJson("{}")));
        var limiter = limiters.forConnection("crm", new RateLimitSpec(100, Duration.ofSeconds(1), 0, true));

        pipeline(limiter, ONE_ATTEMPT).execute(get("/a"), context());
        pipeline(limiter, ONE_ATTEMPT).execute(get("/b"), context());

        assertThat(time.waits).containsExactly(Duration.ofSeconds(3));
        assertThat(limiter.pausedUntil()).isNull();
    }

    @Test
    void aHoldEndsAtTheLearnedWindowStartInsteadOfTheRoundedUpReset() {
        String path = "/a";
        String[] remaining = {"1", "9", "0", "9"};
        String state = com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
        for (int i = 0; i < remaining.length; i++) {
            String next = "step-" + (i + 1);
            server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(path).inScenario("windows").whenScenarioStateIs(state)
                    .willReturn(okJson("{}").withHeader("X-RateLimit-Limit", "10").withHeader("X-RateLimit-Remaining", remaining[i])
                            .withHeader("X-RateLimit-Reset", "1"))
                    .willSetStateTo(next));
            state = next;
        }
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(10, Duration.ofSeconds(1), 0, true)), ONE_ATTEMPT);

        for (int i = 0; i < remaining.length; i++) {
            pipeline.execute(get(path), context());
        }

        // (a learning budget spaces 1% wider than declared: 101ms) remaining rose from 1 to 9 at 0.101s: a
        // window began then, so the next one begins at 1.101s; remaining 0 at 0.202s with "reset in 1s"
        // (rounded up) holds until 1.101s, not 1.202s
        assertThat(time.waits).containsExactly(Duration.ofMillis(101), Duration.ofMillis(101), Duration.ofMillis(899));
    }

    @Test
    void theFirstRequestOfAWindowGivesAFirstEstimateOfWhereWindowsStart() {
        String[] remaining = {"9", "0", "9"};
        String state = com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
        for (int i = 0; i < remaining.length; i++) {
            String next = "step-" + (i + 1);
            server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").inScenario("first").whenScenarioStateIs(state)
                    .willReturn(okJson("{}").withHeader("X-RateLimit-Limit", "10").withHeader("X-RateLimit-Remaining", remaining[i])
                            .withHeader("X-RateLimit-Reset", "1"))
                    .willSetStateTo(next));
            state = next;
        }
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(10, Duration.ofSeconds(1), 0, true)), ONE_ATTEMPT);

        for (int i = 0; i < remaining.length; i++) {
            pipeline.execute(get("/a"), context());
        }

        // 9 of 10 left at 0s: a window began then; remaining 0 at 0.101s holds until 1s, not 1.101s
        assertThat(time.waits).containsExactly(Duration.ofMillis(101), Duration.ofMillis(899));
    }

    @Test
    void remainingZeroInTheIetfRateLimitFieldHoldsUntilItsReset() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").willReturn(okJson("{}")
                .withHeader("RateLimit", "\"default\";r=0;t=4").withHeader("RateLimit-Policy", "\"default\";q=100;w=60")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/b").willReturn(okJson("{}")));
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(0, null, 0, true)), ONE_ATTEMPT);

        pipeline.execute(get("/a"), context());
        pipeline.execute(get("/b"), context());

        assertThat(time.waits).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void aStricterPolicyThanDeclaredSlowsTheSpacing() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").willReturn(okJson("{}")
                .withHeader("RateLimit-Policy", "2;w=1").withHeader("RateLimit-Remaining", "1")));
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(10, Duration.ofSeconds(1), 0, true)), ONE_ATTEMPT);

        for (int i = 0; i < 3; i++) {
            pipeline.execute(get("/a"), context());
        }

        // the first spacing was declared (100ms, 1% wider: 101ms); after the policy, one request every 500ms (505ms)
        assertThat(time.waits).containsExactly(Duration.ofMillis(101), Duration.ofMillis(505));
    }

    @Test
    void hubSpotsIntervalHeadersSlowTheSpacingLikeAPolicy() {
        // HubSpot: X-HubSpot-RateLimit-Max per X-HubSpot-RateLimit-Interval-Milliseconds, no reset header
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").willReturn(okJson("{}")
                .withHeader("X-HubSpot-RateLimit-Max", "2").withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "1000")
                .withHeader("X-HubSpot-RateLimit-Remaining", "1")));
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(10, Duration.ofSeconds(1), 0, true)), ONE_ATTEMPT);

        for (int i = 0; i < 3; i++) {
            pipeline.execute(get("/a"), context());
        }

        // declared 100ms (1% wider: 101ms) until HubSpot's own 2 per 1000ms (505ms) was read
        assertThat(time.waits).containsExactly(Duration.ofMillis(101), Duration.ofMillis(505));
    }

    @Test
    void discordsResetAfterHoldsToTheMillisecond() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").willReturn(okJson("{}")
                .withHeader("X-RateLimit-Limit", "5").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "1").withHeader("X-RateLimit-Reset-After", "1.234")));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/b").willReturn(okJson("{}")));
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(0, null, 0, true)), ONE_ATTEMPT);

        pipeline.execute(get("/a"), context());
        pipeline.execute(get("/b"), context());

        assertThat(time.waits).containsExactly(Duration.ofMillis(1234));
    }

    @Test
    void shopifysFractionalRetryAfterIsHonoured() {
        String state = com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").inScenario("leaky").whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2.0").withHeader("X-Shopify-Shop-Api-Call-Limit", "40/40")
                        .withBody("{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}"))
                .willSetStateTo("drained"));
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").inScenario("leaky").whenScenarioStateIs("drained")
                .willReturn(okJson("{}").withHeader("X-Shopify-Shop-Api-Call-Limit", "1/40")));
        var retry = new RetrySpec(3, Duration.ofMillis(100), Duration.ofMillis(100));
        var pipeline = pipeline(RequestRateLimiter.unlimited(), retry);

        HttpResponse response = pipeline.execute(get("/a"), context());

        assertThat(response.status()).isEqualTo(200);
        assertThat(time.waits).containsExactly(Duration.ofSeconds(2)); // not the 100ms backoff: the header was read
    }

    @Test
    void withoutLearningHeadersChangeNothing() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a").willReturn(okJson("{}")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "3")));
        var pipeline = pipeline(limiters.forConnection("crm", new RateLimitSpec(1000, Duration.ofSeconds(1))), ONE_ATTEMPT);

        pipeline.execute(get("/a"), context());
        pipeline.execute(get("/a"), context());

        assertThat(time.waits).containsExactly(Duration.ofMillis(1));
    }

    @Test
    void retryStopsWhenTheNextWaitWouldPassMaxTotalWait() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "120").withBody("{\"message\":\"maintenance\"}")));
        var retry = new RetrySpec(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(3));
        var pipeline = pipeline(RequestRateLimiter.unlimited(), retry);

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(get("/a"), context()));

        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/a still failed with HTTP 503 after 2 attempts: maintenance"
                + " (stopped retrying: the next wait (120s) would pass retry.maxTotalWait (180s))");
        assertThat(time.waits).containsExactly(Duration.ofSeconds(120));
    }

    @Test
    void aConnectFailureSaysWhenATimeBudgetStoppedTheRetries() {
        int port = TestPeers.closedPort();
        var options = PipelineOptions.builder().clock(time).sleeper(time).jitter(() -> 1.0).build();
        var pipeline = HttpPipeline.builder(options).retry(new RetrySpec(5, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3))).build();
        pipelines.add(pipeline);

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> pipeline.execute(HttpRequest.get(URI.create("http://127.0.0.1:" + port + "/a")), context()));

        assertThat(e.getMessage()).isEqualTo("could not connect to 127.0.0.1:" + port + " (connection refused) after 2 attempts; check that the service"
                + " is running and that connection 'crm' points to the right base URL (stopped retrying: the next wait (2s) would pass"
                + " retry.maxTotalWait (3s))");
        assertThat(time.waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryStopsWhenTheNextWaitWouldPassTheTotalTimeout() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/a")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "20")));
        var options = PipelineOptions.builder().clock(time).sleeper(time).build();
        var pipeline = HttpPipeline.builder(options).retry(RetrySpec.DEFAULT)
                .timeouts(new dev.junction.spec.TimeoutSpec(null, null, Duration.ofSeconds(45))).build();
        pipelines.add(pipeline);

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(get("/a"), context()));

        assertThat(e.getMessage()).endsWith("after 3 attempts (stopped retrying: the next wait (20s) would pass timeouts.total (45s))");
        assertThat(time.waits).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
    }

    @Test
    void theReadTimeoutOfTheConnectorBoundsEachAttempt() {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/slow").willReturn(okJson("{}").withFixedDelay(3_000)));
        var options = PipelineOptions.builder().sleeper(time).build();
        var pipeline = HttpPipeline.builder(options).retry(ONE_ATTEMPT)
                .timeouts(new dev.junction.spec.TimeoutSpec(Duration.ofSeconds(1), Duration.ofMillis(200), null)).build();
        pipelines.add(pipeline);

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(get("/slow"), context()));

        assertThat(e.getMessage()).isEqualTo("GET " + server.baseUrl() + "/slow got no response within 0.2s after 1 attempt");
        assertThat(e.error().code()).isEqualTo("timeout");
    }

    @Test
    void maxConcurrencyKeepsAtMostThatManyRequestsInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Semaphore release = new Semaphore(0);
        HttpServer peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.setExecutor(Executors.newCachedThreadPool());
        peer.createContext("/work", exchange -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            arrived.incrementAndGet();
            try {
                release.tryAcquire(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        peer.start();
        var options = PipelineOptions.builder().build();
        var pipeline = HttpPipeline.builder(options).rateLimiter(new RateLimiters().forConnection("crm", new RateLimitSpec(0, null, 2, false))).build();
        pipelines.add(pipeline);
        URI url = URI.create("http://127.0.0.1:" + peer.getAddress().getPort() + "/work");
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(callers.submit(() -> pipeline.execute(HttpRequest.get(url), context())));
            }
            for (int round = 1; round <= 3; round++) {
                int expected = 2 * round;
                await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == expected && inFlight.get() == 2);
                release.release(2);
            }
            for (Future<HttpResponse> call : calls) {
                assertThat(call.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            peer.stop(0);
        }
        assertThat(most.get()).isEqualTo(2);
        assertThat(arrived.get()).isEqualTo(6);
    }

    @Test
    void learningFromTheSandboxHeadersAvoidsEvery429OfItsFixedWindow() throws IOException {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(5).withCrmContacts(20))) {
            var options = PipelineOptions.builder().build();
            var pipeline = HttpPipeline.builder(options).auth(new AuthSpec.Bearer(sandbox.crm().token())).retry(ONE_ATTEMPT)
                    .rateLimiter(new RateLimiters().forConnection("crm", new RateLimitSpec(5, Duration.ofSeconds(1), 0, true))).build();
            pipelines.add(pipeline);
            URI url = URI.create(sandbox.crm().baseUrl() + "/v1/contacts?limit=1");

            for (int i = 0; i < 8; i++) {
                assertThat(pipeline.execute(HttpRequest.get(url), context()).status()).isEqualTo(200);
            }

            assertThat(sandbox.crm().stats().tooManyRequests()).isZero();
            assertThat(sandbox.crm().stats().requests()).isEqualTo(8);
        }
    }
}
