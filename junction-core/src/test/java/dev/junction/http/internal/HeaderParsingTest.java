package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderParsingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "Retry-After ''{0}'' waits {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "120                             | PT2M",
        "0                               | PT0S",
        "Sun, 22 Nov 2026 10:00:30 GMT   | PT30S",
        "Sun, 22 Nov 2026 09:00:00 GMT   | PT0S",
        "soon                            | null",
        "''                              | null",
    })
    void readsRetryAfterAsSecondsOrHttpDate(String header, String expected) {
        Duration wait = RetryAfter.parse(header, CLOCK);

        assertThat(wait).isEqualTo(expected == null ? null : Duration.parse(expected));
    }

    @Test
    void treatsSecretLookingNamesAsSecretAndKeepsIdempotencyKeysVisible() {
        assertThat(List.of("Authorization", "X-Api-Key", "api_key", "access_token", "client_secret", "Password", "X-Hub-Signature",
                "Cookie", "Set-Cookie", "X-Session-Id", "Proxy-Authorization")).allMatch(Redactor::isSecretName);
        assertThat(List.of("Idempotency-Key", "Content-Type", "limit", "after", "X-Request-Id")).noneMatch(Redactor::isSecretName);
    }

    @Test
    void replacesQueryParametersAndKeepsTheRestOfTheUrl() {
        URI uri = URI.create("https://api.example/v1/items?limit=10&after=a%20b#top");

        assertThat(Urls.setQueryParam(uri, "after", "c&d")).hasToString("https://api.example/v1/items?limit=10&after=c%26d#top");
        assertThat(Urls.addQueryParam(URI.create("https://api.example/v1"), "q", "x y")).hasToString("https://api.example/v1?q=x%20y");
        assertThat(Urls.hostAndPort(URI.create("https://api.example/v1"))).isEqualTo("api.example:443");
    }
}
