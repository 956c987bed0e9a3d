package dev.junction.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in settings and options: a whole number and a unit, 500ms, 30s, 15m, 12h or 30d. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {}

    /** The duration, or null when {@code value} is not one. */
    public static Duration parse(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = DURATION.matcher(value.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * A retention setting: null or blank gives {@code fallback}, {@code forever} gives null (keep
     * all), else a duration such as 30d.
     *
     * @param variable the setting's name, for the message
     * @throws EngineException.Invalid when it is none of these
     */
    public static Duration retention(String setting, Duration fallback, String variable) {
        if (setting == null || setting.isBlank()) {
            return fallback;
        }
        if (setting.strip().equalsIgnoreCase("forever")) {
            return null;
        }
        Duration keep = parse(setting);
        if (keep == null) {
            throw new EngineException.Invalid(variable + "='" + setting + "' is not a duration; write e.g. 7d, 12h or 'forever'");
        }
        return keep;
    }

    /** The duration as {@link #parse} reads it, in the largest whole unit: 7d, 12h, 90m, 30s, 500ms. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        } else if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
