package dev.junction.sandbox;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A subscriber URL the Acme CRM sends signed webhooks to (Standard Webhooks). The secret is kept only to sign
 * deliveries: {@link #toString()} hides it and the CRM's {@code GET} routes never return it.
 *
 * @param id        {@code sub_…} id
 * @param url       absolute http(s) URL that receives {@code POST}s
 * @param secret    {@code whsec_<base64>} signing secret (24 to 64 bytes once decoded)
 * @param events    event type patterns: {@code contact.updated}, {@code contact.*} or {@code *}
 * @param createdAt when the subscription was made (the sandbox clock)
 */
public record WebhookSubscription(String id, URI url, String secret, List<String> events, Instant createdAt) {

    /** Every event type the CRM sends. */
    public static final List<String> EVENT_TYPES = List.of("contact.created", "contact.updated", "contact.deleted");

    public WebhookSubscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        events = List.copyOf(events);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** True when one of the patterns matches the event type ({@code *} matches any rest of the type). */
    public boolean wants(String eventType) {
        return events.stream().anyMatch(pattern -> matches(pattern, eventType));
    }

    /** True when the pattern is the event type, or ends in {@code *} and the type starts with what comes before. */
    public static boolean matches(String pattern, String eventType) {
        return pattern.equals(eventType) || pattern.endsWith("*")
                && eventType.startsWith(pattern.substring(0, pattern.length() - 1));
    }

    @Override
    public String toString() {
        return "WebhookSubscription[id=" + id + ", url=" + url + ", secret=whsec_***, events=" + events
                + ", createdAt=" + createdAt + "]";
    }
}
