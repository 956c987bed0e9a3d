package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.store.RunRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", description = "Lists past runs, newest first, with their counters; 'runs cancel RUN' stops a running one.",
        subcommands = RunsCancelCommand.class)
public final class RunsCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Option(names = "--sync", paramLabel = "SYNC", description = "Only runs of this sync.")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = "Only runs for this tenant (of per-tenant syncs).")
    String tenant;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    RunsCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        if (limit < 1) {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            List<RunRecord> runs = engine.runs().list(sync, tenant, limit);
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode array = mapper.createArrayNode();
                runs.forEach(r -> array.add(RunReport.json(mapper, r)));
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else if (runs.isEmpty()) {
                console.out().println(sync == null && tenant == null ? "no runs yet; start one with: junction run SYNC"
                        : "no runs" + (sync == null ? "" : " of '" + sync + "'") + (tenant == null ? "" : " for tenant '" + tenant + "'") + " yet");
            } else {
                RunReport.history(console, runs);
            }
            console.out().flush();
            return 0;
        }
    }
}
