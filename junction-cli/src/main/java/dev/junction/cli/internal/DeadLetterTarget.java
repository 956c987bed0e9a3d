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
     * One selection per sync (and tenant) involved; each replays in its dead letters' tenant. @throws JunctionException for an unknown id, a dead letter
     *     that is no longer open, or a run or sync without open dead letters
     */
    List<DeadLetterSelection> resolve(Store store) {
        if (tenant != null && choice.sync == null) {
            throw new JunctionException("--tenant narrows --sync; ids and runs already name their tenant (see: junction deadletters show ID)");
        }
        if (choice.ids != null) {
            Map<List<String>, List<Long>> bySync = new LinkedHashMap<>();
            for (long id : choice.ids) {
                DeadLetter d = store.deadLetters().find(id)
                        .orElseThrow(() -> new JunctionException("no dead letter with id " + id + "; list them with: junction deadletters list"));
                if (d.state() != DeadLetter.State.OPEN) {
                    throw new JunctionException("dead letter " + id + " was already " + d.state().name().toLowerCase(Locale.ROOT)
                            + (d.resolvedRun() == null ? "" : " by run " + d.resolvedRun()) + " at " + d.resolvedAt());
                }
                bySync.computeIfAbsent(java.util.Arrays.asList(d.sync(), d.tenant()), s -> new ArrayList<>()).add(id);
            }
            return bySync.entrySet().stream()
                    .map(e -> DeadLetterSelection.ofIds(e.getKey().get(0), e.getValue()).inTenant(e.getKey().get(1))).toList();
        }
        if (choice.run != null) {
            List<DeadLetter> first = store.deadLetters().open(null, choice.run, 0, 1);
            if (first.isEmpty()) {
                throw new JunctionException("run '" + choice.run + "' has no open dead letters");
            }
            return List.of(DeadLetterSelection.ofRun(first.getFirst().sync(), choice.run).inTenant(first.getFirst().tenant()));
        }
        if (tenant != null) {
            if (store.deadLetters().open(choice.sync, tenant, null, 0, 1).isEmpty()) {
                throw new JunctionException("sync '" + choice.sync + "' has no open dead letters of tenant '" + tenant + "'");
            }
            return List.of(DeadLetterSelection.all(choice.sync).inTenant(tenant));
        }
        // every tenant's (one selection each, so each replays in its own tenant) and the classic sync's
        List<java.util.List<String>> groups = new ArrayList<>();
        long afterId = 0;
        List<DeadLetter> page;
        while (!(page = store.deadLetters().open(choice.sync, null, afterId, 500)).isEmpty()) {
            for (DeadLetter d : page) {
                List<String> group = java.util.Arrays.asList(d.sync(), d.tenant());
                if (!groups.contains(group)) {
                    groups.add(group);
                }
            }
            afterId = page.getLast().id();
        }
        if (groups.isEmpty()) {
            throw new JunctionException("sync '" + choice.sync + "' has no open dead letters");
        }
        return groups.stream().map(g -> DeadLetterSelection.all(g.get(0)).inTenant(g.get(1))).toList();
    }
}
