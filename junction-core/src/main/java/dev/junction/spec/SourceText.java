package dev.junction.spec;

import java.util.Objects;

/**
 * A YAML text and where it came from: a file path as the user gave it ({@code specs/crm.yaml}) or a
 * name such as {@code stored:Sync/crm-to-helpdesk}. The origin is the file part of every problem
 * location. {@code managed}: Junction wrote the text itself for a connection made through the API or
 * the connect page; only such a text may hold {@code ${stored:FIELD}} references (a hand-written
 * file never is managed, whatever its origin says).
 */
public record SourceText(String origin, String text, boolean managed) {
    public SourceText {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(text, "text");
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
