package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseSignalsTest {
    private static RateLimitHeaders headers(Duration retryAfter, Long remaining, Duration reset) {
        return new RateLimitHeaders(retryAfter, remaining, reset, null, null);
    }

    @Test
    void aRetryAfterHoldsEveryCallerAndIsRoundedOnlyBesideAResetInWholeSeconds() {
        ResponseSignals alone = ResponseSignals.of(429, headers(Duration.ofSeconds(2), null, null));
        assertThat(alone.refused()).isTrue();
        assertThat(alone.hold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(alone.rounded()).isFalse();
        ResponseSignals beside = ResponseSignals.of(429, headers(Duration.ofSeconds(2), 0L, Duration.ofSeconds(2)));
        assertThat(beside.rounded()).isTrue();
        assertThat(ResponseSignals.of(503, headers(Duration.ofMillis(1500), null, Duration.ofSeconds(2))).rounded()).isFalse();
    }

    @Test
    void aResetHoldsOnlyA429OrAUsedUpCount() {
        assertThat(ResponseSignals.of(200, headers(null, 5L, Duration.ofSeconds(3))).hold()).isNull();
        ResponseSignals usedUp = ResponseSignals.of(200, headers(null, 0L, Duration.ofSeconds(3)));
        assertThat(usedUp.ok()).isTrue();
        assertThat(usedUp.empty()).isTrue();
        assertThat(usedUp.hold()).isEqualTo(Duration.ofSeconds(3));
        assertThat(usedUp.rounded()).isTrue();
        assertThat(ResponseSignals.of(429, headers(null, null, Duration.ofMillis(2500))).hold()).isEqualTo(Duration.ofMillis(2500));
        assertThat(ResponseSignals.of(429, headers(null, null, Duration.ofMillis(2500))).rounded()).isFalse();
    }

    @Test
    void aUsedUpCountWithNoWordOfWhenItComesBackIsUsedUpUntilUnknown() {
        assertThat(ResponseSignals.of(200, headers(null, 0L, null)).usedUpUntilUnknown()).isTrue();
        assertThat(ResponseSignals.of(429, headers(null, 0L, null)).usedUpUntilUnknown()).isFalse();
        assertThat(ResponseSignals.of(200, headers(null, 0L, Duration.ofSeconds(1))).usedUpUntilUnknown()).isFalse();
        assertThat(ResponseSignals.of(200, headers(null, 1L, null)).usedUpUntilUnknown()).isFalse();
    }
}
