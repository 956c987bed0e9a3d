package dev.junction.spec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"500ms, 500", "2s, 2000", "1m, 60000", "1h, 3600000", "1d, 86400000", "0s, 0", "' 10s ', 10000"})
    void readsAWholeNumberAndAUnit(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "5 minutes", "1.5s", "-1s", "1w", "s", "", "10S", "1234567890s"})
    void refusesAnythingElse(String text) {
        assertThat(Durations.parse(text)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"500, 500ms", "30000, 30s", "120000, 2m", "3600000, 1h", "0, 0s", "1500, 1500ms"})
    void formatsTheShortestTextThatReadsBack(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
