package dev.junction.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The simulated Acme CRM: bearer token auth, cursor pagination, contacts batch upsert and delete, and signed
 * webhooks on contact changes ({@link #webhooks()}). Lists come in id order, like most
 * APIs, also when filtered by {@code updatedSince} (at or after); with {@code sort=updatedAt}, in updatedAt order (ties by
 * id), like an API that sorts when asked.
 */
public interface AcmeCrm extends SimulatedService {

    /** The bearer token clients must send as {@code Authorization: Bearer <token>}. */
    String token();

    /**
     * Changes {@code n} distinct contacts (a new {@code lastname}, sometimes a new {@code tier}) and sets their
     * {@code updatedAt} to the clock's now (strictly later than before). The choice is deterministic for a seed and
     * call sequence.
     *
     * @return the changed ids, sorted
     * @throws IllegalArgumentException if {@code n} is negative or larger than the number of contacts
     */
    List<String> changeContacts(int n);

    /**
     * Makes {@code changes} contact changes quickly, in rounds of {@link #changeContacts} over every contact (a contact
     * changes at most once per round), e.g. to send a burst of 10,000 webhooks. Deterministic for a seed and call
     * sequence.
     *
     * @return the changed ids in the order they changed (an id repeats once per round it changed in)
     * @throws IllegalArgumentException if {@code changes} is negative, over 1,000,000, or positive with no contacts
     */
    List<String> burst(int changes);

    /** Deletes the contact with that id (as {@code DELETE /v1/contacts/{id}} does); false when there was none. */
    boolean deleteContact(String id);

    /** The CRM's outgoing webhooks: subscriptions, knobs and the delivery ledger. */
    Webhooks webhooks();

    /** The contact with that id, if any. */
    Optional<Contact> contact(String id);

    /** Number of contacts now stored. */
    int contactCount();
}
