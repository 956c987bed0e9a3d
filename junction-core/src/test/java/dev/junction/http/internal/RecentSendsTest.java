package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentSendsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void keepsOnlyTheNewestAndCountsThoseAfterAnInstant() {
        RecentSends sends = new RecentSends();
        for (int i = 0; i < 5; i++) {
            sends.add(T0.plusSeconds(i), 3);
        }
        assertThat(sends.oldestOf(3)).isEqualTo(T0.plusSeconds(2));
        assertThat(sends.oldestOf(4)).isNull();
        assertThat(sends.after(T0.plusSeconds(2))).isEqualTo(2);
        sends.keep(1);
        assertThat(sends.oldestOf(1)).isEqualTo(T0.plusSeconds(4));
    }
}
