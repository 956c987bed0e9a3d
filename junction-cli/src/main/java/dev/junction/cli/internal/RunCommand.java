package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.LoadResult;
import dev.junction.store.RunRecord;
import dev.junction.sync.RunListener;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = {
    "Runs an applied sync once, with a live progress line, and prints its summary.",
    "Exit code 0 when every record was written or unchanged, 3 when some became dead letters, 1 when the run failed."})
public final class RunCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "The name of an applied sync.")
    String sync;

    @Option(names = "--json", description = "Print the finished run as JSON (no progress line).")
    boolean json;

    RunCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            LoadResult definitions = workspace.applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            ObjectMapper mapper = new ObjectMapper();
            RunListener progress = json ? RunListener.NONE : new ProgressPrinter(console, console.interactive() && !common.noColor);
            RunRecord run = new SyncRunner(workspace, mapper, env::get).run(definitions, sync, "cli", progress);
            if (json) {
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(RunReport.json(mapper, run)));
            } else {
                RunReport.summary(console, run);
            }
            console.out().flush();
            return SyncRunner.exitCode(run);
        }
    }
}
