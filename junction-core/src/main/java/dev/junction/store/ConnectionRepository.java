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
     * Forgets a connection's state (its definition was deleted), with its stored values and credentials.
     * @return whether there was any state
     */
    boolean delete(String name);
}
