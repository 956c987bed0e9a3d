package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHeadersTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private static RateLimitHeaders read(int status, String headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String pair : headers.split("\\s*&\\s*")) {
            int colon = pair.indexOf(':');
            map.put(pair.substring(0, colon).strip(), List.of(pair.substring(colon + 1).strip()));
        }
        return RateLimitHeaders.read(new HttpResponse(status, map, null), CLOCK);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "429 | Retry-After: 7                                                            | PT7S | -  | -     | -   | -",
        "200 | Retry-After: 7                                                            | -    | -  | -     | -   | -",
        "503 | Retry-After: Sun, 22 Nov 2026 10:01:00 GMT                                | PT1M | -  | -     | -   | -",
        "200 | X-RateLimit-Limit: 100 & X-RateLimit-Remaining: 0 & X-RateLimit-Reset: 3 | -    | 0  | PT3S  | 100 | -",
        "200 | X-RateLimit-Remaining: 5 & X-RateLimit-Reset: 1795341630                  | -    | 5  | PT30S | -   | -",
        "200 | X-RateLimit-Reset: 1795341601500                                          | -    | -  | PT1.5S| -   | -",
        "200 | RateLimit-Limit: 50 & RateLimit-Remaining: 2 & RateLimit-Reset: 9         | -    | 2  | PT9S  | 50  | -",
        "200 | RateLimit: limit=100, remaining=0, reset=12                               | -    | 0  | PT12S | 100 | -",
        "200 | RateLimit: \"default\";r=0;t=4 & RateLimit-Policy: \"default\";q=100;w=60 | -    | 0  | PT4S  | 100 | PT1M",
        "200 | RateLimit-Policy: 10;w=1                                                  | -    | -  | -     | 10  | PT1S",
        "200 | X-RateLimit-Remaining: lots                                               | -    | -  | -     | -   | -",
        "429 | Retry-After: 2.0                                                          | PT2S   | -   | -        | -   | -",
        "429 | Retry-After: 1.5                                                          | PT1.5S | -   | -        | -   | -",
        "429 | Retry-After: -1                                                           | -      | -   | -        | -   | -",
        "429 | Retry-After: 2.0.1                                                        | -      | -   | -        | -   | -",
        "200 | RateLimit-Remaining: 0 & RateLimit-Reset: 2.5                             | -      | 0   | PT2.5S   | -   | -",
        "200 | X-Rate-Limit-Limit: 900 & X-Rate-Limit-Remaining: 899 & X-Rate-Limit-Reset: 1795341630 | - | 899 | PT30S | 900 | -",
        "200 | X-Rate-Limit: 700 & X-Rate-Limit-Remaining: 699                           | -      | 699 | -        | 700 | -",
        "200 | X-HubSpot-RateLimit-Max: 190 & X-HubSpot-RateLimit-Remaining: 189 & X-HubSpot-RateLimit-Interval-Milliseconds: 10000 | - | 189 | - | 190 | PT10S",
        "200 | X-Shopify-Shop-Api-Call-Limit: 32/40                                      | -      | 8   | -        | 40  | -",
        "200 | X-Shopify-Shop-Api-Call-Limit: 40/40                                      | -      | 0   | -        | 40  | -",
        "200 | X-RateLimit-Limit: 5 & X-RateLimit-Remaining: 0 & X-RateLimit-Reset: 1795341601.250 & X-RateLimit-Reset-After: 1.234 | - | 0 | PT1.234S | 5 | -",
        "200 | X-RateLimit-Remaining: 0 & X-RateLimit-Reset: 1795341601.250              | -      | 0   | PT1.25S  | -   | -",
        "200 | X-RateLimit-Remaining: 0 & X-RateLimit-Reset: 2026-11-22T10:01Z           | -      | 0   | PT1M     | -   | -",
        "200 | X-RateLimit-Remaining: 0 & X-RateLimit-Reset: 2026-11-22T10:00:30.5+00:00 | -      | 0   | PT30.5S  | -   | -",
        "200 | X-RateLimit-Reset: 2026-13-99T10:01Z                                      | -      | -   | -        | -   | -",
        "200 | x-amzn-RateLimit-Limit: 0.0167                                            | -      | -   | -        | 1   | PT59.880239521S",
        "200 | x-amzn-RateLimit-Limit: 0.5                                               | -      | -   | -        | 1   | PT2S",
        "200 | x-amzn-RateLimit-Limit: 2.5                                               | -      | -   | -        | 2   | PT1S",
        "429 | x-amzn-RateLimit-Limit: 10.0 & Retry-After: 1                            | PT1S   | -   | -        | 10  | PT1S",
        "200 | x-amzn-RateLimit-Limit: 0 & X-RateLimit-Limit: 5                          | -      | -   | -        | 5   | -",
        "200 | x-amzn-RateLimit-Limit: fast                                              | -      | -   | -        | -   | -",
    })
    void readsEveryRateLimitHeaderShape(int status, String headers, String retryAfter, Long remaining, String reset, Long limit, String window) {
        RateLimitHeaders read = read(status, headers);

        assertThat(read).isEqualTo(new RateLimitHeaders(duration(retryAfter), remaining, duration(reset), limit, duration(window)));
    }

    private static Duration duration(String text) {
        return text == null ? null : Duration.parse(text);
    }
}
