package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KnownRateTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aDeclaredLimitPerWindowCountsItsRequestsAndSpacing() {
        KnownRate rate = KnownRate.declared(Duration.ofMillis(100), Duration.ofSeconds(10));
        assertThat(rate.windowDeclared()).isTrue();
        assertThat(rate.declaredRequests()).isEqualTo(100);
        assertThat(rate.nanos()).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(rate.window()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSpacingWithoutPerOrNoSpacingAtAllDeclaresNoWindow() {
        assertThat(KnownRate.declared(Duration.ofMillis(100), null).windowDeclared()).isFalse();
        assertThat(KnownRate.declared(null, Duration.ofSeconds(1)).windowDeclared()).isFalse();
        assertThat(KnownRate.declared(Duration.ofMillis(-5), null).nanos()).isZero();
    }

    @Test
    void aLearnedPolicyWindowWinsAndTheSlowerSpacingIsKept() {
        KnownRate declared = KnownRate.declared(Duration.ofMillis(100), Duration.ofSeconds(10));
        KnownRate slower = declared.learned(Duration.ofSeconds(60), 300); // 200 ms apart
        assertThat(slower.nanos()).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(slower.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(slower.declaredRequests()).isEqualTo(100);
        assertThat(declared.learned(Duration.ofSeconds(1), 100).nanos()).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void permitsPerWindowAreTheWindowOverTheSpacingOrAHundredWhenEitherIsUnknown() {
        KnownRate rate = KnownRate.declared(Duration.ofMillis(100), Duration.ofSeconds(10));
        assertThat(rate.permitsPerWindow(Duration.ofMillis(200).toNanos())).isEqualTo(50);
        assertThat(rate.permitsPerWindow(Duration.ofSeconds(30).toNanos())).isEqualTo(1);
        assertThat(rate.permitsPerWindow(0)).isEqualTo(100);
        assertThat(KnownRate.declared(Duration.ofMillis(100), null).permitsPerWindow(1_000)).isEqualTo(100);
    }

    @Test
    void aUsedUpWindowEndsAWindowAfterTheOldestRecentSendWhenThatIsStillAhead() {
        KnownRate rate = KnownRate.declared(Duration.ofMillis(100), Duration.ofSeconds(10));
        Duration longest = Duration.ofMinutes(5);
        assertThat(rate.usedUpWindowEnd(NOW, NOW.minusSeconds(4), longest)).isEqualTo(NOW.plusSeconds(6));
        assertThat(rate.usedUpWindowEnd(NOW, NOW.minusSeconds(11), longest)).isEqualTo(NOW.plusSeconds(10));
        assertThat(rate.usedUpWindowEnd(NOW, null, longest)).isEqualTo(NOW.plusSeconds(10));
    }

    @Test
    void aUsedUpWindowIsCutToTheLongestPauseAndUnknownWithoutAWindow() {
        KnownRate hour = KnownRate.declared(Duration.ofSeconds(36), Duration.ofHours(1));
        assertThat(hour.usedUpWindowEnd(NOW, null, Duration.ofMinutes(5))).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(KnownRate.declared(Duration.ofMillis(100), null).usedUpWindowEnd(NOW, null, Duration.ofMinutes(5))).isNull();
    }
}
