package dev.junction.importer;

import dev.junction.JunctionException;

/**
 * An API description could not be imported: the file or URL cannot be read, or it is not the kind
 * of description the command expects. The message says where (the file, and a place in it when
 * there is one) and what was expected; it never carries a stack trace to the user.
 */
public final class ImportException extends JunctionException {
    public ImportException(String message) {
        super(message);
    }
}
