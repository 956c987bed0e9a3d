package dev.junction.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.junction.spec.RateLimitSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a learning budget's spacing adapts to 429s that come although requests were sent at its pace
 * (an API that counts arrivals more strictly than sends can be spaced): it widens one step above the
 * spacing that drew the 429, narrows back slowly while calm, stays above that spacing for a while,
 * and keeps within its bounds. The decisions only, on fake time: 10 requests per second declared,
 * so 100 ms apart and a window of 10 permits.
 */
class AdaptiveSpacingTest {
    private static final HttpResponse OK = new HttpResponse(200, Map.of(), null);
    private static final HttpResponse REFUSED = new HttpResponse(429,
            Map.of("Retry-After", List.of("1"), "X-RateLimit-Remaining", List.of("0"), "X-RateLimit-Reset", List.of("1")), null);

    private final FakeTime time = new FakeTime(Instant.parse("2026-11-22T10:00:00Z"));
    private final RequestRateLimiter budget = RequestRateLimiter.of(new RateLimitSpec(10, Duration.ofSeconds(1), 0, true), time, Duration.ofMinutes(5));

    /** Sends {@code permits} requests that the API accepts. */
    private void calm(int permits) throws InterruptedException {
        for (int i = 0; i < permits; i++) {
            budget.observe(OK, budget.take(time));
        }
    }

    /** One request that the API refuses. */
    private void refused() throws InterruptedException {
        budget.observe(REFUSED, budget.take(time));
    }

    /** The spacing in force, as a share of the declared 100 ms. */
    private double margin() {
        return budget.interval().toNanos() / 100_000_000.0;
    }

    @Test
    void aLearningBudgetStartsOnePercentWiderAndDoesNotNarrowBelowThatWithout429s() throws InterruptedException {
        assertThat(margin()).isCloseTo(1.01, within(1e-6));

        calm(100);

        assertThat(margin()).isCloseTo(1.01, within(1e-6));
    }

    @Test
    void a429WidensTheSpacingOneStepAboveTheSpacingThatDrewIt() throws InterruptedException {
        calm(1);

        refused();

        assertThat(margin()).isCloseTo(1.02, within(1e-6));
    }

    @Test
    void a429ToARequestSentBeforeTheLastWideningDoesNotWidenAgain() throws InterruptedException {
        RequestRateLimiter.Permit first = budget.take(time);
        RequestRateLimiter.Permit second = budget.take(time);

        budget.observe(REFUSED, first);
        budget.observe(REFUSED, second);

        assertThat(margin()).isCloseTo(1.02, within(1e-6));
    }

    @Test
    void aWindowOfCalmNarrowsTheSpacingOneSmallStep() throws InterruptedException {
        refused();

        calm(9);
        assertThat(margin()).isCloseTo(1.02, within(1e-6));
        calm(1);

        assertThat(margin()).isCloseTo(1.0175, within(1e-6));
    }

    @Test
    void whileCalmTheSpacingStaysAboveTheOneThatDrewTheLast429For30WindowsThenGoesBackToTheStart() throws InterruptedException {
        calm(1);
        refused(); // drawn at 1.01: widened to 1.02, and the floor is 1.01 for the next 300 permits

        calm(40);
        assertThat(margin()).isCloseTo(1.0125, within(1e-6));
        calm(255);
        assertThat(margin()).as("still within the floor's 300 permits").isCloseTo(1.0125, within(1e-6));
        calm(10);
        assertThat(margin()).as("the floor has expired").isCloseTo(1.01, within(1e-6));
        calm(50);
        assertThat(margin()).isCloseTo(1.01, within(1e-6));
    }

    @Test
    void a429AtANarrowedSpacingRaisesTheFloorToThatSpacing() throws InterruptedException {
        refused();
        refused(); // 1.01 -> 1.02 -> 1.03; floor 1.02
        calm(20); // 1.0275, 1.025

        refused(); // drawn at 1.025: widened to 1.035, floor 1.025
        calm(50);

        assertThat(margin()).isCloseTo(1.0275, within(1e-6));
    }

    @Test
    void a429ToARequestSentJustBeforeANarrowingCountsTheSpacingItWasSentWith() throws InterruptedException {
        refused(); // 1.02, floor 1.01
        calm(9);
        RequestRateLimiter.Permit sentAt102 = budget.take(time);
        calm(1); // the window is calm: 1.0175

        budget.observe(REFUSED, sentAt102);

        assertThat(margin()).isCloseTo(1.03, within(1e-6));
    }

    @Test
    void repeated429sWidenTheSpacingAtMostFivePercent() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            refused();
        }

        assertThat(margin()).isCloseTo(1.05, within(1e-6));
    }

    @Test
    void withoutLearningThe429sLeaveTheDeclaredSpacing() throws InterruptedException {
        RequestRateLimiter declared = RequestRateLimiter.of(new RateLimitSpec(10, Duration.ofSeconds(1)), time, Duration.ofMinutes(5));

        declared.observe(REFUSED, declared.take(time));

        assertThat(declared.interval()).isEqualTo(Duration.ofMillis(100));
    }
}
