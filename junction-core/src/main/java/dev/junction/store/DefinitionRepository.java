package dev.junction.store;

import java.util.List;
import java.util.Optional;

/** Applied definitions, unique by kind and name; saving again replaces the earlier version. */
public interface DefinitionRepository {
    void save(StoredDefinition definition);

    Optional<StoredDefinition> find(String kind, String name);

    /** All definitions, ordered by kind then name. */
    List<StoredDefinition> list();

    /** @return whether a definition was deleted */
    boolean delete(String kind, String name);
}
