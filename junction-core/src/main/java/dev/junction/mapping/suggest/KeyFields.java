package dev.junction.mapping.suggest;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which destination field carries the source's key. A destination's own primary key (its {@code id})
 * is assigned by the destination when a record is created, so a sync does not write it: the source's
 * key goes to the destination's external-key field instead ({@code external_id}, {@code externalId},
 * {@code remote_key}, ...), which the sync's destination {@code key} names. Matching names alone
 * would pair {@code id} with {@code id}, which is wrong for nearly every pair of APIs.
 */
public final class KeyFields {
    private static final Set<String> QUALIFIERS = Set.of("external", "remote", "foreign", "source", "origin", "integration", "partner", "vendor", "sync");
    private static final Set<String> KEY_WORDS = Set.of("id", "key", "ref", "reference", "uid", "identifier");

    private KeyFields() {}

    /**
     * The destination field for the source's key: {@code key} when given (the sync's destination key),
     * else the first field named like an external key; empty when there is none.
     */
    public static Optional<FieldProfile> externalKey(List<FieldProfile> destination, String key) {
        if (key != null) {
            return destination.stream().filter(f -> f.path().equals(key)).findFirst();
        }
        return destination.stream().filter(KeyFields::namedLikeAnExternalKey).findFirst();
    }

    /** {@code external_id}, {@code externalId}, {@code remote_key}, {@code source_ref}: a qualifier word and a key word last. */
    static boolean namedLikeAnExternalKey(FieldProfile field) {
        List<String> words = field.words();
        return words.size() >= 2 && KEY_WORDS.contains(words.getLast()) && words.stream().anyMatch(QUALIFIERS::contains);
    }

    /** A stream's {@code primaryKey} as a field path ({@code $.id} and {@code id} are both {@code id}); null stays null. */
    public static String path(String primaryKey) {
        if (primaryKey == null) {
            return null;
        }
        String path = primaryKey.startsWith("$.") ? primaryKey.substring(2) : primaryKey;
        return path.isEmpty() || path.equals("$") ? null : path;
    }
}
