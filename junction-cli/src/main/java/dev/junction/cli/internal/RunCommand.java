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
    "Exit code 0 when every record was written or unchanged, 3 when some became dead letters, 1 when the run failed",
    "(a mirror run that would delete more than its cap fails and deletes nothing), 4 when it was cancelled."})
public final class RunCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "The name of an applied sync.")
    String sync;

    @Option(names = "--json", description = "Print the finished run as JSON (no progress line).")
    boolean json;

    @Option(names = "--dry-run", description = "Read, map and diff, but write and store nothing; print what would be inserted or updated.")
    boolean dryRun;

    @Option(names = "--force-deletes", description = {
        "Mode mirror: delete the records gone from the source even when they are more than the sync's destination.maxDeletePercent of the",
        "records it knows (without it, such a run deletes nothing and fails)."})
    boolean forceDeletes;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "3",
            description = "With --dry-run: show up to N records of each change (default: ${DEFAULT-VALUE}).")
    int samples;

    RunCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        java.time.Duration retention = Retention.of(env.get(Retention.VARIABLE));
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            LoadResult definitions = workspace.applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            ObjectMapper mapper = new ObjectMapper();
            RunListener progress = json ? RunListener.NONE : new ProgressPrinter(console, console.interactive() && !common.noColor);
            if (dryRun) {
                return DryRunReport.print(console, mapper, new SyncRunner(workspace, mapper, env::get).dryRun(definitions, sync, samples, progress, forceDeletes),
                        json);
            }
            SyncRunner runner = new SyncRunner(workspace, mapper, env::get);
            RunRecord run = runner.run(definitions, sync, "cli", progress, forceDeletes);
            if (json) {
                var node = RunReport.json(mapper, run);
                node.set("deprecations", RunReport.deprecationsJson(mapper, runner.deprecations()));
                node.set("drift", DriftReport.json(mapper, runner.drift()));
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            } else {
                RunReport.summary(console, run);
                RunReport.deprecations(console, runner.deprecations());
                DriftReport.print(console, runner.drift());
            }
            Retention.prune(workspace, retention);
            console.out().flush();
            return SyncRunner.exitCode(run);
        }
    }
}
