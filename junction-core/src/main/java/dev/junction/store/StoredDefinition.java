package dev.junction.store;

import java.time.Instant;

/**
 * One applied version of a definition: its kind ({@code Connector}, {@code Connection}, {@code Sync}),
 * its name, the YAML text exactly as applied, the file it came from, a checksum of the text, when and
 * by whom it was applied ({@code appliedBy}: a token id, {@code local:<os user>}, or null when not
 * known, as for definitions applied before versions were kept), and its version number: 1 for the
 * first version of a kind and name, one more for every later one. A definition not saved yet has
 * version 0; {@link DefinitionRepository#save} answers with the version it got. {@code lineOffset}
 * is the number of lines before the text in its origin (the text is one document of a file such as a
 * multi-document {@code connections.yaml}), so the definition loaded again keeps its file's line
 * numbers; 0 for a whole file, and for versions saved before it was kept.
 */
public record StoredDefinition(
        String kind, String name, String source, String origin, String checksum, Instant appliedAt, String appliedBy, int version, int lineOffset) {
    public StoredDefinition {
        if (lineOffset < 0) {
            throw new IllegalArgumentException("lineOffset must be 0 or more, was " + lineOffset);
        }
    }

    /** A definition whose text starts its origin. */
    public StoredDefinition(String kind, String name, String source, String origin, String checksum, Instant appliedAt, String appliedBy, int version) {
        this(kind, name, source, origin, checksum, appliedAt, appliedBy, version, 0);
    }

    /** A definition to save, applied by someone not named. */
    public StoredDefinition(String kind, String name, String source, String origin, String checksum, Instant appliedAt) {
        this(kind, name, source, origin, checksum, appliedAt, null, 0);
    }

    /** A definition to save. */
    public StoredDefinition(String kind, String name, String source, String origin, String checksum, Instant appliedAt, String appliedBy) {
        this(kind, name, source, origin, checksum, appliedAt, appliedBy, 0);
    }

    /** This version's text, origin and place in it, to save again as a new version (a rollback) applied by {@code by} at {@code at}. */
    public StoredDefinition reapplied(String by, Instant at) {
        return new StoredDefinition(kind, name, source, origin, checksum, at, by, 0, lineOffset);
    }

    /** This definition with its text {@code lineOffset} lines into its origin. */
    public StoredDefinition withLineOffset(int lineOffset) {
        return new StoredDefinition(kind, name, source, origin, checksum, appliedAt, appliedBy, version, lineOffset);
    }

    /** {@code Sync 'crm-to-erp'}, for messages. */
    public String describe() {
        return kind + " '" + name + "'";
    }
}
