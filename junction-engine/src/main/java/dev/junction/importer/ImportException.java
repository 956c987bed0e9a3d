package dev.junction.importer;

import dev.junction.JunctionException;

/**
 * An API description could not be imported: the file or URL cannot be read, or it is not the kind
 * of description the command expects. The message says where (the file, and a place in it when
 * there is one) and what was expected; it never carries a stack trace to the user.
 */
public final class ImportException extends JunctionException {
    private final boolean unreachable;

    public ImportException(String message) {
        this(message, false);
    }

    /** @param unreachable the description could not be fetched (network, HTTP status), rather than being wrong */
    public ImportException(String message, boolean unreachable) {
        super(message);
        this.unreachable = unreachable;
    }

    /** The description's URL could not be fetched: a failure of the moment, not bad input. */
    public boolean unreachable() {
        return unreachable;
    }
}
