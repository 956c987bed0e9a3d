package dev.junction.server.console;

import dev.junction.store.ExchangeRecord;
import dev.junction.store.RunRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A run's timeline from what the store has: its start, its logged HTTP calls (the request log) folded
 * into steps — consecutive calls of the same kind and connection become one step ("12 pages read from
 * crm") — and its end. Calls are classified as pages read (GET), batches written (other methods),
 * retries (a later attempt), throttled (429) or failed (no answer, or 4xx/5xx). The same calls are
 * laid out as ticks on a strip from start to end for the template to draw as inline SVG.
 *
 * @param steps the timeline, oldest first
 * @param ticks one mark per call on the strip (x in 0..{@link #WIDTH})
 * @param calls how many calls were read to build it; {@code capped} when the run made more
 */
public record RunTimeline(List<Step> steps, List<Tick> ticks, int calls, boolean capped) {
    /** The calls read at most; past them the timeline says it shows the first ones only. */
    static final int CALLS = 500;
    public static final int WIDTH = 600;
    public static final int HEIGHT = 24;

    /** One step: when it started (and ended, for several calls), what happened, and its kind for the stylesheet. */
    public record Step(Instant at, Instant until, String kind, String text) {}

    /** One call on the strip: its x, its kind (a class of the stylesheet) and a label. */
    public record Tick(int x, String kind, String label) {}

    static RunTimeline of(RunRecord run, List<ExchangeRecord> exchanges) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(run.startedAt(), null, "start", "Run started (trigger " + run.trigger() + ")"));
        List<ExchangeRecord> calls = exchanges.stream().limit(CALLS).toList();
        int i = 0;
        while (i < calls.size()) {
            ExchangeRecord first = calls.get(i);
            String kind = kind(first);
            int j = i + 1;
            while (j < calls.size() && kind(calls.get(j)).equals(kind) && same(first.connection(), calls.get(j).connection())) {
                j++;
            }
            ExchangeRecord last = calls.get(j - 1);
            steps.add(new Step(first.at(), j - i > 1 ? last.at() : null, kind, describe(kind, j - i, first, last)));
            i = j;
        }
        if (run.finishedAt() != null) {
            steps.add(new Step(run.finishedAt(), null, "end", "Run ended " + run.status().name().toLowerCase(Locale.ROOT) + ": "
                    + run.counters().read() + " read, " + run.counters().written() + " written, " + run.counters().failed() + " failed"));
        }
        // in time order: a call logged after the run's end (a late retry's answer) comes after it; ties keep start, calls, end
        steps.sort(Comparator.comparing(Step::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return new RunTimeline(steps, ticks(run, calls), calls.size(), exchanges.size() > CALLS);
    }

    /** read, write, retry, throttled or failed. */
    static String kind(ExchangeRecord e) {
        if (e.status() == 429) {
            return "throttled";
        }
        if (e.status() == 0 || e.status() >= 400) {
            return "failed";
        }
        if (e.attempt() > 1) {
            return "retry";
        }
        return "GET".equalsIgnoreCase(e.method()) ? "read" : "write";
    }

    private static String describe(String kind, int n, ExchangeRecord first, ExchangeRecord last) {
        String from = first.connection() == null ? "" : " (" + first.connection() + ")";
        String what = switch (kind) {
            case "read" -> n == 1 ? "1 page read" : n + " pages read";
            case "write" -> n == 1 ? "1 batch written" : n + " batches written";
            case "retry" -> n == 1 ? "1 retry" : n + " retries";
            case "throttled" -> n == 1 ? "1 call throttled (429)" : n + " calls throttled (429)";
            default -> n == 1 ? "1 call failed" : n + " calls failed";
        };
        String detail = first.method() + " " + path(first.url()) + (first.status() == 0 ? " (no answer" + (first.error() == null ? ")" : ": " + first.error() + ")")
                : " → " + first.status());
        return what + from + ": " + detail + (n > 1 && first != last ? " … " + last.method() + " " + path(last.url()) + " → " + last.status() : "");
    }

    /** The path of a logged URL (its query, which may be long, left out). */
    static String path(String url) {
        try {
            String path = URI.create(url).getRawPath();
            return path == null || path.isEmpty() ? url : path;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    private static List<Tick> ticks(RunRecord run, List<ExchangeRecord> calls) {
        if (calls.isEmpty() || run.startedAt() == null) {
            return List.of();
        }
        Instant start = run.startedAt();
        Instant end = run.finishedAt() != null ? run.finishedAt() : calls.getLast().at();
        long span = Math.max(1, Duration.between(start, end).toMillis());
        List<Tick> ticks = new ArrayList<>();
        for (ExchangeRecord e : calls) {
            long offset = Math.clamp(Duration.between(start, e.at()).toMillis(), 0, span);
            int x = (int) (offset * (WIDTH - 2) / span);
            ticks.add(new Tick(x, kind(e), Links.time(e.at()) + " " + e.method() + " " + path(e.url()) + " → " + e.status()));
        }
        return ticks;
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** The strip's width, for the template. */
    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }
}
