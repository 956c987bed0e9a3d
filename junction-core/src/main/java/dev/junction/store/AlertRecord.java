package dev.junction.store;

import java.time.Instant;

/**
 * One episode of an alert rule's condition holding for one subject: fired once when the condition
 * starts to hold, resolved when it clears. While it is firing, no second episode of the same rule and
 * subject exists (the store keeps them apart by {@code rule} and {@code subject}).
 *
 * @param subject what the condition holds for, such as {@code sync=crm-to-helpdesk tenant=acme}; with
 *     {@code rule}, the de-duplication key
 * @param tenant the tenant it is about (null: none, or every tenant's, such as the inbox)
 * @param sync the sync it is about, when one
 * @param connection the connection it is about, when one
 * @param summary one line saying what holds (no secrets, no record content)
 * @param lastSeenAt when the condition was last seen holding
 * @param notifiedAt when its channels were last told it fires (re-notifies count from it)
 */
public record AlertRecord(String id, String rule, String subject, String tenant, String sync, String connection, String severity, Status status,
        String summary, Instant firedAt, Instant lastSeenAt, Instant resolvedAt, Instant notifiedAt) {

    public enum Status {
        FIRING, RESOLVED
    }

    /** The key that keeps one firing episode per rule and subject. */
    public String openKey() {
        return rule + "|" + subject;
    }
}
