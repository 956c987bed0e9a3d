package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.store.DeadLetter;
import dev.junction.store.Store;
import dev.junction.sync.DeadLetterSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which dead letters {@code replay} and {@code discard} act on: ids, one run's, or one sync's open ones. */
final class DeadLetterTarget {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    static final class Choice {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Ids of open dead letters (see: junction deadletters list).")
        List<Long> ids;

        @Option(names = "--run", paramLabel = "RUN", description = "Every open dead letter of this run.")
        String run;

        @Option(names = "--sync", paramLabel = "SYNC", description = "Every open dead letter of this sync.")
        String sync;
    }

    /**
     * One selection per sync involved. @throws JunctionException for an unknown id, a dead letter
     *     that is no longer open, or a run or sync without open dead letters
     */
    List<DeadLetterSelection> resolve(Store store) {
        if (choice.ids != null) {
            Map<String, List<Long>> bySync = new LinkedHashMap<>();
            for (long id : choice.ids) {
                DeadLetter d = store.deadLetters().find(id)
                        .orElseThrow(() -> new JunctionException("no dead letter with id " + id + "; list them with: junction deadletters list"));
                if (d.state() != DeadLetter.State.OPEN) {
                    throw new JunctionException("dead letter " + id + " was already " + d.state().name().toLowerCase(Locale.ROOT)
                            + (d.resolvedRun() == null ? "" : " by run " + d.resolvedRun()) + " at " + d.resolvedAt());
                }
                bySync.computeIfAbsent(d.sync(), s -> new ArrayList<>()).add(id);
            }
            return bySync.entrySet().stream().map(e -> DeadLetterSelection.ofIds(e.getKey(), e.getValue())).toList();
        }
        if (choice.run != null) {
            List<DeadLetter> first = store.deadLetters().open(null, choice.run, 0, 1);
            if (first.isEmpty()) {
                throw new JunctionException("run '" + choice.run + "' has no open dead letters");
            }
            return List.of(DeadLetterSelection.ofRun(first.getFirst().sync(), choice.run));
        }
        if (store.deadLetters().open(choice.sync, null, 0, 1).isEmpty()) {
            throw new JunctionException("sync '" + choice.sync + "' has no open dead letters");
        }
        return List.of(DeadLetterSelection.all(choice.sync));
    }
}
