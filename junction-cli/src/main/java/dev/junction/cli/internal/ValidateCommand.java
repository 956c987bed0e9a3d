package dev.junction.cli.internal;

import dev.junction.spec.LoadResult;
import dev.junction.spec.LoadedSpec;
import dev.junction.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = {
    "Checks connector, connection and sync YAML files (or folders of them) and reports every problem at once.",
    "Exit code 0 when all are valid, 2 when any problem was found."})
public final class ValidateCommand implements Callable<Integer> {
    private final Console console;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "YAML files or folders (searched for *.yaml and *.yml).")
    List<Path> paths;

    @Option(names = "--no-color", description = "Plain output.")
    boolean noColor;

    ValidateCommand(Console console, Map<String, String> env) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if (noColor) {
            console.noColor();
        }
        LoadResult result = new SpecLoader().load(paths);
        if (Problems.print(console, result)) {
            return 2;
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (LoadedSpec spec : result.specs()) {
            counts.merge(spec.kind().toLowerCase(), 1, Integer::sum);
        }
        StringBuilder summary = new StringBuilder();
        counts.forEach((kind, n) -> summary.append(summary.isEmpty() ? "" : ", ").append(n).append(' ').append(kind).append(n == 1 ? "" : "s"));
        console.out().println(console.green("valid: ") + (summary.isEmpty() ? "no definitions found" : summary));
        console.out().flush();
        return 0;
    }
}
