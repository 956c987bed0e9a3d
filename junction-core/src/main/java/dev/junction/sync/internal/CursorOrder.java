package dev.junction.sync.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Orders incremental cursor values, which the store keeps as text. Two numbers compare numerically
 * ({@code 9 < 10}), two ISO-8601 date-times with an offset or {@code Z} compare as instants
 * ({@code 10:00+02:00 < 09:00Z}), and two plain strings compare as strings. Values of different kinds
 * (a number and a date-time, say) are not ordered: the checkpoint stays where it is, which at worst
 * re-reads records, never skips them. Public for the sources that filter by a checkpoint themselves (a file).
 */
public final class CursorOrder {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*(Z|z|[-+]\\d{2}:?\\d{2})");

    private CursorOrder() {}

    /** The higher of the two values; {@code current} when {@code candidate} is not higher or not comparable. */
    static String higher(String current, String candidate) {
        if (candidate == null) {
            return current;
        }
        if (current == null) {
            return candidate;
        }
        Integer order = compare(candidate, current);
        return order != null && order > 0 ? candidate : current;
    }

    /** Negative, zero or positive like {@link Comparable}; null when the values are of different kinds. */
    public static Integer compare(String a, String b) {
        boolean numberA = NUMBER.matcher(a).matches();
        boolean numberB = NUMBER.matcher(b).matches();
        if (numberA && numberB) {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        }
        Instant instantA = numberA ? null : instant(a);
        Instant instantB = numberB ? null : instant(b);
        if (instantA != null && instantB != null) {
            return instantA.compareTo(instantB);
        }
        boolean plainA = !numberA && instantA == null;
        boolean plainB = !numberB && instantB == null;
        return plainA && plainB ? Integer.valueOf(a.compareTo(b)) : null;
    }

    /** Whether the value is an ISO-8601 date-time with an offset or {@code Z} (a backfill's range compares with those only). */
    public static boolean isDateTime(String value) {
        return value != null && instant(value) != null;
    }

    private static Instant instant(String text) {
        if (!DATE_TIME.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
