package dev.junction.spec.internal;

import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * java.time patterns as written in mapping conversions, read strictly (2023-02-29 is an error, not
 * 2023-02-28). Strict reading needs {@code u} (year) rather than {@code y} (year of era), so an
 * unquoted {@code y} is read as {@code u} when the pattern has no era ({@code G}).
 */
public final class TimePatterns {
    private static final String ZONE_LETTERS = "VzOXxZ";

    private TimePatterns() {}

    /** @throws IllegalArgumentException when the pattern is invalid, with java.time's reason */
    public static DateTimeFormatter formatter(String pattern) {
        return DateTimeFormatter.ofPattern(strict(pattern), Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    /** Whether the pattern writes or reads a zone or offset. */
    public static boolean hasZone(String pattern) {
        return anyUnquoted(pattern, ZONE_LETTERS);
    }

    static String strict(String pattern) {
        if (anyUnquoted(pattern, "G")) {
            return pattern;
        }
        StringBuilder out = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            out.append(!quoted && c == 'y' ? 'u' : c);
        }
        return out.toString();
    }

    private static boolean anyUnquoted(String pattern, String letters) {
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && letters.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }
}
