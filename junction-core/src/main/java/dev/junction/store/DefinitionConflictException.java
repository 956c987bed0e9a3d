package dev.junction.store;

/**
 * A definition was not at the version the caller expected when saving or deleting it: someone else
 * applied or deleted it since the caller read it. {@link #currentVersion()} is the version now
 * current, 0 when the definition does not exist.
 */
public class DefinitionConflictException extends StoreException {
    private final String kind;
    private final String name;
    private final int expectedVersion;
    private final int currentVersion;

    public DefinitionConflictException(String kind, String name, int expectedVersion, int currentVersion) {
        super(message(kind, name, expectedVersion, currentVersion), null);
        this.kind = kind;
        this.name = name;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    private static String message(String kind, String name, int expected, int current) {
        String what = "definition " + kind + " '" + name + "'";
        if (expected == 0) {
            return what + " already exists at version " + current + ": read it and apply your change on top of version " + current;
        }
        if (current == 0) {
            return what + " was expected at version " + expected + " but no longer exists (it was deleted): apply it as a new definition";
        }
        return what + " is at version " + current + ", not at version " + expected + " as expected: it was changed meanwhile;"
                + " read version " + current + " and apply your change on top of it";
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public int expectedVersion() {
        return expectedVersion;
    }

    /** The version now current; 0 when the definition does not exist. */
    public int currentVersion() {
        return currentVersion;
    }
}
