package dev.junction.http.internal;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * When a session cookie ends, as its {@code Set-Cookie} says (RFC 6265 section 5.2): {@code Max-Age}
 * (seconds from now, and ahead of {@code Expires} when both are there), else {@code Expires} (an HTTP
 * date, also in the old {@code Wed, 09-Jun-2027 10:18:14 GMT} form). Read at the pipeline's clock,
 * not the JDK's: {@link java.net.HttpCookie} turns {@code Expires} into an age from the system time.
 */
final class SessionCookies {
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;
    /** RFC 6265 section 5.2.2 caps nothing, but an instant must stay one: 400 days, the cap browsers apply (RFC 6265bis). */
    private static final long MAX_AGE_CAP = java.time.Duration.ofDays(400).toSeconds();

    private SessionCookies() {}

    /**
     * When the cookie {@code name} set by one of {@code setCookies} ends, or null when it sets no
     * lifetime (a cookie of the browser session: used until the API refuses it) or one that cannot be
     * read. A lifetime of zero or less is none too: such a cookie is a deletion, not a token.
     */
    static Instant expiresAt(List<String> setCookies, String name, Instant now) {
        for (String header : setCookies) {
            String[] parts = header.split(";");
            int equals = parts[0].indexOf('=');
            if (equals < 0 || !parts[0].substring(0, equals).strip().equals(name) || parts[0].substring(equals + 1).isBlank()) {
                continue; // another cookie, or a deletion of this one (the token is the one with a value)
            }
            Instant expires = null;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].strip();
                int eq = attribute.indexOf('=');
                String key = (eq < 0 ? attribute : attribute.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : attribute.substring(eq + 1).strip();
                if (key.equals("max-age")) {
                    try {
                        long seconds = Long.parseLong(value);
                        return seconds > 0 ? now.plusSeconds(Math.min(seconds, MAX_AGE_CAP)) : null;
                    } catch (NumberFormatException unreadable) {
                        // RFC 6265: an attribute that is not a number is ignored
                    }
                } else if (key.equals("expires")) {
                    expires = date(value);
                }
            }
            return expires != null && expires.isAfter(now) ? expires : null;
        }
        return null;
    }

    private static Instant date(String text) {
        String normalized = text.replaceFirst("^(\\w{3}, \\d{1,2})-(\\w{3})-(\\d{2,4})", "$1 $2 $3");
        try {
            return ZonedDateTime.parse(normalized, RFC_1123).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
