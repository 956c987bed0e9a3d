package dev.junction.cli.internal;

import dev.junction.store.DeadLetter;
import dev.junction.store.Store;
import dev.junction.sync.DeadLetterSelection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "discard", description = "Drops open dead letters on purpose: they stay in the history, marked discarded, and are never replayed.")
public final class DeadLettersDiscardCommand implements Callable<Integer> {
    private static final int PAGE = 500;

    private final Console console;

    @Mixin
    CommonOptions common;

    @Mixin
    DeadLetterTarget target;

    DeadLettersDiscardCommand(Console console, Map<String, String> env) {
        this.console = console;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            Store store = workspace.store();
            long discarded = 0;
            for (DeadLetterSelection selection : target.resolve(store)) {
                discarded += discard(store, selection, workspace.clock().instant());
            }
            console.out().println("discarded " + discarded + " dead letter(s)");
            console.out().flush();
            return 0;
        }
    }

    private static long discard(Store store, DeadLetterSelection selection, Instant at) {
        if (selection.ids() != null) {
            return store.deadLetters().resolve(selection.ids(), DeadLetter.State.DISCARDED, null, at);
        }
        long discarded = 0;
        List<DeadLetter> page;
        while (!(page = store.deadLetters().open(selection.sync(), selection.tenant(), selection.runId(), 0, PAGE)).isEmpty()) {
            discarded += store.deadLetters().resolve(page.stream().map(DeadLetter::id).toList(), DeadLetter.State.DISCARDED, null, at);
        }
        return discarded;
    }
}
