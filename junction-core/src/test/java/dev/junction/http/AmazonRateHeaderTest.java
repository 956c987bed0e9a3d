package dev.junction.http;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.spec.RateLimitSpec;
import dev.junction.spec.RetrySpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Amazon's Selling Partner and Advertising APIs say their sustained rate in {@code x-amzn-RateLimit-Limit} (requests per second,
 * often below one) and nothing else: a learning budget spaces its requests by it. Against WireMock, on fake time.
 */
class AmazonRateHeaderTest {
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-08T10:00:00Z"));
    private final RateLimiters limiters = new RateLimiters(time, Duration.ofMinutes(5));
    private HttpPipeline pipeline;

    @AfterEach
    void close() {
        pipeline.close();
    }

    private void send(String rate, int requests) {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/orders/v0/orders").willReturn(okJson("{\"payload\": {}}")
                .withHeader("x-amzn-RateLimit-Limit", rate).withHeader("x-amzn-RequestId", "a1b2")));
        pipeline = HttpPipeline.builder(PipelineOptions.builder().clock(time).sleeper(time).rateLimiters(limiters).build())
                .retry(new RetrySpec(1, Duration.ZERO, Duration.ZERO))
                .rateLimiter(limiters.forConnection("sp-api", new RateLimitSpec(0, null, 0, true))).build();
        for (int i = 0; i < requests; i++) {
            pipeline.execute(HttpRequest.get(URI.create(server.baseUrl() + "/orders/v0/orders")), CallContext.of("sp-api"));
        }
    }

    @Test
    void aRateBelowOneASecondSpacesRequestsByItsInverse() {
        send("0.5", 4);

        // nothing declared: the first permit, taken before anything was known, let the next go at once (Amazon's buckets hold
        // a burst); from the third on, one every 2 s (1% wider, as every learned spacing)
        assertThat(time.waits).containsExactly(Duration.ofMillis(2020), Duration.ofMillis(2020));
    }

    @Test
    void aRateOfSeveralASecondKeepsToItsWholeRequests() {
        send("2.5", 4);

        // 2.5 a second is kept as 2 a second: never faster than the API allows
        assertThat(time.waits).containsExactly(Duration.ofMillis(505), Duration.ofMillis(505));
    }
}
