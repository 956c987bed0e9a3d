package dev.junction.store;

import java.util.List;

/** The bounded history of connections' health checks: the newest few per connection, older ones purged as new ones come. */
public interface ConnectionCheckRepository {
    /**
     * Stores {@code check} (its id is ignored) and purges that connection's older checks beyond the
     * newest {@code keep}.
     *
     * @return the stored check, with its id
     */
    ConnectionCheck record(ConnectionCheck check, int keep);

    /** The connection's newest checks, newest first, at most {@code limit}. */
    List<ConnectionCheck> list(String connection, int limit);

    /** Forgets the connection's checks (it was deleted). @return how many there were */
    int delete(String connection);
}
