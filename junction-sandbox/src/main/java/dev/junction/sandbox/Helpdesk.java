package dev.junction.sandbox;

import java.util.Optional;

/**
 * The simulated Helpdesk: API key auth, offset pagination, users batch upsert keyed by external_id,
 * deletes (one user, or a batch) and a batch patch (soft delete with {@code "deleted": true}).
 */
public interface Helpdesk extends SimulatedService {

    /** The key clients must send as {@code X-Api-Key: <key>}. */
    String apiKey();

    /** The user with that id, if any. */
    Optional<HelpdeskUser> user(String id);

    /** The user with that external id, if any. */
    Optional<HelpdeskUser> userByExternalId(String externalId);

    /** Number of users now stored. */
    int userCount();

    /**
     * Puts a legal hold on the user with that external id (or lifts it): a held user cannot be
     * deleted; a delete of it fails with error code {@code on_hold}.
     */
    void hold(String externalId, boolean held);
}
