package dev.junction.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The simulated Acme CRM: bearer token auth, cursor pagination, contacts batch upsert. Lists come in id order, like most
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

    /** The contact with that id, if any. */
    Optional<Contact> contact(String id);

    /** Number of contacts now stored. */
    int contactCount();
}
