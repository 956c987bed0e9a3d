package dev.junction.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Regression: cursor values were compared as strings, so checkpoint 9 beat 10 and 10:00+02:00 beat 09:00Z. */
class CursorOrderTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a longer number is higher though its text sorts first", "9", "10", "10"),
                Arguments.of("a smaller number of more digits is not higher", "100", "99", "100"),
                Arguments.of("negative numbers compare by value", "-5", "-12", "-5"),
                Arguments.of("decimals compare by value", "2.5", "10.25", "10.25"),
                Arguments.of("exponent notation compares by value", "1.5E3", "999", "1.5E3"),
                Arguments.of("date-times compare as instants across offsets", "2026-01-01T09:00:00Z", "2026-01-01T10:00:00+02:00", "2026-01-01T09:00:00Z"),
                Arguments.of("a later instant written with an offset is higher", "2026-01-01T09:00:00Z", "2026-01-01T12:00:00+02:00", "2026-01-01T12:00:00+02:00"),
                Arguments.of("fractions of a second count", "2026-01-01T09:00:00Z", "2026-01-01T09:00:00.5Z", "2026-01-01T09:00:00.5Z"),
                Arguments.of("the same instant written differently does not move the checkpoint", "2026-01-01T09:00:00Z", "2026-01-01T11:00:00+02:00", "2026-01-01T09:00:00Z"),
                Arguments.of("plain strings compare as strings", "abc", "abd", "abd"),
                Arguments.of("dates without a time are plain strings", "2026-01-02", "2026-01-10", "2026-01-10"),
                Arguments.of("a number does not replace a date-time", "2026-01-01T09:00:00Z", "99999999999", "2026-01-01T09:00:00Z"),
                Arguments.of("a plain string does not replace a number", "10", "zzz", "10"),
                Arguments.of("a first value becomes the checkpoint", null, "7", "7"),
                Arguments.of("a missing value keeps the checkpoint", "7", null, "7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsTheHigherCursorValue(String name, String current, String candidate, String expected) {
        assertThat(CursorOrder.higher(current, candidate)).isEqualTo(expected);
    }
}
