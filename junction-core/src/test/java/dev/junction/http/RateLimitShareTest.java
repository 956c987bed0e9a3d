package dev.junction.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.spec.RateLimitSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A budget spent by several nodes ({@link RequestRateLimiter#share(int)}): each keeps to an even share of
 * the declared (and policy-learned) rate and of what the API says remains, while pauses the API asks for
 * hold every node in full. Decisions only, on fake time.
 */
class RateLimitShareTest {
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    private final FakeTime time = new FakeTime(START);

    private RequestRateLimiter limiter(RateLimitSpec spec) {
        return RequestRateLimiter.of(spec, time, MAX_PAUSE);
    }

    /** When each of {@code permits} permits was granted, as an offset from the first. */
    private List<Duration> grants(RequestRateLimiter limiter, int permits) throws InterruptedException {
        List<Duration> at = new ArrayList<>();
        Instant first = null;
        for (int i = 0; i < permits; i++) {
            limiter.acquire(time);
            first = first == null ? time.instant() : first;
            at.add(Duration.between(first, time.instant()));
        }
        return at;
    }

    private static List<Duration> millis(long... values) {
        List<Duration> list = new ArrayList<>();
        for (long v : values) {
            list.add(Duration.ofMillis(v));
        }
        return list;
    }

    @Test
    void theSpacingDoublesWhenTwoNodesShareAndComesBackWhenAloneAgain() throws InterruptedException {
        RequestRateLimiter limiter = limiter(new RateLimitSpec(10, Duration.ofSeconds(1)));
        assertThat(grants(limiter, 3)).isEqualTo(millis(0, 100, 200));

        assertThat(limiter.share(2)).isTrue();
        assertThat(limiter.participants()).isEqualTo(2);
        assertThat(limiter.interval()).isEqualTo(Duration.ofMillis(200));
        time.advance(Duration.ofSeconds(1)); // the slot reserved at the old spacing has passed
        assertThat(grants(limiter, 3)).isEqualTo(millis(0, 200, 400));

        assertThat(limiter.share(1)).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(grants(limiter, 3)).isEqualTo(millis(0, 100, 200));
        assertThat(limiter.interval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aFixedWindowsSlotsAreDividedAmongTheNodesAndNeverBelowOne() throws InterruptedException {
        RequestRateLimiter limiter = limiter(new RateLimitSpec(4, Duration.ofSeconds(10), 0, false, RateLimitSpec.Window.FIXED));
        limiter.share(2);

        List<Duration> shared = grants(limiter, 3);
        assertThat(shared.subList(0, 2)).as("two slots at the window's start").containsOnly(Duration.ZERO);
        assertThat(shared.get(2)).as("the third waits for the window").isGreaterThanOrEqualTo(Duration.ofSeconds(10));

        limiter.share(8);
        time.advance(Duration.ofMinutes(1));
        List<Duration> eight = grants(limiter, 2);
        assertThat(eight.get(1)).as("one slot per window for a node of eight, not none").isGreaterThanOrEqualTo(Duration.ofSeconds(10));

        limiter.share(1);
        time.advance(Duration.ofMinutes(1));
        assertThat(grants(limiter, 4)).as("alone again: the whole window").containsOnly(Duration.ZERO);
    }

    @Test
    void aPauseTheApiAsksForHoldsEveryNodeInFull() throws InterruptedException {
        RequestRateLimiter limiter = limiter(new RateLimitSpec(0, null, 0, true));
        limiter.share(3);

        RequestRateLimiter.Permit permit = limiter.take(time);
        limiter.observe(new HttpResponse(429, Map.of("Retry-After", List.of("7")), null), permit);

        assertThat(limiter.pausedUntil()).isEqualTo(START.plusSeconds(7));
    }

    @Test
    void aSpacingLearnedFromThePolicyIsTheAccountsAndIsSharedToo() throws InterruptedException {
        RequestRateLimiter alone = limiter(new RateLimitSpec(0, null, 0, true));
        RequestRateLimiter shared = limiter(new RateLimitSpec(0, null, 0, true));
        shared.share(2);
        HttpResponse policy = new HttpResponse(200, Map.of("RateLimit-Policy", List.of("10;w=1")), null);

        alone.observe(policy, alone.take(time));
        shared.observe(policy, shared.take(time));

        assertThat(alone.interval()).isPositive();
        assertThat(shared.interval()).isEqualTo(alone.interval().multipliedBy(2));
    }

    @Test
    void eachNodeSpendsItsPartOfWhatTheApiSaysRemainsNotAllOfIt() throws InterruptedException {
        HttpResponse tenLeft = new HttpResponse(200, Map.of("X-RateLimit-Remaining", List.of("10"), "X-RateLimit-Reset", List.of("10")), null);
        assertThat(immediatePermitsAfter(tenLeft, 1)).isEqualTo(10);
        assertThat(immediatePermitsAfter(tenLeft, 2)).isEqualTo(5);
    }

    /** How many permits a learning budget without a declared rate grants at once after {@code response}, shared by {@code nodes}. */
    private int immediatePermitsAfter(HttpResponse response, int nodes) throws InterruptedException {
        RequestRateLimiter limiter = limiter(new RateLimitSpec(0, null, 0, true));
        limiter.share(nodes);
        limiter.observe(response, limiter.take(time));
        int immediate = 0;
        while (immediate < 100 && limiter.acquire(time).isZero()) {
            immediate++;
        }
        return immediate;
    }

    @Test
    void oneNodeChangesNothingAndFewerThanOneIsRefused() throws InterruptedException {
        RequestRateLimiter limiter = limiter(new RateLimitSpec(10, Duration.ofSeconds(1)));

        assertThat(limiter.share(1)).isFalse();
        assertThat(grants(limiter, 3)).isEqualTo(millis(0, 100, 200));
        assertThatThrownBy(() -> limiter.share(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("participants: expected 1 or more (this node counts), was 0");
        assertThat(RequestRateLimiter.unlimited().share(3)).isFalse();
    }

    @Test
    void describesThisNodesPartOfTheDeclaredRate() {
        RequestRateLimiter spaced = limiter(new RateLimitSpec(100, Duration.ofSeconds(10)));
        RequestRateLimiter fixed = limiter(new RateLimitSpec(5, Duration.ofSeconds(1), 0, false, RateLimitSpec.Window.FIXED));

        assertThat(spaced.describeShare()).isEqualTo("100 per 10s");
        spaced.share(2);
        assertThat(spaced.describeShare()).isEqualTo("50 per 10s");
        spaced.share(3);
        assertThat(spaced.describeShare()).isEqualTo("33.3 per 10s");
        fixed.share(2);
        assertThat(fixed.describeShare()).isEqualTo("2 per 1s");
        RequestRateLimiter learning = limiter(new RateLimitSpec(0, null, 0, true));
        assertThat(learning.describeShare()).isEqualTo("what the API's headers allow");
        learning.share(3);
        assertThat(learning.describeShare()).isEqualTo("1/3 of what the API's headers allow");
    }

    @Test
    void aPermitMarksTheBudgetUsedUntilAsked() throws InterruptedException {
        RequestRateLimiter limiter = limiter(new RateLimitSpec(10, Duration.ofSeconds(1)));
        assertThat(limiter.takeUsed()).isFalse();

        limiter.acquire(time);
        limiter.take(time);

        assertThat(limiter.takeUsed()).isTrue();
        assertThat(limiter.takeUsed()).as("cleared by the first ask").isFalse();
    }

    @Test
    void theRegistryListsTheBudgetsNodesShareUnderAKeyEveryProcessComputesAlike() {
        List<RateLimiters.Shared> told = new ArrayList<>();
        RateLimiters limiters = new RateLimiters(time, MAX_PAUSE, told::add);
        RateLimitSpec declared = new RateLimitSpec(100, Duration.ofSeconds(10));

        RequestRateLimiter crm = limiters.forConnection("acme", "crm", declared);
        assertThat(limiters.forConnection("acme", "crm", declared)).isSameAs(crm);
        limiters.forConnection("acme", "crm-own-ip", declared.withScope(RateLimitSpec.Scope.NODE));
        limiters.forConnection("acme", "crm-capped", new RateLimitSpec(0, null, 4, false));

        assertThat(told).singleElement().satisfies(shared -> {
            assertThat(shared.connection()).isEqualTo("crm");
            assertThat(shared.limiter()).isSameAs(crm);
            assertThat(shared.key()).isEqualTo(RateLimiters.sharedKey("acme", "crm", new RateLimitSpec(100, Duration.ofSeconds(10), 4, true)))
                    .as("the declared rate names it, not the cap or learning").hasSize(64);
        });
        assertThat(limiters.shared()).isEqualTo(told);
        assertThat(RateLimiters.sharedKey("acme", "crm", declared)).isNotEqualTo(RateLimiters.sharedKey("other", "crm", declared))
                .isNotEqualTo(RateLimiters.sharedKey("acme", "crm", new RateLimitSpec(200, Duration.ofSeconds(10))))
                .isNotEqualTo(RateLimiters.sharedKey("acme", "crm", new RateLimitSpec(100, Duration.ofSeconds(10), 0, false, RateLimitSpec.Window.FIXED)));
    }
}
