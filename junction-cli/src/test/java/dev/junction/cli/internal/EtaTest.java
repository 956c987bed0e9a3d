package dev.junction.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RunCounters;
import dev.junction.sync.ExpectedTotal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ETA of the progress line, fed with the engine's elapsed time (its injected clock), never with real time. */
class EtaTest {
    private static final ExpectedTotal LAST_RUN = new ExpectedTotal(200_000, ExpectedTotal.Basis.LAST_RUN);
    private final Eta eta = new Eta();

    /** {@code read} records read, of which {@code written} written and {@code unchanged} unchanged. */
    private static RunCounters counters(long read, long written, long unchanged) {
        return new RunCounters(read, written, 0, unchanged, 0, 0, 0, 0, 0);
    }

    private String at(long seconds, long read, long done, ExpectedTotal expected) {
        return eta.update(counters(read, done, 0), Duration.ofSeconds(seconds), expected);
    }

    @Test
    void withoutAnExpectedTotalTheEtaIsUnknown() {
        at(0, 0, 0, null);

        assertThat(at(10, 19_000, 19_000, null)).isEqualTo("ETA unknown");
    }

    @Test
    void theRecordsLeftAtTheRecentPaceGiveTheEtaAndItSaysWhereTheTotalComesFrom() {
        at(0, 0, 0, LAST_RUN);

        // 19,000 accounted for in 10 s: 1,900/s; 181,000 left take 95 s
        assertThat(at(10, 20_000, 19_000, LAST_RUN)).isEqualTo("ETA 1m 35s of ~200,000 (the last run's count)");
        assertThat(at(10, 20_000, 19_000, new ExpectedTotal(200_000, ExpectedTotal.Basis.SOURCE)))
                .isEqualTo("ETA 1m 35s of 200,000 (the source's count)");
    }

    @Test
    void thePaceIsTheLastThirtySecondsNotTheWholeRun() {
        at(0, 0, 0, LAST_RUN);
        at(30, 3_000, 3_000, LAST_RUN); // a slow start: 100/s
        at(45, 18_000, 18_000, LAST_RUN);

        // the last 30 s (30 s to 60 s): 30,000 records, 1,000/s; 167,000 left take 167 s (the whole run's 550/s would say 5m 04s)
        assertThat(at(60, 33_000, 33_000, LAST_RUN)).isEqualTo("ETA 2m 47s of ~200,000 (the last run's count)");
    }

    @Test
    void tooLittleHistoryOrNoProgressLeavesItUnknown() {
        at(0, 0, 0, LAST_RUN);
        assertThat(at(1, 500, 500, LAST_RUN)).isEqualTo("ETA unknown of ~200,000 (the last run's count)");
        assertThat(at(5, 500, 500, LAST_RUN)).startsWith("ETA 33m 15s");
        Eta stalled = new Eta();
        stalled.update(counters(100, 100, 0), Duration.ZERO, LAST_RUN);
        assertThat(stalled.update(counters(100, 100, 0), Duration.ofSeconds(10), LAST_RUN)).startsWith("ETA unknown of");
    }

    @Test
    void aRunPastItsEstimateSaysSoInsteadOfCountingBelowZero() {
        at(0, 0, 0, LAST_RUN);

        assertThat(at(100, 210_000, 205_000, LAST_RUN)).isEqualTo("ETA unknown, past the expected ~200,000 (the last run's count)");
    }

    @Test
    void formatsSecondsMinutesAndHours() {
        assertThat(Eta.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Eta.format(Duration.ofSeconds(185))).isEqualTo("3m 05s");
        assertThat(Eta.format(Duration.ofSeconds(7_800))).isEqualTo("2h 10m");
    }
}
