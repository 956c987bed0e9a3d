package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Applied definitions, unique by kind and name, with every version ever applied. Saving appends a
 * version (1, 2, 3, ... per kind and name) and makes it the current one; {@link #find} and
 * {@link #list} see only current versions. Deleting removes the current version but keeps the
 * history: a definition applied again after a delete continues the numbering.
 *
 * <p>Concurrent writers: {@link #saveIfCurrent} and {@link #deleteIfCurrent} succeed only if the
 * definition is still at the version the caller read (an HTTP {@code If-Match}), and otherwise throw
 * a {@link DefinitionConflictException} naming the current version; {@link #save} always wins.
 */
public interface DefinitionRepository {
    /** For {@link #saveIfCurrent} and {@link #deleteIfCurrent}: whatever the current version. */
    int ANY_VERSION = -1;

    /**
     * Saves the definition as its next version, whatever the current one.
     *
     * @return the definition as stored, with its version number
     */
    default StoredDefinition save(StoredDefinition definition) {
        return saveIfCurrent(definition, ANY_VERSION);
    }

    /**
     * Saves the definition as its next version if its current version is {@code expectedVersion}:
     * 0 when it must not exist yet (or was deleted), {@link #ANY_VERSION} for no check.
     *
     * @return the definition as stored, with its version number
     * @throws DefinitionConflictException when the current version is another one, also when a
     *     concurrent save got there first
     */
    StoredDefinition saveIfCurrent(StoredDefinition definition, int expectedVersion);

    /** The current version. */
    Optional<StoredDefinition> find(String kind, String name);

    /** The current version of every definition, ordered by kind then name. */
    List<StoredDefinition> list();

    /** Every version ever saved of a kind and name, newest first; also those of a deleted definition. */
    List<StoredDefinition> history(String kind, String name);

    /** One version, current or not, also of a deleted definition. */
    Optional<StoredDefinition> findVersion(String kind, String name, int version);

    /**
     * Rolls back: saves the text of {@code version} again as a new version (the history keeps
     * everything in between), if the current version is {@code expectedVersion} (as in
     * {@link #saveIfCurrent}). Restores a deleted definition too.
     *
     * @return the new version, or empty when there is no such version to roll back to
     * @throws DefinitionConflictException as {@link #saveIfCurrent}
     */
    default Optional<StoredDefinition> rollback(String kind, String name, int version, int expectedVersion, String appliedBy, Instant at) {
        return findVersion(kind, name, version).map(old -> saveIfCurrent(old.reapplied(appliedBy, at), expectedVersion));
    }

    /**
     * Records that version {@code version}'s text, unchanged, now starts {@code lineOffset} lines
     * into its origin (its document moved in its file, as when a document is added above it): no
     * new version, the positions of the definition loaded again follow the file.
     *
     * @return whether there is such a version
     */
    boolean relocate(String kind, String name, int version, int lineOffset);

    /**
     * Removes the current version; the history stays.
     *
     * @return whether a definition was deleted
     */
    default boolean delete(String kind, String name) {
        return deleteIfCurrent(kind, name, ANY_VERSION);
    }

    /**
     * Removes the current version if it is {@code expectedVersion} ({@link #ANY_VERSION}: whichever).
     *
     * @return whether a definition was deleted; false when there is none
     * @throws DefinitionConflictException when the definition is at another version
     */
    boolean deleteIfCurrent(String kind, String name, int expectedVersion);
}
