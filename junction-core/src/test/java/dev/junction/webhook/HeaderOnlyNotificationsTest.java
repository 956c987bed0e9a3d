package dev.junction.webhook;

import static dev.junction.webhook.Hooks.verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notifications told in headers alone, with an empty body, as Google's push notifications (Calendar,
 * Drive) are: the empty body is an empty payload, so an event id and type read from headers make an
 * event, and one read from the payload is reported missing rather than the body refused.
 */
class HeaderOnlyNotificationsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final String GOOGLE = """
            verify: { scheme: shared-secret, header: X-Goog-Channel-Token, secret: "{{ secrets.current }}" }
            eventId: { header: X-Goog-Message-Number }
            eventType: { header: X-Goog-Resource-State }
            recordKey: { header: X-Goog-Resource-ID }
            """;

    private static Map<String, String> google(String token, String number, String state) {
        return Map.of("X-Goog-Channel-ID", "01234567-89ab-cdef-0123456789ab", "X-Goog-Channel-Token", token, "X-Goog-Message-Number", number,
                "X-Goog-Resource-ID", "ret08u3rv24htgh289g", "X-Goog-Resource-State", state,
                "X-Goog-Resource-URI", "https://www.googleapis.com/calendar/v3/calendars/my_calendar@gmail.com/events");
    }

    @Test
    void aGooglePushNotificationWithAnEmptyBodyIsAnEventReadFromItsHeaders() {
        WebhookResult sync = verifier(GOOGLE, "channel-token-1", "unused").verify(WebhookDelivery.post(google("channel-token-1", "1", "sync"),
                new byte[0], NOW));
        WebhookResult changed = verifier(GOOGLE, "channel-token-1", "unused").verify(WebhookDelivery.post(google("channel-token-1", "2", "exists"),
                new byte[0], NOW));
        WebhookResult forged = verifier(GOOGLE, "channel-token-1", "unused").verify(WebhookDelivery.post(google("guess", "3", "exists"),
                new byte[0], NOW));

        assertThat(sync).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventId()).isEqualTo("1");
            assertThat(a.eventType()).isEqualTo("sync");
        });
        assertThat(changed).isInstanceOfSatisfying(WebhookResult.Accepted.class, a -> {
            assertThat(a.eventType()).isEqualTo("exists");
            assertThat(a.recordKey()).isEqualTo("ret08u3rv24htgh289g");
            assertThat(a.payload().isEmpty()).isTrue();
        });
        assertThat(forged).isEqualTo(new WebhookResult.Rejected(401, "wrong secret in header X-Goog-Channel-Token"));
    }

    @Test
    void anEmptyBodyWhoseEventIdIsAPayloadPathSaysTheIdIsMissing() {
        WebhookResult result = verifier("""
                verify: { scheme: shared-secret, header: X-Token, secret: "{{ secrets.current }}" }
                eventId: $.id
                """, "t0ken", "unused").verify(WebhookDelivery.post(Map.of("X-Token", "t0ken"), new byte[0], NOW));

        assertThat(result).isEqualTo(new WebhookResult.Rejected(400, "no event id at $.id"));
    }
}
