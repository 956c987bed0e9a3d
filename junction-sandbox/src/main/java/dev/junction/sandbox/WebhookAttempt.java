package dev.junction.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP attempt of a webhook delivery, as the Acme CRM's ledger records it.
 *
 * <p>An event is sent once per matching subscription (delivery 1); the duplicate knob sends some a second time
 * (delivery 2, the same event id and body). Each delivery is tried until it is acknowledged or its attempts run out.
 *
 * @param at             when the attempt ended (the sandbox clock)
 * @param eventId        {@code evt_…}, the {@code webhook-id} header; equal on duplicates and retries
 * @param eventType      {@code contact.created}, {@code contact.updated} or {@code contact.deleted}
 * @param subscriptionId the subscription it was sent to
 * @param delivery       1 for the first delivery of the event to this subscription, 2 for an injected duplicate
 * @param attempt        1 for the first try, 2 for the first retry, ...
 * @param status         the HTTP status received, 0 when no answer came (connection refused, reset, timeout)
 * @param acknowledged   true for a 2xx answer: the receiver took the event
 * @param error          why no answer came (status 0), else null
 */
public record WebhookAttempt(Instant at, String eventId, String eventType, String subscriptionId, int delivery,
                             int attempt, int status, boolean acknowledged, String error) {
    public WebhookAttempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
    }
}
