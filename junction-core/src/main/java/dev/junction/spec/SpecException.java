package dev.junction.spec;

import dev.junction.JunctionException;
import java.util.List;

/** Specs failed to load. Carries every problem found; the message lists each one on its own line. */
public class SpecException extends JunctionException {
    private final List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    private static String message(List<SpecProblem> problems) {
        StringBuilder out = new StringBuilder();
        out.append(problems.size() == 1 ? "1 problem in specs:" : problems.size() + " problems in specs:");
        for (SpecProblem problem : problems) {
            out.append('\n').append(problem);
        }
        return out.toString();
    }
}
