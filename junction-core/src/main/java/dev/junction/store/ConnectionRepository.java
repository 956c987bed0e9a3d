package dev.junction.store;

import java.util.List;
import java.util.Optional;

/** Connection state, unique by name; saving again replaces it. */
public interface ConnectionRepository {
    void save(ConnectionRecord connection);

    Optional<ConnectionRecord> find(String name);

    /** All connections ordered by name. */
    List<ConnectionRecord> list();

    /**
     * Sets the connection's status and its detail (why), keeping the rest of its record; nothing when
     * it has none (its definition was deleted meanwhile).
     *
     * @return whether it has a record
     */
    default boolean updateStatus(String name, String status, String statusDetail, java.time.Instant at) {
        Optional<ConnectionRecord> found = find(name);
        found.ifPresent(r -> save(new ConnectionRecord(r.name(), r.connector(), r.tenant(), r.environment(), status, statusDetail, at)));
        return found.isPresent();
    }

    /**
     * Sets the connection's status and detail unless it has that status already: of several callers
     * finding the same change at once (calls of one run in flight, processes sharing the store), one
     * makes it. Only the store can do that atomically; this default (find, then save) cannot.
     *
     * @return whether this call changed it (false: it had that status already, or it has no record)
     */
    default boolean changeStatus(String name, String status, String statusDetail, java.time.Instant at) {
        Optional<ConnectionRecord> found = find(name).filter(r -> !status.equals(r.status()));
        found.ifPresent(r -> save(new ConnectionRecord(r.name(), r.connector(), r.tenant(), r.environment(), status, statusDetail, at)));
        return found.isPresent();
    }

    /**
     * Forgets a connection's state (its definition was deleted), with its stored values and credentials.
     * @return whether there was any state
     */
    boolean delete(String name);
}
