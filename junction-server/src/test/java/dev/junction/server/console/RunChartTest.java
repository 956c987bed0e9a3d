package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunChartTest {
    static final Instant NOW = Instant.parse("2026-12-06T12:30:00Z");

    static RunRecord run(String startedAt, RunStatus status) {
        return new RunRecord("r-" + startedAt + status, "s", "test", status, Instant.parse(startedAt), null, RunCounters.ZERO, null, null);
    }

    @Test
    void runsAreCountedInTheirHourAndStackedByOutcome() {
        RunChart chart = RunChart.of(List.of(run("2026-12-06T12:05:00Z", RunStatus.SUCCEEDED), run("2026-12-06T12:10:00Z", RunStatus.FAILED),
                run("2026-12-06T12:20:00Z", RunStatus.SUCCEEDED), run("2026-12-06T11:59:59Z", RunStatus.PARTIAL),
                run("2026-12-06T12:25:00Z", RunStatus.RUNNING), run("2026-12-05T12:59:59Z", RunStatus.FAILED)), NOW);

        assertThat(chart.bars()).hasSize(24);
        RunChart.Bar last = chart.bars().get(23);
        assertThat(last.label()).startsWith("12:00 UTC: 2 succeeded, 0 partial, 1 failed");
        assertThat(chart.bars().get(22).label()).startsWith("11:00 UTC: 0 succeeded, 1 partial");
        assertThat(chart.bars().getFirst().label()).startsWith("13:00 UTC: 0 succeeded, 0 partial, 0 failed");
        assertThat(chart.max()).isEqualTo(3);
        assertThat(last.okHeight() + last.badHeight()).isEqualTo(chart.height());
        assertThat(last.okY()).isEqualTo(chart.height() - last.okHeight());
        assertThat(last.badY()).isEqualTo(0);
    }

    @Test
    void noRunsDrawsEmptyBars() {
        RunChart chart = RunChart.of(List.of(), NOW);

        assertThat(chart.bars()).allSatisfy(bar -> assertThat(bar.okHeight() + bar.partialHeight() + bar.badHeight()).isZero());
    }

    @Test
    void aSyncsRunsAreBarsOfTheirRecordsOldestFirst() {
        RunRecord newest = new RunRecord("r-2", "s", "test", RunStatus.PARTIAL, NOW, null, new RunCounters(10, 2, 1, 5, 2, 0, 0, 0), null, null);
        RunRecord oldest = new RunRecord("r-1", "s", "test", RunStatus.SUCCEEDED, NOW.minusSeconds(60), null, new RunCounters(40, 40, 0, 0, 0, 0, 0, 0),
                null, null);

        RunChart chart = RunChart.records(List.of(newest, oldest));

        assertThat(chart.bars()).hasSize(2);
        assertThat(chart.max()).isEqualTo(40);
        assertThat(chart.bars().getFirst().label()).startsWith("Run r-1").endsWith("40 written, 0 unchanged, 0 failed");
        RunChart.Bar last = chart.bars().get(1);
        assertThat(last.label()).contains("partial").endsWith("3 written, 5 unchanged, 2 failed");
        assertThat(last.ok()).isEqualTo(3);
        assertThat(last.partialHeight()).isEqualTo(10);
        assertThat(chart.bars().getFirst().okHeight()).isEqualTo(chart.height());
        assertThat(RunChart.records(List.of()).bars()).isEmpty();
    }
}
