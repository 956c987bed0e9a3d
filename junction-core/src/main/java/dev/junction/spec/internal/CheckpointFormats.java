package dev.junction.spec.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * How an incremental checkpoint is written into a request ({@code incremental.format}): the API's own notation of a
 * time, whatever notation the records' cursor field uses. A checkpoint is read as an ISO-8601 date-time (with an
 * offset, or without one as UTC; a space for the {@code T}; {@code +0000} for {@code +00:00}), an ISO date (midnight UTC),
 * or a number of epoch seconds (milliseconds above 10<sup>11</sup>, a fraction allowed); it is written as
 * <ul>
 *   <li>{@code epochSeconds}, {@code epochMillis}: a whole number (Zendesk's {@code start_time}, Stripe's {@code created[gte]});
 *   <li>{@code iso}: {@code 2026-12-01T10:00:00Z}, in UTC;
 *   <li>{@code date}: {@code 2026-12-01}, in UTC;
 *   <li>{@code rfc1123}: {@code Tue, 01 Dec 2026 10:00:00 GMT}, HTTP's date (an {@code If-Modified-Since} header);
 *   <li>any other text: a {@link DateTimeFormatter} pattern, in UTC, English names ({@code yyyy-MM-dd HH:mm:ss}: Pipedrive).
 * </ul>
 */
public final class CheckpointFormats {
    public static final List<String> NAMED = List.of("epochSeconds", "epochMillis", "iso", "date", "rfc1123");
    /** Epoch numbers above this are milliseconds (10^11 seconds is the year 5138). */
    private static final long MILLIS_ABOVE = 100_000_000_000L;

    /** RFC 9110's IMF-fixdate: two-digit day, English names, GMT. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private CheckpointFormats() {}

    /** Null when {@code format} can be used; otherwise what is wrong with it. */
    public static String problem(String format) {
        if (NAMED.contains(format)) {
            return null;
        }
        if (format.chars().noneMatch(Character::isLetter)) {
            return "expected one of " + String.join(", ", NAMED) + ", or a date-time pattern such as 'yyyy-MM-dd HH:mm:ss', found '" + format + "'";
        }
        try {
            DateTimeFormatter.ofPattern(format, Locale.US).withZone(ZoneOffset.UTC).format(Instant.EPOCH);
            return null;
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return "'" + format + "' is not a date-time pattern (" + e.getMessage() + "); expected one of " + String.join(", ", NAMED)
                    + ", or a pattern such as 'yyyy-MM-dd HH:mm:ss'";
        }
    }

    /**
     * The checkpoint written in {@code format}; as it is when {@code format} is null.
     *
     * @throws IllegalArgumentException when the checkpoint is not a time (the message says what it is and what was expected)
     */
    public static String format(String checkpoint, String format) {
        if (format == null || checkpoint == null) {
            return checkpoint;
        }
        Instant at = instant(checkpoint);
        if (at == null) {
            throw new IllegalArgumentException("the checkpoint '" + checkpoint + "' is not a time (an ISO-8601 date-time or date, or epoch seconds"
                    + " or milliseconds), so it cannot be written as " + format + " (incremental.format)");
        }
        return switch (format) {
            case "epochSeconds" -> Long.toString(at.getEpochSecond());
            case "epochMillis" -> Long.toString(at.toEpochMilli());
            case "iso" -> DateTimeFormatter.ISO_INSTANT.format(at);
            case "date" -> DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(at);
            case "rfc1123" -> HTTP_DATE.format(at);
            default -> DateTimeFormatter.ofPattern(format, Locale.US).withZone(ZoneOffset.UTC).format(at);
        };
    }

    /** The checkpoint as an instant, or null when it is not a time. */
    public static Instant instant(String checkpoint) {
        String text = checkpoint.strip();
        if (text.matches("\\d+(\\.\\d+)?")) {
            BigDecimal number = new BigDecimal(text);
            BigDecimal millis = number.compareTo(BigDecimal.valueOf(MILLIS_ABOVE)) > 0 ? number : number.movePointRight(3);
            return Instant.ofEpochMilli(millis.longValue());
        }
        try {
            java.time.temporal.TemporalAccessor parsed = DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
            return switch (parsed) {
                case OffsetDateTime offset -> offset.toInstant();
                case LocalDateTime local -> local.toInstant(ZoneOffset.UTC);
                case LocalDate date -> date.atStartOfDay().toInstant(ZoneOffset.UTC);
                default -> null;
            };
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }

    /**
     * ISO 8601 as APIs write it: {@code T} or a space between date and time, seconds and a fraction optional, an offset as
     * {@code Z}, {@code +01:00}, {@code +0100} (Salesforce's {@code .000+0000}) or {@code +01}, or none (UTC); or a date alone.
     */
    private static final DateTimeFormatter DATE_TIME = new java.time.format.DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT);
}
