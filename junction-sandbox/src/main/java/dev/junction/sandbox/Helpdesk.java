package dev.junction.sandbox;

import java.util.Optional;

/** The simulated Helpdesk: API key auth, offset pagination, users batch upsert keyed by external_id. */
public interface Helpdesk extends SimulatedService {

    /** The key clients must send as {@code X-Api-Key: <key>}. */
    String apiKey();

    /** The user with that id, if any. */
    Optional<HelpdeskUser> user(String id);

    /** The user with that external id, if any. */
    Optional<HelpdeskUser> userByExternalId(String externalId);

    /** Number of users now stored. */
    int userCount();
}
