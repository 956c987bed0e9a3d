package dev.junction.spec;

import java.util.Objects;

/**
 * A YAML text and where it came from: a file path as the user gave it ({@code specs/crm.yaml}) or a
 * name such as {@code stored:Sync/crm-to-helpdesk}. The origin is the file part of every problem
 * location. {@code managed}: Junction wrote the text itself for a connection made through the API or
 * the connect page; only such a text may hold {@code ${stored:FIELD}} references (a hand-written
 * file never is managed, whatever its origin says). {@code lineOffset}: the lines of the origin before
 * the text, 0 for a whole file; a document stored on its own and loaded again is given the offset
 * it had in its file, so its problems and positions name the lines of that file.
 */
public record SourceText(String origin, String text, boolean managed, int lineOffset) {
    public SourceText {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(text, "text");
        if (lineOffset < 0) {
            throw new IllegalArgumentException("lineOffset must be 0 or more, was " + lineOffset);
        }
    }

    /** A whole text, from its origin's first line. */
    public SourceText(String origin, String text, boolean managed) {
        this(origin, text, managed, 0);
    }

    /** A hand-written text. */
    public SourceText(String origin, String text) {
        this(origin, text, false);
    }

    @Override
    public String toString() {
        return origin;
    }
}
