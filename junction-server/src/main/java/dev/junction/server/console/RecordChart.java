package dev.junction.server.console;

import dev.junction.store.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Records per hour over the last 24 hours — written (inserted, updated or deleted) and failed
 * (dead-lettered) — as a bar chart laid out here and drawn by the template as inline SVG, like
 * {@link RunChart}. A run's records count in the hour it started (the store keeps a run's counters,
 * not when each record was written), so a long run shows whole in its first hour.
 */
public record RecordChart(int width, int height, long max, long written, long failed, List<Bar> bars) {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC);

    /** One hour: its x, its label, and the written part (bottom) and failed part (on top) as y and height. */
    public record Bar(int x, String label, long written, long failed, int writtenY, int writtenHeight, int failedY, int failedHeight) {}

    static RecordChart of(List<RunRecord> runs, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofHours(RunChart.HOURS));
        long[] written = new long[RunChart.HOURS];
        long[] failed = new long[RunChart.HOURS];
        for (RunRecord run : runs) {
            Instant at = run.startedAt();
            if (at != null && !at.isBefore(start) && at.isBefore(end)) {
                int hour = (int) Duration.between(start, at).toHours();
                written[hour] += run.counters().written() + run.counters().deleted();
                failed[hour] += run.counters().failed();
            }
        }
        long max = 1;
        long totalWritten = 0;
        long totalFailed = 0;
        for (int h = 0; h < RunChart.HOURS; h++) {
            max = Math.max(max, written[h] + failed[h]);
            totalWritten += written[h];
            totalFailed += failed[h];
        }
        List<Bar> bars = new ArrayList<>();
        for (int h = 0; h < RunChart.HOURS; h++) {
            int w = height(written[h], max);
            int f = height(failed[h], max);
            String label = HOUR.format(start.plus(Duration.ofHours(h))) + " UTC: " + written[h] + " records written, " + failed[h] + " failed";
            bars.add(new Bar(h * RunChart.BAR_WIDTH, label, written[h], failed[h], RunChart.HEIGHT - w, w, RunChart.HEIGHT - w - f, f));
        }
        return new RecordChart(RunChart.HOURS * RunChart.BAR_WIDTH, RunChart.HEIGHT, max, totalWritten, totalFailed, bars);
    }

    /** A count as a height: none is 0, a few still show (2). */
    private static int height(long count, long max) {
        return count <= 0 ? 0 : (int) Math.max(2, Math.round((double) count * RunChart.HEIGHT / max));
    }

    /** The width of one bar, leaving a gap. */
    public int barWidth() {
        return RunChart.BAR_WIDTH - 4;
    }
}
