package dev.junction.spec;

import java.util.Objects;

/**
 * A YAML text and where it came from: a file path as the user gave it ({@code specs/crm.yaml}) or a
 * name such as {@code stored:Sync/crm-to-helpdesk}. The origin is the file part of every problem
 * location.
 */
public record SourceText(String origin, String text) {
    public SourceText {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return origin;
    }
}
