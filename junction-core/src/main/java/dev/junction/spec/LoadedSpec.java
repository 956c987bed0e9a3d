package dev.junction.spec;

import java.util.Objects;

/**
 * A valid spec with where it came from. {@code documentText} is the text of its own YAML document
 * only (without the {@code ---} separators around it), so it can be stored and loaded again on its
 * own; {@code lineOffset} is the number of lines before that document in its source's origin, to
 * load it again as {@code new SourceText(origin, documentText, managed, lineOffset)} with the
 * positions it has in its file.
 */
public record LoadedSpec(Spec spec, SourceText source, String documentText, int lineOffset) {
    public LoadedSpec {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(documentText, "documentText");
    }

    /** A spec whose document is the whole text. */
    public LoadedSpec(Spec spec, SourceText source, String documentText) {
        this(spec, source, documentText, 0);
    }

    public String kind() {
        return spec.kind();
    }

    public String name() {
        return spec.name();
    }
}
