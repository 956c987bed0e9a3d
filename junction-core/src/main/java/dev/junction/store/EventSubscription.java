package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A subscriber of Junction's own events: where they are posted, which event types it wants, and
 * whether it still gets them. Its signing secret is not here: the store keeps it encrypted and hands
 * it out only to sign a delivery ({@link EventRepository#secrets}).
 *
 * @param id the public id, e.g. {@code sub_3kq9z0d1mx7w}
 * @param url where deliveries are posted (http or https)
 * @param eventTypes patterns of the event types it wants: an exact type ({@code run.failed}), a prefix
 *     wildcard ({@code run.*}) or {@code *} for every type
 * @param tenant the one tenant whose events it gets; null for every event (an operator's subscription)
 * @param description what it is for; may be null
 * @param status active, or disabled (by a person, or by Junction after repeated failures)
 * @param disabledReason why it is disabled; null while active
 * @param consecutiveFailures failed delivery attempts since its last successful one
 * @param createdAt when it was created
 * @param updatedAt when it last changed (settings, status, secret)
 */
public record EventSubscription(
        String id,
        String url,
        List<String> eventTypes,
        String tenant,
        String description,
        Status status,
        String disabledReason,
        int consecutiveFailures,
        Instant createdAt,
        Instant updatedAt) {
    /** Whether deliveries are made. */
    public enum Status {
        ACTIVE,
        DISABLED
    }

    public EventSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        eventTypes = List.copyOf(eventTypes);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * Whether it wants an event of {@code type} of {@code eventTenant} (null: an event of no tenant):
     * a pattern matches the type, and a tenant's subscription gets only that tenant's events.
     */
    public boolean wants(String type, String eventTenant) {
        if (tenant != null && !tenant.equals(eventTenant)) {
            return false;
        }
        return eventTypes.stream().anyMatch(pattern -> matches(pattern, type));
    }

    /** {@code *} matches every type; {@code run.*} every type that starts with {@code run.}; anything else itself. */
    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}
