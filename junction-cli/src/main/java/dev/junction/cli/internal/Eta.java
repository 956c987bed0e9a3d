package dev.junction.cli.internal;

import dev.junction.store.RunCounters;
import dev.junction.sync.ExpectedTotal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The ETA of a run's progress line: the records still to account for (expected minus written,
 * unchanged, skipped or failed) at the pace of the last {@value #WINDOW_SECONDS} seconds. Time is
 * the run's elapsed time as the engine reports it (its clock), so the estimate is a pure function of
 * what it is fed. "ETA unknown" when nothing tells how many records to expect, before a few
 * seconds of pace are known, when nothing was accounted for in that window, or once the run went
 * past the expected count (an estimate that turned out low).
 */
final class Eta {
    static final int WINDOW_SECONDS = 30;
    private static final Duration MIN_HISTORY = Duration.ofSeconds(2);

    private record Sample(Duration elapsed, long done) {}

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Records a progress report and returns the ETA text for it. */
    synchronized String update(RunCounters c, Duration elapsed, ExpectedTotal expected) {
        long done = c.written() + c.unchanged() + c.skipped() + c.failed();
        samples.addLast(new Sample(elapsed, done));
        while (samples.size() > 2 && samples.peekFirst().elapsed().plusSeconds(WINDOW_SECONDS).compareTo(elapsed) < 0) {
            samples.pollFirst();
        }
        if (expected == null) {
            return "ETA unknown";
        }
        String of = String.format(Locale.ROOT, "of %s%,d (%s)", expected.basis() == ExpectedTotal.Basis.SOURCE ? "" : "~", expected.records(),
                expected.basis().description());
        if (done >= expected.records()) {
            return c.read() > expected.records() ? "ETA unknown, past the expected " + of.substring(3) : "ETA 0s " + of;
        }
        Sample first = samples.peekFirst();
        Duration span = elapsed.minus(first.elapsed());
        long progress = done - first.done();
        if (span.compareTo(MIN_HISTORY) < 0 || progress <= 0) {
            return "ETA unknown " + of;
        }
        double perSecond = progress / (span.toMillis() / 1000.0);
        return "ETA " + format(Duration.ofSeconds(Math.round((expected.records() - done) / perSecond))) + " " + of;
    }

    /** {@code 45s}, {@code 3m 05s}, {@code 2h 10m}. */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
    }
}
