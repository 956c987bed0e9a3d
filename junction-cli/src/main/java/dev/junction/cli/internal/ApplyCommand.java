package dev.junction.cli.internal;

import dev.junction.spec.LoadResult;
import dev.junction.spec.LoadedSpec;
import dev.junction.spec.SourceText;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "apply", description = {
    "Validates YAML definitions together with those already applied, then stores them.",
    "Nothing is stored when any problem is found (exit code 2)."})
public final class ApplyCommand implements Callable<Integer> {
    private final Console console;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "YAML files or folders (searched for *.yaml and *.yml).")
    List<Path> paths;

    ApplyCommand(Console console, Map<String, String> env) {
        this.console = console;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        List<SourceText> texts = YamlFiles.read(paths);
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            return apply(console, workspace, texts, common.dataDir);
        }
    }

    /** Validates and stores; shared with the demo. @return exit code */
    static int apply(Console console, Workspace workspace, List<SourceText> texts, Path dataDir) {
        LoadResult result = workspace.withApplied(texts);
        if (Problems.print(console, result)) {
            return 2;
        }
        Set<String> origins = new HashSet<>();
        texts.forEach(t -> origins.add(t.origin()));
        int changed = 0;
        for (LoadedSpec spec : result.specs()) {
            if (!origins.contains(spec.source().origin())) {
                continue;
            }
            String outcome = workspace.save(spec);
            if (!outcome.equals("unchanged")) {
                changed++;
            }
            console.out().printf("  %-10s %-28s %s%n", spec.kind().toLowerCase(), spec.name(),
                    outcome.equals("unchanged") ? console.dim(outcome) : console.green(outcome));
        }
        console.out().println("  applied to " + dataDir.toAbsolutePath().normalize() + " (" + changed + " new or changed)");
        console.out().flush();
        return 0;
    }
}
