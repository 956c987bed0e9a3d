package dev.junction.spec.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in specs: a whole number and a unit, {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    public static final String EXPECTED = "expected a duration such as 500ms, 2s, 1m or 1h";

    private Durations() {}

    /** The duration, or null when {@code text} is not one. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The shortest text that {@link #parse} reads back: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
