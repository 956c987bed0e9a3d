package dev.junction.http.internal;

import dev.junction.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a response says about the API's rate limit, read from {@code Retry-After} (on 429 and 503),
 * {@code X-RateLimit-Limit/Remaining/Reset}, the IETF {@code RateLimit-Limit/Remaining/Reset}
 * fields, and the structured {@code RateLimit} ({@code "default";r=0;t=12}, or the older
 * {@code limit=100, remaining=0, reset=12}) and {@code RateLimit-Policy} ({@code 100;w=60} or
 * {@code "default";q=100;w=60}) fields. Any part may be null when the API does not say it.
 *
 * <p>Vendors' own names for the same facts, as real APIs send them: {@code X-Rate-Limit-Limit/
 * Remaining/Reset} (X, Okta), {@code X-Rate-Limit} as the limit (Zendesk), HubSpot's
 * {@code X-HubSpot-RateLimit-Max/Remaining/Interval-Milliseconds} (the interval is the window, as a
 * policy's {@code w=}), Shopify's {@code X-Shopify-Shop-Api-Call-Limit: 32/40} (used of the bucket's
 * size), Discord's {@code X-RateLimit-Reset-After: 1.234} (seconds, preferred over its epoch
 * {@code X-RateLimit-Reset}, which a skewed clock would misread), and Amazon's {@code x-amzn-RateLimit-Limit: 0.0167}
 * (the sustained rate in requests per second, read as a policy). The first name found wins.
 *
 * <p>{@code X-RateLimit-Reset} is read as seconds from now, or as epoch seconds (GitHub style) when
 * it is larger than 10^9 (with a fraction: Discord), or epoch milliseconds when larger than 10^12,
 * or an ISO 8601 time (Atlassian). Reset seconds may carry a fraction.
 *
 * @param retryAfter the Retry-After wait of a 429 or 503
 * @param remaining requests left in the current window
 * @param reset time until the current window ends
 * @param limit requests allowed per window
 * @param window the window length, from a policy
 */
public record RateLimitHeaders(Duration retryAfter, Long remaining, Duration reset, Long limit, Duration window) {
    private static final List<String> REMAINING = List.of("RateLimit-Remaining", "X-RateLimit-Remaining", "X-Rate-Limit-Remaining",
            "X-HubSpot-RateLimit-Remaining");
    private static final List<String> LIMIT = List.of("RateLimit-Limit", "X-RateLimit-Limit", "X-Rate-Limit-Limit", "X-Rate-Limit",
            "X-HubSpot-RateLimit-Max");
    private static final List<String> EPOCH_OR_SECONDS_RESET = List.of("X-RateLimit-Reset", "X-Rate-Limit-Reset");
    private static final Pattern SHOPIFY_CALL_LIMIT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public static RateLimitHeaders read(HttpResponse response, Clock clock) {
        Duration retryAfter = response.status() == 429 || response.status() == 503 ? RetryAfter.parse(response.header("Retry-After"), clock) : null;
        Long remaining = number(first(response, REMAINING));
        Long limit = number(first(response, LIMIT));
        Matcher bucket = SHOPIFY_CALL_LIMIT.matcher(Objects.requireNonNullElse(response.header("X-Shopify-Shop-Api-Call-Limit"), ""));
        if (bucket.matches() && limit == null && remaining == null) {
            long used = Long.parseLong(bucket.group(1));
            limit = Long.parseLong(bucket.group(2));
            remaining = Math.max(0, limit - used);
        }
        Duration reset = RetryAfter.decimalSeconds(response.header("RateLimit-Reset"));
        if (reset == null) {
            reset = RetryAfter.decimalSeconds(response.header("X-RateLimit-Reset-After"));
        }
        if (reset == null) {
            reset = resetOf(first(response, EPOCH_OR_SECONDS_RESET), clock);
        }
        Duration window = null;
        Long interval = number(response.header("X-HubSpot-RateLimit-Interval-Milliseconds"));
        if (interval != null && interval > 0) {
            window = Duration.ofMillis(interval);
        }
        String structured = response.header("RateLimit");
        if (structured != null) {
            Long r = number(param(structured, "r", "remaining"));
            Duration t = RetryAfter.decimalSeconds(param(structured, "t", "reset"));
            Long l = number(param(structured, "limit", null));
            remaining = r != null ? r : remaining;
            reset = t != null ? t : reset;
            limit = l != null ? l : limit;
        }
        if (limit == null && window == null) {
            // Amazon's (the Selling Partner and Advertising APIs): the bucket's sustained rate in requests per second, "0.0167"
            Rate amazon = Rate.perSecond(response.header("x-amzn-RateLimit-Limit"));
            if (amazon != null) {
                limit = amazon.quota();
                window = amazon.window();
            }
        }
        String policy = response.header("RateLimit-Policy");
        if (policy != null) {
            Long quota = number(param(policy, "q", null));
            if (quota == null) {
                quota = number(leadingNumber(policy));
            }
            Duration w = seconds(param(policy, "w", null));
            window = w != null ? w : window;
            limit = quota != null ? quota : limit;
        }
        return new RateLimitHeaders(retryAfter, remaining, reset, limit, window);
    }

    /** A rate as a quota per window. */
    private record Rate(long quota, Duration window) {
        /**
         * {@code r} requests per second as a policy: from 1 up, its whole requests per second (2.5 as 2 a second: never faster
         * than the API allows); below 1, one request per {@code 1 / r} seconds (0.0167 as one a minute). Null for no rate.
         */
        static Rate perSecond(String text) {
            if (text == null || !text.strip().matches("\\d{1,9}(\\.\\d{1,9})?")) {
                return null;
            }
            double r = Double.parseDouble(text.strip());
            if (r <= 0) {
                return null;
            }
            return r >= 1 ? new Rate((long) Math.floor(r), Duration.ofSeconds(1)) : new Rate(1, Duration.ofNanos(Math.round(1e9 / r)));
        }
    }

    private static String first(HttpResponse response, List<String> names) {
        for (String name : names) {
            String value = response.header(name);
            if (value != null) {
                return value;
            }
        }
        return null;
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
        if (text == null) {
            return null;
        }
        long nowMillis = clock.millis();
        String value = text.strip();
        if (value.length() > 10 && value.charAt(4) == '-') {
            try {
                return Duration.ofMillis(Math.max(0, OffsetDateTime.parse(value).toInstant().toEpochMilli() - nowMillis));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Duration n = RetryAfter.decimalSeconds(value);
        if (n == null) {
            return null;
        }
        long whole = n.getSeconds();
        if (whole > 1_000_000_000_000L) {
            return Duration.ofMillis(Math.max(0, whole - nowMillis)); // epoch milliseconds
        }
        if (whole > 1_000_000_000L) {
            return Duration.ofMillis(Math.max(0, n.toMillis() - nowMillis)); // epoch seconds, perhaps with a fraction
        }
        return n;
    }
}
