package dev.junction.cli.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations on the command line as specs write them, plus days: 500ms, 30s, 15m, 12h, 30d. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        Duration d = parse(value);
        if (d == null) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; write a whole number and a unit: 500ms, 30s, 15m, 12h or 30d");
        }
        return d;
    }

    static Duration parse(String value) {
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
}
