package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AllowanceTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void anUnknownAllowanceHoldsNothingBack() {
        assertThat(Allowance.UNKNOWN.validAt(NOW)).isFalse();
        assertThat(Allowance.UNKNOWN.slotFor(NOW)).isEqualTo(NOW);
        assertThat(Allowance.UNKNOWN.after(NOW)).isEqualTo(Allowance.UNKNOWN);
    }

    @Test
    void eachRequestBeforeTheEndSpendsOneAndTheOneAfterTheLastWaitsForTheEnd() {
        Allowance two = new Allowance(2, NOW.plusSeconds(5));
        Allowance one = two.after(NOW);
        assertThat(two.slotFor(NOW)).isEqualTo(NOW);
        Allowance none = one.after(NOW);
        assertThat(none.count()).isZero();
        assertThat(none.slotFor(NOW)).isEqualTo(NOW.plusSeconds(5));
        assertThat(none.after(NOW)).isEqualTo(none);
    }

    @Test
    void aRequestDueAtOrAfterTheEndDoesNotCount() {
        Allowance none = new Allowance(0, NOW.plusSeconds(5));
        assertThat(none.slotFor(NOW.plusSeconds(5))).isEqualTo(NOW.plusSeconds(5));
        assertThat(none.slotFor(NOW.plusSeconds(6))).isEqualTo(NOW.plusSeconds(6));
        assertThat(new Allowance(3, NOW).after(NOW)).isEqualTo(new Allowance(3, NOW));
    }

    @Test
    void emptyingKeepsTheEnd() {
        assertThat(new Allowance(7, NOW).emptied()).isEqualTo(new Allowance(0, NOW));
        assertThat(new Allowance(7, NOW).spentOne()).isEqualTo(new Allowance(6, NOW));
    }
}
