package dev.junction.spec;

import java.util.Objects;

/**
 * A valid spec with where it came from. {@code documentText} is the text of its own YAML document
 * only (without the {@code ---} separators around it), so it can be stored and loaded again on its
 * own.
 */
public record LoadedSpec(Spec spec, SourceText source, String documentText) {
    public LoadedSpec {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(documentText, "documentText");
    }

    public String kind() {
        return spec.kind();
    }

    public String name() {
        return spec.name();
    }
}
