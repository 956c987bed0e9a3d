package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.sync.DeadLetterSelection;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which dead letters {@code replay} and {@code discard} act on: ids, one run's, or one sync's open ones. */
final class DeadLetterTarget {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Option(names = "--tenant", paramLabel = "T", description = "With --sync: only the dead letters of this tenant's runs (of a per-tenant sync).")
    String tenant;

    static final class Choice {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Ids of open dead letters (see: junction deadletters list).")
        List<Long> ids;

        @Option(names = "--run", paramLabel = "RUN", description = "Every open dead letter of this run.")
        String run;

        @Option(names = "--sync", paramLabel = "SYNC", description = "Every open dead letter of this sync.")
        String sync;
    }

    /**
     * One selection per sync (and tenant) involved; each replays in its dead letters' tenant. @throws dev.junction.JunctionException for an unknown id, a dead letter
     *     that is no longer open, or a run or sync without open dead letters
     */
    List<DeadLetterSelection> resolve(dev.junction.engine.Engine engine) {
        return engine.deadLetters().select(choice.ids, choice.run, choice.sync, tenant);
    }
}
