package dev.junction.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a session cookie ends, read from its {@code Set-Cookie} at the pipeline's clock (RFC 6265 section 5.2). */
class SessionCookiesTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void maxAgeCountsFromNowAndGoesBeforeExpires() {
        assertThat(SessionCookies.expiresAt(List.of("SID=a; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Max-Age=600"), "SID", NOW))
                .isEqualTo(NOW.plusSeconds(600));
        assertThat(SessionCookies.expiresAt(List.of("SID=a; max-age=60; Path=/"), "SID", NOW)).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void expiresIsReadInTheHttpDateAndTheOldDashedForm() {
        assertThat(SessionCookies.expiresAt(List.of("SID=a; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT"), "SID", NOW))
                .isEqualTo(Instant.parse("2027-06-09T10:18:14Z"));
        assertThat(SessionCookies.expiresAt(List.of("SID=a; expires=Wed, 09-Jun-2027 10:18:14 GMT; HttpOnly"), "SID", NOW))
                .isEqualTo(Instant.parse("2027-06-09T10:18:14Z"));
    }

    @Test
    void onlyTheNamedCookieCountsAndNoReadableFutureLifetimeIsNone() {
        List<String> headers = List.of("other=x; Max-Age=5", "SID=a; Path=/; HttpOnly");
        assertThat(SessionCookies.expiresAt(headers, "SID", NOW)).isNull();
        assertThat(SessionCookies.expiresAt(headers, "other", NOW)).isEqualTo(NOW.plusSeconds(5));
        assertThat(SessionCookies.expiresAt(List.of("SID=a; Max-Age=0"), "SID", NOW)).isNull();
        assertThat(SessionCookies.expiresAt(List.of("SID=a; Max-Age=soon"), "SID", NOW)).isNull();
        assertThat(SessionCookies.expiresAt(List.of("SID=a; Expires=yesterday"), "SID", NOW)).isNull();
        assertThat(SessionCookies.expiresAt(List.of("SID=a; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), "SID", NOW)).isNull();
        assertThat(SessionCookies.expiresAt(List.of(), "SID", NOW)).isNull();
        assertThat(SessionCookies.expiresAt(List.of("SID=; Max-Age=0", "SID=a; Max-Age=60"), "SID", NOW)).as("the deletion is not the token")
                .isEqualTo(NOW.plusSeconds(60));
        assertThat(SessionCookies.expiresAt(List.of("SID=a; Max-Age=9223372036854775807"), "SID", NOW)).isEqualTo(NOW.plus(java.time.Duration.ofDays(400)));
    }
}
