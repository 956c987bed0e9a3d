package dev.junction.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.runtime.internal.DateSlices.Slice;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateSlicesTest {
    private static final Instant ORIGIN = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void cutsWholeStepsFromTheOriginAndAShortLastSlice() {
        assertThat(DateSlices.split(ORIGIN, ORIGIN, at("2024-01-03T12:00:00Z"), DAY)).containsExactly(
                new Slice(ORIGIN, at("2024-01-02T00:00:00Z")),
                new Slice(at("2024-01-02T00:00:00Z"), at("2024-01-03T00:00:00Z")),
                new Slice(at("2024-01-03T00:00:00Z"), at("2024-01-03T12:00:00Z")));
    }

    @Test
    void aRangeOfExactlyOneStepIsOneSliceAndAStepLargerThanTheRangeToo() {
        assertThat(DateSlices.split(ORIGIN, ORIGIN, at("2024-01-02T00:00:00Z"), DAY)).containsExactly(new Slice(ORIGIN, at("2024-01-02T00:00:00Z")));
        assertThat(DateSlices.split(ORIGIN, ORIGIN, at("2024-01-01T05:00:00Z"), Duration.ofDays(30)))
                .containsExactly(new Slice(ORIGIN, at("2024-01-01T05:00:00Z")));
    }

    @Test
    void aStartAtOrAfterTheEndGivesNoSlices() {
        assertThat(DateSlices.split(ORIGIN, at("2024-02-01T00:00:00Z"), at("2024-01-15T00:00:00Z"), DAY)).isEmpty();
        assertThat(DateSlices.split(ORIGIN, ORIGIN, ORIGIN, DAY)).isEmpty();
    }

    @Test
    void aResumedRangeStartsMidSliceAndThenKeepsTheOriginsBoundaries() {
        // resuming from a checkpoint less a 10-minute lookback: a short first slice, then the same slices as before
        assertThat(DateSlices.split(ORIGIN, at("2024-01-02T23:50:00Z"), at("2024-01-04T00:00:00Z"), DAY)).containsExactly(
                new Slice(at("2024-01-02T23:50:00Z"), at("2024-01-03T00:00:00Z")),
                new Slice(at("2024-01-03T00:00:00Z"), at("2024-01-04T00:00:00Z")));
    }

    @Test
    void aStepMustBePositive() {
        assertThatThrownBy(() -> DateSlices.split(ORIGIN, ORIGIN, at("2024-01-02T00:00:00Z"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void theLookbackIsTakenOffDateTimesOnly() {
        assertThat(Lookback.apply("2026-01-30T22:57:50Z", Duration.ofMinutes(10))).isEqualTo("2026-01-30T22:47:50Z");
        assertThat(Lookback.apply("2026-01-30T00:05:00+02:00", Duration.ofMinutes(10))).isEqualTo("2026-01-29T23:55:00+02:00");
        assertThat(Lookback.apply("1234", Duration.ofMinutes(10))).isEqualTo("1234");
        assertThat(Lookback.apply(null, Duration.ofMinutes(10))).isNull();
        assertThat(Lookback.apply("2026-01-30T22:57:50Z", Duration.ZERO)).isEqualTo("2026-01-30T22:57:50Z");
    }
}
