package dev.junction.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An event in the durable inbox: a verified webhook delivery (or a change a poll found) for one
 * subscriber, stored before its sender got a 2xx and then processed by workers.
 *
 * @param id the store's number for it; larger means it arrived later (the arrival order)
 * @param source the connection it came through
 * @param tenant the tenant of that connection; null for a connection without tenants
 * @param eventId the provider's event id (the dedup key with {@code source} and {@code target})
 * @param eventType the provider's event type (e.g. {@code contact.updated}); may be null
 * @param recordKey the key of the record it is about (the ordering key); may be null
 * @param target the subscriber that processes it (e.g. {@code sync:crm-to-helpdesk}); null when it had none
 * @param payload the event's body (JSON) as received
 * @param receivedAt when it was received
 * @param ordered whether it may be processed only after every older unfinished event of the same
 *     {@code target} and {@code recordKey} (see {@link InboxRepository#claim})
 * @param status where it is; see {@link Status}
 * @param attempts how many times it was claimed since it arrived (or was last replayed)
 * @param dueAt when it may be claimed next: for {@link Status#PENDING} its next attempt, for
 *     {@link Status#CLAIMED} the end of its claim; null when finished
 * @param claimedBy the worker that claimed it last; null if none did
 * @param reason why it is where it is: the last failure for a retried or dead event,
 *     {@code "no subscriber"} for an ignored one; null otherwise
 * @param finishedAt when it became {@link Status#DONE}, {@link Status#IGNORED} or {@link Status#DEAD}; null before
 * @param updatedAt when its status last changed (claimed, retried, finished, replayed; received at first)
 */
public record InboxEvent(
        long id,
        String source,
        String tenant,
        String eventId,
        String eventType,
        String recordKey,
        String target,
        byte[] payload,
        Instant receivedAt,
        boolean ordered,
        Status status,
        int attempts,
        Instant dueAt,
        String claimedBy,
        String reason,
        Instant finishedAt,
        Instant updatedAt) {
    /** The reason an event without a subscriber is stored as {@link Status#IGNORED}. */
    public static final String NO_SUBSCRIBER = "no subscriber";

    public InboxEvent {
        Objects.requireNonNull(status, "status");
    }

    /**
     * Where an event is. PENDING → CLAIMED (a worker has it) → DONE, or back to PENDING (a retry,
     * or a claim that expired), or DEAD (failed for good; {@link InboxRepository#replay} makes it
     * PENDING again). An event without a subscriber is IGNORED from the start. DONE and IGNORED
     * events are purged after the retention period; DEAD ones stay until replayed.
     */
    public enum Status {
        PENDING,
        CLAIMED,
        DONE,
        IGNORED,
        DEAD;

        /** The status in the store's {@code status} column and in the API: lower case. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the statuses there are */
        public static Status fromLabel(String label) {
            for (Status s : values()) {
                if (s.label().equalsIgnoreCase(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown inbox event status '" + label + "': expected pending, claimed, done, ignored or dead");
        }

        /** DONE, IGNORED and DEAD: no worker will claim it (until a DEAD one is replayed). */
        public boolean finished() {
            return this == DONE || this == IGNORED || this == DEAD;
        }
    }

    /** The payload as UTF-8 text. */
    public String payloadText() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Without the payload, which may be large and is the sender's data. */
    @Override
    public String toString() {
        return "InboxEvent[id=" + id + ", source=" + source + ", tenant=" + tenant + ", eventId=" + eventId + ", eventType=" + eventType
                + ", recordKey=" + recordKey + ", target=" + target + ", status=" + status + ", attempts=" + attempts + ", dueAt=" + dueAt
                + ", claimedBy=" + claimedBy + ", reason=" + reason + ", finishedAt=" + finishedAt + ", updatedAt=" + updatedAt + "]";
    }
}
