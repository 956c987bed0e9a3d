package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time a signer signs at: this host's clock, moved by what the API said its own time was when it
 * refused a request's timestamp (OAuth 1.0a, HMAC request signing), so a host clock minutes off costs
 * one refused request instead of failing every call. Thread-safe.
 */
final class ApiTime {
    private final Clock clock;
    /** How far the API's clock is ahead of {@link #clock} (behind: negative); zero until a refusal says otherwise. */
    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    ApiTime(Clock clock) {
        this.clock = clock;
    }

    /** The time to sign at now. */
    Instant now() {
        return clock.instant().plus(ahead.get());
    }

    /** The API's time is {@code apiTime} now. */
    void set(Instant apiTime) {
        ahead.set(Duration.between(clock.instant(), apiTime));
    }

    /**
     * The API's time from {@code response}'s {@code Date} header (to the second), when it is at least a
     * second away from the time signed at so far. @return whether it moved the time
     */
    boolean learnFromDate(HttpResponse response) {
        Instant apiTime = date(response);
        if (apiTime == null) {
            return false;
        }
        Duration before = ahead.get();
        Duration after = Duration.between(clock.instant(), apiTime);
        return after.minus(before).abs().compareTo(Duration.ofSeconds(1)) >= 0 && ahead.compareAndSet(before, after);
    }

    /** The response's {@code Date} (RFC 1123), or null when it has none or another form. */
    static Instant date(HttpResponse response) {
        String date = response.header("Date");
        if (date == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }
}
