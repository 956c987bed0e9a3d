package dev.junction.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.RateLimitSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A budget of points read from each answer's body ({@code rateLimit.cost}), on fake time: Shopify's GraphQL
 * query cost (a bucket refilled at a rate) and monday.com's complexity (a window that resets).
 */
class QueryCostBudgetTest {
    private static final RateLimitSpec.Cost SHOPIFY = new RateLimitSpec.Cost("$.extensions.cost.throttleStatus.currentlyAvailable",
            "$.extensions.cost.requestedQueryCost", "$.extensions.cost.throttleStatus.restoreRate",
            "$.extensions.cost.throttleStatus.maximumAvailable", null);
    private static final RateLimitSpec.Cost MONDAY = new RateLimitSpec.Cost("$.data.complexity.after", "$.data.complexity.query", null,
            "1000000", "$.data.complexity.reset_in_x_seconds");

    private final FakeTime time = new FakeTime(Instant.parse("2026-12-07T10:00:00Z"));

    private RequestRateLimiter budget(RateLimitSpec.Cost cost) {
        return RequestRateLimiter.of(new RateLimitSpec(0, null, 0, false, RateLimitSpec.Window.SPACED, RateLimitSpec.Scope.CONNECTION, cost),
                time, Duration.ofMinutes(5));
    }

    /** A Shopify answer: a page of records first, the cost after them. */
    private static HttpResponse shopify(double requested, double available, String records) {
        return HttpResponse.of(200, "{\"data\":{\"products\":{\"nodes\":" + records + "}},\"extensions\":{\"cost\":{\"requestedQueryCost\":"
                + requested + ",\"actualQueryCost\":" + requested + ",\"throttleStatus\":{\"maximumAvailable\":1000.0,\"currentlyAvailable\":"
                + available + ",\"restoreRate\":50.0}}}}");
    }

    private Duration call(RequestRateLimiter budget, String operation, HttpResponse answer) throws InterruptedException {
        RequestRateLimiter.Permit permit = budget.take(time, operation);
        budget.observe(answer, permit);
        return permit.waited();
    }

