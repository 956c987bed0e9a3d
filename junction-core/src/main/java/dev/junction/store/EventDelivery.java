package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One event on its way to one subscription: a row of the outbox, stored before any attempt so that
 * a process that dies does not lose it. Its id is the {@code webhook-id} the subscriber sees on every
 * attempt, so the subscriber can drop duplicates.
 *
 * @param id the webhook id, e.g. {@code msg_2f0c...}
 * @param subscriptionId the subscription it goes to
 * @param type the event type, e.g. {@code run.failed}
 * @param tenant the tenant the event is about; null for none
 * @param payload the request body, as JSON text: {@code {"type", "timestamp", "data"}}
 * @param status where it is in its life
 * @param attempts how many attempts were made
 * @param nextAttemptAt when it is due next (pending or failed); null once delivered or dead
 * @param lastStatusCode the HTTP status of the last attempt; null before one, or when there was no answer
 * @param lastError why the last attempt failed (a status and a short snippet of the answer, or a
 *     network error); null when it did not
 * @param createdAt when the event was emitted
 * @param updatedAt when it last changed (the last attempt)
 * @param url where it goes when not to its subscription's URL (a flow execution's callback, below
 *     that URL, signed with the subscription's secret); null: the subscription's URL
 */
public record EventDelivery(
        String id,
        String subscriptionId,
        String type,
        String tenant,
        String payload,
        Status status,
        int attempts,
        Instant nextAttemptAt,
        Integer lastStatusCode,
        String lastError,
        Instant createdAt,
        Instant updatedAt,
        String url) {
    /** PENDING (no attempt yet) and FAILED (an attempt failed; retried) are due at {@code nextAttemptAt}; the others are final. */
    public enum Status {
        PENDING,
        DELIVERED,
        FAILED,
        /** Given up on after the last attempt allowed. */
        DEAD
    }

    /** A delivery to its subscription's URL. */
    public EventDelivery(String id, String subscriptionId, String type, String tenant, String payload, Status status, int attempts,
            Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt, Instant updatedAt) {
        this(id, subscriptionId, type, tenant, payload, status, attempts, nextAttemptAt, lastStatusCode, lastError, createdAt, updatedAt, null);
    }

    public EventDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A new delivery, due at {@code at}. */
    public static EventDelivery pending(String id, String subscriptionId, String type, String tenant, String payload, Instant at) {
        return new EventDelivery(id, subscriptionId, type, tenant, payload, Status.PENDING, 0, at, null, null, at, at);
    }

    /**
     * A delivery to {@code url} that is not due until {@link EventRepository#release} gives it its
     * payload (a flow execution's callback, stored when the execution starts, sent when it ends).
     */
    public static EventDelivery parked(String id, String subscriptionId, String type, String tenant, String url, Instant at) {
        return new EventDelivery(id, subscriptionId, type, tenant, "{}", Status.PENDING, 0, null, null, null, at, at, url);
    }
}
