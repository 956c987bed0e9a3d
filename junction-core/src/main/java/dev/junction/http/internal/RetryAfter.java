package dev.junction.http.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads a {@code Retry-After} header: delay seconds ({@code 120}) or an HTTP-date. Delay seconds with
 * a fraction ({@code 2.0}, as Shopify sends them) are read too, to the millisecond: RFC 9110 asks for
 * whole seconds, but a client that drops such a header retries on its own backoff, sooner than asked.
 */
public final class RetryAfter {
    private static final Pattern DECIMAL_SECONDS = Pattern.compile("\\d{1,15}(\\.\\d{1,9})?");

    private RetryAfter() {}

    /** The wait the header asks for (never negative), or null when absent or unreadable. */
    public static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Duration decimal = decimalSeconds(text);
        if (decimal != null) {
            return decimal;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code 2.5} as 2.5 seconds (to the millisecond, rounded up), or null when the text is not such a number. */
    static Duration decimalSeconds(String text) {
        if (text == null || !DECIMAL_SECONDS.matcher(text.strip()).matches()) {
            return null;
        }
        BigDecimal millis = new BigDecimal(text.strip()).movePointRight(3).setScale(0, RoundingMode.CEILING);
        return Duration.ofMillis(millis.longValueExact());
    }
}
