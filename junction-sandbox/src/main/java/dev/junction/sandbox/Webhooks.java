package dev.junction.sandbox;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Acme CRM's outgoing webhooks (Standard Webhooks): when a contact is created, updated or deleted — through the
 * API, {@link AcmeCrm#changeContacts}, {@link AcmeCrm#burst} or {@code /_admin/change} — the CRM posts
 * {@code {"id":"evt_…","type":"contact.updated","occurredAt":"…","data":{contact as GET /v1/contacts/{id} returns it}}}
 * to every subscription whose patterns match, signed with headers {@code webhook-id} (the event id),
 * {@code webhook-timestamp} (the attempt's unix seconds) and {@code webhook-signature}
 * ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed with the decoded {@code whsec_} secret).
 *
 * <p>Deliveries are asynchronous and retried; every attempt lands in a ledger ({@link #attempts()}) so a test can
 * check that each event a receiver acknowledged was processed exactly once. {@link WebhookKnobs} inject duplicates,
 * reordering and delays.
 */
public interface Webhooks {

    /**
     * Adds a subscription.
     *
     * @param url    absolute http(s) URL
     * @param secret {@code whsec_<base64>} secret of 24 to 64 bytes, or null to have one generated
     * @param events patterns such as {@code contact.*}; empty means every event
     * @throws IllegalArgumentException naming the bad argument and what was expected
     */
    WebhookSubscription subscribe(URI url, String secret, List<String> events);

    /** Adds a subscription to every event with a generated secret. */
    default WebhookSubscription subscribe(URI url) {
        return subscribe(url, null, List.of());
    }

    /** The subscriptions in creation order. */
    List<WebhookSubscription> subscriptions();

    /** The subscription with that id, if any. */
    Optional<WebhookSubscription> subscription(String id);

    /** Removes a subscription; its undelivered events are dropped. False when there was none with that id. */
    boolean unsubscribe(String id);

    /** The knobs in force. */
    WebhookKnobs knobs();

    /** Replaces the knobs and restarts every subscription's fault generator from {@code knobs.seed()}. */
    void setKnobs(WebhookKnobs knobs);

    /** Every attempt so far (since start or {@link #clearLedger()}), in the order they ended; an immutable snapshot. */
    List<WebhookAttempt> attempts();

    /** Ids of the events some attempt received a 2xx for. */
    Set<String> acknowledgedEventIds();

    /** Ids of the events whose delivery ran out of attempts without a 2xx (and no other delivery was acknowledged). */
    Set<String> failedEventIds();

    /** Events published so far (one per contact change, whatever the number of subscriptions). */
    long eventsPublished();

    /** Deliveries queued, held, waiting or in flight; 0 when every delivery has ended. */
    int pendingDeliveries();

    /** Clears the ledger and the published-events counter; subscriptions, knobs and pending deliveries stay. */
    void clearLedger();
}
