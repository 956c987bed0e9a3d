package dev.junction.cli.internal;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "discard", description = "Drops open dead letters on purpose: they stay in the history, marked discarded, and are never replayed.")
public final class DeadLettersDiscardCommand implements Callable<Integer> {
    private static final int PAGE = 500;

    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Mixin
    DeadLetterTarget target;

    DeadLettersDiscardCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            long discarded = engine.deadLetters().discard(target.resolve(engine));
            console.out().println("discarded " + discarded + " dead letter(s)");
            console.out().flush();
            return 0;
        }
    }
}
