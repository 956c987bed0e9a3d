package dev.junction.server.console;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A stacked bar chart laid out here and drawn by the template ({@code chart.jte}) as inline SVG (no
 * script, no style attribute: colours come from the stylesheet's classes). {@link #of} makes the
 * overview's runs per hour over the last 24 hours: each bar stacks succeeded runs, partial ones (some
 * records dead-lettered) and the rest that ended badly (failed, crashed, cancelled); queued and
 * running ones are not counted. {@link #records} makes a sync's records per run, oldest run first:
 * written (inserted, updated, deleted), unchanged and failed.
 */
public record RunChart(int width, int height, int max, List<Bar> bars) {
    static final int HOURS = 24;
    static final int BAR_WIDTH = 20;
    static final int HEIGHT = 80;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC);

    /** One hour's bar: its x, and for each stacked part its top (y) and height, in chart units. */
    public record Bar(int x, String label, int ok, int partial, int bad, int okY, int okHeight, int partialY, int partialHeight, int badY,
            int badHeight) {}

    static RunChart of(List<RunRecord> runs, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = end.minus(Duration.ofHours(HOURS));
        int[][] counts = new int[HOURS][3];
        for (RunRecord run : runs) {
            if (run.startedAt() == null || run.startedAt().isBefore(start) || !run.startedAt().isBefore(end)) {
                continue;
            }
            int hour = (int) Duration.between(start, run.startedAt()).toHours();
            int part = part(run.status());
            if (part >= 0) {
                counts[hour][part]++;
            }
        }
        int max = 1;
        for (int[] hour : counts) {
            max = Math.max(max, hour[0] + hour[1] + hour[2]);
        }
        List<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < HOURS; i++) {
            int ok = scale(counts[i][0], max);
            int partial = scale(counts[i][1], max);
            int bad = scale(counts[i][2], max);
            String label = HOUR.format(start.plus(Duration.ofHours(i))) + " UTC: " + counts[i][0] + " succeeded, " + counts[i][1] + " partial, "
                    + counts[i][2] + " failed";
            bars.add(new Bar(i * BAR_WIDTH, label, counts[i][0], counts[i][1], counts[i][2], HEIGHT - ok, ok, HEIGHT - ok - partial, partial,
                    HEIGHT - ok - partial - bad, bad));
        }
        return new RunChart(HOURS * BAR_WIDTH, HEIGHT, max, bars);
    }

    /** The records of each run (newest first, as listed), one bar per run from the oldest on the left. */
    static RunChart records(List<RunRecord> runs) {
        List<RunRecord> oldestFirst = runs.reversed();
        long max = 1;
        for (RunRecord run : oldestFirst) {
            max = Math.max(max, written(run) + run.counters().unchanged() + run.counters().failed());
        }
        List<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            RunRecord run = oldestFirst.get(i);
            long written = written(run);
            long unchanged = run.counters().unchanged();
            long failed = run.counters().failed();
            int ok = scale(written, max);
            int partial = scale(unchanged, max);
            int bad = scale(failed, max);
            String label = "Run " + run.id() + " (" + Links.time(run.startedAt()) + ", " + run.status().name().toLowerCase(java.util.Locale.ROOT) + "): "
                    + written + " written, " + unchanged + " unchanged, " + failed + " failed";
            bars.add(new Bar(i * BAR_WIDTH, label, (int) Math.min(written, Integer.MAX_VALUE), (int) Math.min(unchanged, Integer.MAX_VALUE),
                    (int) Math.min(failed, Integer.MAX_VALUE), HEIGHT - ok, ok, HEIGHT - ok - partial, partial, HEIGHT - ok - partial - bad, bad));
        }
        return new RunChart(Math.max(1, oldestFirst.size()) * BAR_WIDTH, HEIGHT, (int) Math.min(max, Integer.MAX_VALUE), bars);
    }

    private static long written(RunRecord run) {
        return run.counters().inserted() + run.counters().updated() + run.counters().deleted();
    }

    /** 0 succeeded, 1 partial, 2 ended badly, -1 not ended. */
    private static int part(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> 0;
            case PARTIAL -> 1;
            case QUEUED, RUNNING -> -1;
            default -> 2;
        };
    }

    private static int scale(long count, long max) {
        return count == 0 ? 0 : Math.max(2, Math.round((float) count * HEIGHT / max));
    }

    /** The width of one bar, leaving a gap. */
    public int barWidth() {
        return BAR_WIDTH - 4;
    }
}
