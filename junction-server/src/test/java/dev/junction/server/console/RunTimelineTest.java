package dev.junction.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.ExchangeRecord;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run timeline's steps (calls of one kind and connection folded) and ticks, and the records chart beside the runs chart. */
class RunTimelineTest {
    static final Instant START = Instant.parse("2026-12-06T12:00:00Z");

    static ExchangeRecord call(int second, String connection, String method, int status, int attempt) {
        return new ExchangeRecord(second, START.plusSeconds(second), "r1", null, connection, method, "https://api.example/v1/things?page=" + second,
                status, 10, attempt, Map.of(), null, Map.of(), null, status == 0 ? "connect timed out" : null, List.of());
    }

    @Test
    void callsOfOneKindAndConnectionAreFoldedIntoOneStepBetweenStartAndEnd() {
        RunRecord run = new RunRecord("r1", "s", "schedule", RunStatus.PARTIAL, START, START.plusSeconds(100),
                new RunCounters(30, 20, 5, 0, 5, 0, 1, 1), null, null);
        List<ExchangeRecord> calls = List.of(call(1, "crm", "GET", 200, 1), call(2, "crm", "GET", 200, 1), call(3, "crm", "GET", 200, 1),
                call(10, "desk", "POST", 200, 1), call(11, "desk", "POST", 429, 1), call(12, "desk", "POST", 200, 2), call(13, "desk", "POST", 0, 1),
                call(14, "crm", "GET", 200, 1));

        RunTimeline timeline = RunTimeline.of(run, calls);

        assertThat(timeline.steps()).extracting(RunTimeline.Step::kind).containsExactly("start", "read", "write", "throttled", "retry", "failed", "read",
                "end");
        assertThat(timeline.steps().get(1).text()).isEqualTo("3 pages read (crm): GET /v1/things → 200 … GET /v1/things → 200");
        assertThat(timeline.steps().get(1).until()).isEqualTo(START.plusSeconds(3));
        assertThat(timeline.steps().get(5).text()).isEqualTo("1 call failed (desk): POST /v1/things (no answer: connect timed out)");
        assertThat(timeline.steps().getLast().text()).isEqualTo("Run ended partial: 30 read, 25 written, 5 failed");
        assertThat(timeline.ticks()).hasSize(8).extracting(RunTimeline.Tick::x).isSorted().allMatch(x -> x >= 0 && x < RunTimeline.WIDTH);
        assertThat(timeline.ticks().get(3).x()).isEqualTo(10 * (RunTimeline.WIDTH - 2) / 100);
        assertThat(timeline.capped()).isFalse();
    }

    @Test
    void aRunWithoutCallsHasOnlyItsStartAndEndAndNoStrip() {
        RunRecord running = new RunRecord("r2", "s", "api", RunStatus.RUNNING, START, null, RunCounters.ZERO, null, null);

        RunTimeline timeline = RunTimeline.of(running, List.of());

        assertThat(timeline.steps()).extracting(RunTimeline.Step::text).containsExactly("Run started (trigger api)");
        assertThat(timeline.ticks()).isEmpty();
    }

    @Test
    void recordsAreCountedInTheHourTheirRunStarted() {
        Instant now = Instant.parse("2026-12-06T12:30:00Z");
        List<RunRecord> runs = List.of(
                new RunRecord("a", "s", "t", RunStatus.SUCCEEDED, Instant.parse("2026-12-06T12:05:00Z"), null, new RunCounters(10, 6, 2, 2, 0, 1, 0, 0), null, null),
                new RunRecord("b", "s", "t", RunStatus.PARTIAL, Instant.parse("2026-12-06T12:10:00Z"), null, new RunCounters(10, 3, 0, 0, 7, 0, 0, 0), null, null),
                new RunRecord("c", "s", "t", RunStatus.SUCCEEDED, Instant.parse("2026-12-05T12:59:59Z"), null, new RunCounters(99, 99, 0, 0, 0, 0, 0, 0), null, null));

        RecordChart chart = RecordChart.of(runs, now);

        assertThat(chart.bars()).hasSize(24);
        RecordChart.Bar last = chart.bars().getLast();
        assertThat(last.label()).isEqualTo("12:00 UTC: 12 records written, 7 failed");
        assertThat(chart.written()).isEqualTo(12);
        assertThat(chart.failed()).isEqualTo(7);
        assertThat(chart.max()).isEqualTo(19);
        assertThat(last.writtenHeight() + last.failedHeight()).isEqualTo(chart.height());
        assertThat(last.failedY()).isZero();
        assertThat(chart.bars().get(22).writtenHeight()).isZero();
    }
}