    @Test
    void aCallWaitsUntilTheBucketHoldsWhatTheLastCallOfItsOperationCost() throws InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);

        // nothing known yet: the first call goes at once and learns the bucket and its cost
        assertThat(call(budget, "stream:products", shopify(60, 100, "[{\"id\":1},{\"id\":2}]"))).isZero();
        // 100 left, 60 expected: at once, 40 left
        assertThat(call(budget, "stream:products", shopify(60, 40, "[]"))).isZero();
        // 40 left, 60 expected: 20 points at 50 a second
        assertThat(call(budget, "stream:products", shopify(60, 0, "[]"))).isEqualTo(Duration.ofMillis(400));
        assertThat(budget.points().points()).isZero();
    }

    @Test
    void aThrottledAnswerTeachesTheCostAndTheRetryWaitsForIt() throws InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);
        HttpResponse throttled = HttpResponse.of(200, "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
                + "\"extensions\":{\"cost\":{\"requestedQueryCost\":752,\"actualQueryCost\":null,\"throttleStatus\":"
                + "{\"maximumAvailable\":1000.0,\"currentlyAvailable\":112,\"restoreRate\":50.0}}}}");

        assertThat(call(budget, "stream:orders", throttled)).isZero();

        // the retry: 752 - 112 = 640 points at 50 a second
        assertThat(budget.take(time, "stream:orders").waited()).isEqualTo(Duration.ofMillis(12_800));
    }

    @Test
    void eachOperationHasItsOwnCostAndAnUnknownOneIsExpectedToCostTheMost() throws InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);
        call(budget, "stream:products", shopify(300, 1000, "[]"));
        call(budget, "stream:customers", shopify(12, 1000, "[]"));

        assertThat(budget.points().expectedCost("stream:products")).isEqualTo(300);
        assertThat(budget.points().expectedCost("stream:customers")).isEqualTo(12);
        assertThat(budget.points().expectedCost("action:tagOrder")).isEqualTo(300);
    }

    @Test
    void callsInFlightAreCountedAgainstWhatAnAnswerSaysIsLeft() throws InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);
        call(budget, "stream:orders", shopify(100, 1000, "[]"));

        RequestRateLimiter.Permit first = budget.take(time, "stream:orders");
        RequestRateLimiter.Permit second = budget.take(time, "stream:orders");
        assertThat(budget.points().points()).isEqualTo(800);
        // the second's answer came first: the API counted it, not yet the first, still in flight
        budget.observe(shopify(100, 900, "[]"), second);
        assertThat(budget.points().points()).isEqualTo(800);
        budget.observe(shopify(100, 800, "[]"), first);
        assertThat(budget.points().points()).isEqualTo(800);

        // a call that got no answer is no longer in flight
        RequestRateLimiter.Permit lost = budget.take(time, "stream:orders");
        budget.abandon(lost);
        budget.observe(shopify(100, 800, "[]"), budget.take(time, "stream:orders"));
        assertThat(budget.points().points()).isEqualTo(800);
    }

    @Test
    void callersThatFindTooFewPointsWaitInTurn() throws InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);
        call(budget, "stream:orders", shopify(100, 100, "[]"));

        List<Duration> waits = List.of(budget.points().reserve("stream:orders").delay(), budget.points().reserve("stream:orders").delay(),
                budget.points().reserve("stream:orders").delay());

        assertThat(waits).containsExactly(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void theBucketRefillsUpToItsSizeAndACallAboveItWaitsForAFullBucket() throws InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);
        call(budget, "stream:orders", shopify(1500, 0, "[]"));

        // 1,500 points can never be there: wait for the full 1,000 (20 s), as the API's single-query limit says
        assertThat(budget.take(time, "stream:orders").waited()).isEqualTo(Duration.ofSeconds(20));

        time.advance(Duration.ofHours(1));
        assertThat(budget.points().points()).isEqualTo(1000);
    }

    @Test
    void aWindowWaitsForItsResetAndCarriesDebtsOver() throws InterruptedException {
        RequestRateLimiter budget = budget(MONDAY);
        HttpResponse answer = HttpResponse.of(200, "{\"data\":{\"items\":[],\"complexity\":{\"before\":1000,\"query\":30000,\"after\":20000,"
                + "\"reset_in_x_seconds\":42}}}");

        assertThat(call(budget, "stream:items", answer)).isZero();
        // 20,000 left, 30,000 expected: until the window resets, 42 s on
        assertThat(budget.take(time, "stream:items").waited()).isEqualTo(Duration.ofSeconds(42));
        // after the reset: 1,000,000 less the 10,000 the call above overdrew
        assertThat(budget.points().points()).isEqualTo(1_000_000 - 30_000 + 20_000);
    }

    @Test
    void nodesThatShareTheConnectionEachCountTheirPart() throws InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);
        budget.share(2);
        call(budget, "stream:orders", shopify(100, 100, "[]"));

        // 50 of the 100 are this node's, restored at 25 a second: 50 more points take 2 s
        assertThat(budget.take(time, "stream:orders").waited()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anAnswerWithoutTheValuesLeavesTheEstimateAndAGzipAnswerIsRead() throws IOException, InterruptedException {
        RequestRateLimiter budget = budget(SHOPIFY);
        call(budget, "stream:orders", shopify(100, 500, "[]"));

        call(budget, "stream:orders", HttpResponse.of(502, "<html>Bad gateway</html>"));
        assertThat(budget.points().points()).isEqualTo(400);
        call(budget, "stream:orders", HttpResponse.of(200, "{\"data\":{\"orders\":[]}}"));
        assertThat(budget.points().points()).isEqualTo(300);

        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(shopify(7, 990, "[" + "{\"id\":1,\"tags\":[\"a\",{\"b\":2}]},".repeat(2000) + "{}]").bodyText().getBytes(StandardCharsets.UTF_8));
        }
        call(budget, "stream:orders", new HttpResponse(200, Map.of("Content-Encoding", List.of("gzip")), zipped.toByteArray()));
        assertThat(budget.points().points()).isEqualTo(990);
        assertThat(budget.points().expectedCost("stream:orders")).isEqualTo(7);
    }

    @Test
    void numbersWrittenAsTextCountAndFixedValuesStandInForUnreportedOnes() throws InterruptedException {
        RequestRateLimiter budget = budget(new RateLimitSpec.Cost("$.meta.left", null, "10", "100", null));
        call(budget, null, HttpResponse.of(200, "{\"meta\":{\"left\":\"5\"}}"));

        // no cost reported: a call is expected to cost nothing, and waits only while the estimate is overdrawn
        assertThat(budget.points().points()).isEqualTo(5);
        time.advance(Duration.ofSeconds(60));
        assertThat(budget.points().points()).isEqualTo(100);
    }
}
