package dev.junction.store;

import java.time.Instant;

/**
 * One message to one alert channel, in the store's outbox before it is sent: a rule's alert firing
 * ({@code trigger}), resolving ({@code resolve}), firing still ({@code renotify}), or a test send. The
 * payload is the channel-neutral notice (JSON, no secrets); the channel renders it when it sends, with
 * its secrets resolved then. {@code nextAttemptAt} is set while it is due and null once it is final.
 *
 * @param alertId the alert it is about; null for a test send
 */
public record AlertNotification(String id, String alertId, String channel, String action, String tenant, String payload, Status status, int attempts,
        Instant nextAttemptAt, String lastError, Instant createdAt, Instant updatedAt) {

    public enum Status {
        PENDING, DELIVERED, FAILED, DEAD
    }

    /** A new notification, due at {@code now}. */
    public static AlertNotification pending(String id, String alertId, String channel, String action, String tenant, String payload, Instant now) {
        return new AlertNotification(id, alertId, channel, action, tenant, payload, Status.PENDING, 0, now, null, now, now);
    }
}
