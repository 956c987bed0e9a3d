package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * What a response says about the API's rate limit, read from {@code Retry-After} (on 429 and 503),
 * {@code X-RateLimit-Limit/Remaining/Reset}, the IETF {@code RateLimit-Limit/Remaining/Reset}
 * fields, and the structured {@code RateLimit} ({@code "default";r=0;t=12}, or the older
 * {@code limit=100, remaining=0, reset=12}) and {@code RateLimit-Policy} ({@code 100;w=60} or
 * {@code "default";q=100;w=60}) fields. Any part may be null when the API does not say it.
 *
 * <p>{@code X-RateLimit-Reset} is read as seconds from now, or as epoch seconds (GitHub style) when
 * it is larger than 10^9, or epoch milliseconds when larger than 10^12.
 *
 * @param retryAfter the Retry-After wait of a 429 or 503
 * @param remaining requests left in the current window
 * @param reset time until the current window ends
 * @param limit requests allowed per window
 * @param window the window length, from a policy
 */
public record RateLimitHeaders(Duration retryAfter, Long remaining, Duration reset, Long limit, Duration window) {

    public static RateLimitHeaders read(HttpResponse response, Clock clock) {
        Duration retryAfter = response.status() == 429 || response.status() == 503 ? RetryAfter.parse(response.header("Retry-After"), clock) : null;
        Long remaining = number(first(response, "RateLimit-Remaining", "X-RateLimit-Remaining"));
        Long limit = number(first(response, "RateLimit-Limit", "X-RateLimit-Limit"));
        Duration reset = seconds(response.header("RateLimit-Reset"));
        if (reset == null) {
            reset = resetOf(response.header("X-RateLimit-Reset"), clock);
        }
        Duration window = null;
        String structured = response.header("RateLimit");
        if (structured != null) {
            Long r = number(param(structured, "r", "remaining"));
            Duration t = seconds(param(structured, "t", "reset"));
            Long l = number(param(structured, "limit", null));
            remaining = r != null ? r : remaining;
            reset = t != null ? t : reset;
            limit = l != null ? l : limit;
        }
        String policy = response.header("RateLimit-Policy");
        if (policy != null) {
            Long quota = number(param(policy, "q", null));
            if (quota == null) {
                quota = number(leadingNumber(policy));
            }
            window = seconds(param(policy, "w", null));
            limit = quota != null ? quota : limit;
        }
        return new RateLimitHeaders(retryAfter, remaining, reset, limit, window);
    }

    private static String first(HttpResponse response, String a, String b) {
        String value = response.header(a);
        return value != null ? value : response.header(b);
    }

    /** {@code name=value} or {@code name="value"} anywhere in a structured field (separated by ; or ,). */
    static String param(String field, String name, String alias) {
        for (String part : field.split("[;,]")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (key.equals(name) || key.equals(alias)) {
                return part.substring(eq + 1).strip().replace("\"", "");
            }
        }
        return null;
    }

    private static String leadingNumber(String field) {
        String head = field.split("[;,]")[0].strip();
        return head.chars().allMatch(Character::isDigit) ? head : null;
    }

    private static Long number(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(value);
    }

    private static Duration seconds(String text) {
        Long n = number(text);
        return n == null ? null : Duration.ofSeconds(n);
    }

    private static Duration resetOf(String text, Clock clock) {
        Long n = number(text);
        if (n == null) {
            return null;
        }
        long nowMillis = clock.millis();
        if (n > 1_000_000_000_000L) {
            return Duration.ofMillis(Math.max(0, n - nowMillis));
        }
        if (n > 1_000_000_000L) {
            return Duration.ofMillis(Math.max(0, n * 1000 - nowMillis));
        }
        return Duration.ofSeconds(n);
    }
}
