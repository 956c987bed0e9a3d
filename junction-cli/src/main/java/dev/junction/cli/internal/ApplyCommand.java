package dev.junction.cli.internal;

import dev.junction.engine.Definitions;
import dev.junction.engine.Engine;
import dev.junction.spec.SourceText;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "apply", description = {
    "Validates YAML definitions together with those already applied, then stores them.",
    "Nothing is stored when any problem is found (exit code 2)."})
public final class ApplyCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "YAML files or folders (searched for *.yaml and *.yml).")
    List<java.nio.file.Path> paths;

    ApplyCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        List<SourceText> texts = YamlFiles.read(paths);
        try (Engine engine = common.engine(env)) {
            return apply(console, engine, texts, common.location(env).describe());
        }
    }

    /** Validates and stores; shared with the demo. @return exit code */
    static int apply(Console console, Engine engine, List<SourceText> texts, String where) {
        return apply(console, engine, texts, where, false);
    }

    /** As above; {@code quiet} prints problems and warnings only (for {@code run --apply --json}, whose output is the run's JSON). */
    static int apply(Console console, Engine engine, List<SourceText> texts, String where, boolean quiet) {
        Definitions.ApplyResult result = engine.definitions().apply(texts);
        if (Problems.print(console, result.result())) {
            return 2;
        }
        if (quiet) {
            return 0;
        }
        for (Definitions.Applied applied : result.applied()) {
            String outcome = applied.outcome().word();
            console.out().printf("  %-10s %-28s %s%n", applied.kind().toLowerCase(), applied.name(),
                    applied.outcome() == Definitions.Outcome.UNCHANGED ? console.dim(outcome) : console.green(outcome));
        }
        console.out().println("  applied to " + where + " (" + result.changed() + " new or changed)");
        console.out().flush();
        return 0;
    }
}
