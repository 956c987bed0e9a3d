package dev.junction.cli.internal;

import dev.junction.spec.LoadResult;
import dev.junction.spec.SpecProblem;

/** Prints definition problems, one per line, in the order found. */
final class Problems {
    private Problems() {}

    /** @return true when there were problems (and they were printed); warnings are printed either way */
    static boolean print(Console console, LoadResult result) {
        for (SpecProblem w : result.warnings()) {
            console.err().println(console.yellow("warning: ") + w);
        }
        if (result.ok()) {
            console.err().flush();
            return false;
        }
        for (SpecProblem p : result.problems()) {
            console.err().println(p);
        }
        console.err().println(console.red(result.problems().size() + (result.problems().size() == 1 ? " problem" : " problems")) + " found; nothing was applied or run.");
        console.err().flush();
        return true;
    }
}
