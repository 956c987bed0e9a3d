package dev.junction.spec.internal;

import dev.junction.spec.SourceLocation;
import dev.junction.spec.SpecProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one YAML document, in any order; {@link #sorted()} orders them by position. */
public final class Problems {
    private final List<SpecProblem> list = new ArrayList<>();
    private final List<SpecProblem> warnings = new ArrayList<>();

    /**
     * Adds a warning: what loads but is likely not what was meant (a variable no one binds). Not a
     * problem: the document still loads; validate and apply print it.
     */
    public void warn(SourceLocation location, String path, String message) {
        warnings.add(new SpecProblem(location, path, oneLine(message)));
    }

    /** The warnings, by line then column. */
    public List<SpecProblem> warnings() {
        List<SpecProblem> out = new ArrayList<>(warnings);
        out.sort(Comparator.comparingInt((SpecProblem p) -> p.location().line()).thenComparingInt(p -> p.location().column()));
        return out;
    }

    /** Adds a problem; line breaks and tabs in the message (quoted YAML values) are escaped, so every problem prints as one line. */
    public void add(SourceLocation location, String path, String message) {
        list.add(new SpecProblem(location, path, oneLine(message)));
    }

    static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** By line, then column; problems at the same place keep the order they were found in. */
    public List<SpecProblem> sorted() {
        List<SpecProblem> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt((SpecProblem p) -> p.location().line()).thenComparingInt(p -> p.location().column()));
        return out;
    }
}
