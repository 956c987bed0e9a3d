package dev.junction.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.RateLimitSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The budget's decisions on fake time for limits it used to spend too slowly or to collapse on: a
 * declared fixed window spent at its start, the credit an API says remains spent at once, a
 * {@code Remaining: 0} without a reset held for the declared window, and an API of single tokens (a
 * bucket of capacity 1) paced at its rate instead of held a rounded-up second per request.
 */
class BurstAndStrictLimitsTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private final FakeTime time = new FakeTime(START);

    private RequestRateLimiter budget(RateLimitSpec spec) {
        return RequestRateLimiter.of(spec, time, Duration.ofMinutes(5));
    }

    private static HttpResponse ok(Map<String, String> headers) {
        Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        return new HttpResponse(200, multi, null);
    }

    @Test
    void aFixedWindowIsSpentAtItsStartAndNoSpanOfItsLengthEverHoldsMoreThanItsLimit() throws InterruptedException {
        RequestRateLimiter limiter = budget(new RateLimitSpec(5, Duration.ofSeconds(10), 0, false, RateLimitSpec.Window.FIXED));
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            limiter.take(time);
            sent.add(time.instant());
        }

        assertThat(sent.subList(0, 5)).containsOnly(START);
        assertThat(sent.get(5)).as("the next window: 10s after the first, with 1% for jitter").isEqualTo(START.plusMillis(10_100));
        assertThat(sent.subList(5, 10)).containsOnly(START.plusMillis(10_100));
        for (int i = 5; i < sent.size(); i++) {
            assertThat(Duration.between(sent.get(i - 5), sent.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        }
        RequestRateLimiter spaced = RequestRateLimiter.of(new RateLimitSpec(5, Duration.ofSeconds(10)), new FakeTime(START), Duration.ofMinutes(5));
        assertThat(spaced.interval()).as("the default spreads the same limit evenly").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aLearningBudgetSpendsAtOnceTheCreditTheSpacingWouldLeaveUnusedBeforeTheReset() throws InterruptedException {
        // a bucket of 190 that starts full and says when its next token comes: 189 left, the next in (rounded up) 1s
        RequestRateLimiter limiter = budget(new RateLimitSpec(190, Duration.ofSeconds(10), 0, true));
        RequestRateLimiter.Permit first = limiter.take(time);
        limiter.observe(ok(Map.of("X-RateLimit-Remaining", "189", "X-RateLimit-Reset", "1")), first);

        int atOnce = 0;
        while (time.instant().equals(START)) {
            limiter.take(time);
            atOnce++;
        }
        // the spacing (52.6ms x 1.01) would send 18 of them within the second: the other 171 are spare,
        // and all but one (kept for what is in flight) leave at once; then the spacing resumes
        assertThat(atOnce - 1).isEqualTo(170);
        assertThat(time.instant()).isEqualTo(START.plusNanos(53_157_893));

        // a fixed window that says what is left until its end: the spacing uses it all by then, nothing is spare
        FakeTime window = new FakeTime(START);
        RequestRateLimiter fixed = RequestRateLimiter.of(new RateLimitSpec(10, Duration.ofSeconds(1), 0, true), window, Duration.ofMinutes(5));
        RequestRateLimiter.Permit p = fixed.take(window);
        fixed.observe(ok(Map.of("X-RateLimit-Remaining", "9", "X-RateLimit-Reset", "1")), p);
        fixed.take(window);
        assertThat(window.instant()).isEqualTo(START.plusMillis(101));

        FakeTime other = new FakeTime(START);
        RequestRateLimiter declaredOnly = RequestRateLimiter.of(new RateLimitSpec(190, Duration.ofSeconds(10)), other, Duration.ofMinutes(5));
        RequestRateLimiter.Permit q = declaredOnly.take(other);
        declaredOnly.observe(ok(Map.of("X-RateLimit-Remaining", "189", "X-RateLimit-Reset", "1")), q);
        declaredOnly.take(other);
        assertThat(other.instant()).as("without learnFromHeaders, headers change nothing").isEqualTo(START.plusNanos(52_631_578));
    }

    @Test
    void remainingZeroWithoutAResetWaitsForTheDeclaredWindowInsteadOfDrawingA429() throws InterruptedException {
        RequestRateLimiter limiter = budget(new RateLimitSpec(5, Duration.ofSeconds(10), 0, true));
        RequestRateLimiter.Permit first = limiter.take(time);
        time.advance(Duration.ofSeconds(1));
        // another client used this window up: the API says so, and not when it comes back
        limiter.observe(ok(Map.of("X-RateLimit-Remaining", "0")), first);

        limiter.take(time);

        assertThat(time.instant()).isEqualTo(START.plusSeconds(11));
    }

    @Test
    void aStrictLimiterOfSingleTokensIsFollowedNearItsRateWithFewer429sThanAFixedPaceClient() throws InterruptedException {
        // a bucket of capacity 1 refilled at 19/s; every answer says Remaining: 0 and a reset rounded up to 1s
        Outcome ours = run(budget(new RateLimitSpec(19, Duration.ofSeconds(1), 0, true)), null);
        Outcome fixedPace = run(null, Duration.ofNanos(1_000_000_000L / 19));

        assertThat(ours.accepted).as("%s against a fixed-pace client's %s", ours, fixedPace).isEqualTo(1_000);
        assertThat(ours.rate()).as("%s against a fixed-pace client's %s", ours, fixedPace).isGreaterThanOrEqualTo(0.9 * fixedPace.rate());
        assertThat(ours.refused).as("%s against %s", ours, fixedPace).isLessThan(fixedPace.refused);
    }

    @Test
    void learningAloneFindsTheStrictLimitersPaceByProbingInsteadOfCollapsing() throws InterruptedException {
        // nothing declared: the budget learns from the headers only (which say Limit: 1, Remaining: 0, Reset: 1)
        Outcome ours = run(budget(new RateLimitSpec(0, null, 0, true)), null);
        Outcome fixedPace = run(null, Duration.ofNanos(1_000_000_000L / 19));

        assertThat(ours.rate()).as("%s against a fixed-pace client's %s", ours, fixedPace).isGreaterThanOrEqualTo(0.9 * fixedPace.rate());
        assertThat(ours.refused).as("%s against %s", ours, fixedPace).isLessThan(fixedPace.refused);
    }

    /** How a client fared against the bucket: accepted and refused requests, and the (fake) time it took. */
    private record Outcome(int accepted, int refused, Duration took) {
        double rate() {
            return accepted / (took.toNanos() / 1e9);
        }
    }

    /**
     * One caller sends 1,000 requests to a simulated bucket of capacity 1 at 19 tokens/s; each request
     * reaches it 0-4 ms late (seeded jitter). A refused request waits its {@code Retry-After: 1} and is
     * sent again. The caller paces by {@code limiter}, or at a fixed {@code pace} when it is null.
     */
    private Outcome run(RequestRateLimiter limiter, Duration pace) throws InterruptedException {
        FakeTime clock = limiter == null ? new FakeTime(START) : time;
        Random jitter = new Random(42);
        double tokens = 1;
        Instant last = START;
        int accepted = 0;
        int refused = 0;
        Instant next = START;
        while (accepted < 1_000) {
            RequestRateLimiter.Permit permit = null;
            if (limiter != null) {
                permit = limiter.take(clock);
            } else if (next.isAfter(clock.instant())) {
                clock.sleep(Duration.between(clock.instant(), next));
            }
            next = clock.instant().plus(pace == null ? Duration.ZERO : pace);
            Instant arrival = clock.instant().plusNanos(jitter.nextInt(4_000_000));
            tokens = Math.min(1, tokens + Duration.between(last, arrival).toNanos() / 1e9 * 19);
            last = arrival.isAfter(last) ? arrival : last;
            boolean ok = tokens >= 1;
            HttpResponse answer;
            if (ok) {
                tokens -= 1;
                accepted++;
                answer = ok(Map.of("X-RateLimit-Limit", "1", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1"));
            } else {
                refused++;
                answer = new HttpResponse(429, Map.of("Retry-After", List.of("1"), "X-RateLimit-Limit", List.of("1"),
                        "X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of("1")), null);
            }
            if (limiter != null) {
                limiter.observe(answer, permit);
            }
            if (!ok) {
                clock.sleep(Duration.ofSeconds(1)); // the retry step honours Retry-After
                next = clock.instant();
            }
        }
        return new Outcome(accepted, refused, Duration.between(START, clock.instant()));
    }
}
