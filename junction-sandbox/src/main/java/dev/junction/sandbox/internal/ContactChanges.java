package dev.junction.sandbox.internal;

import dev.junction.sandbox.Contact;

import java.time.Instant;

/**
 * Told of every contact change while the CRM store still holds its write lock, so listeners see the changes in the
 * order they happened. Must be quick: it delays the next write.
 */
@FunctionalInterface
interface ContactChanges {
    /** Does nothing. */
    ContactChanges NONE = (type, contact, at) -> {};

    /**
     * @param type    {@code contact.created}, {@code contact.updated} or {@code contact.deleted}
     * @param contact the contact after the change (for a delete: as it was)
     * @param at      when the change happened
     */
    void changed(String type, Contact contact, Instant at);
}
