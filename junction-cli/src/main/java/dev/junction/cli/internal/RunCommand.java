package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.JunctionException;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import java.util.List;
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
    "(a mirror run that would delete more than its cap fails and deletes nothing), 4 when it was cancelled.",
    "A per-tenant sync runs once per eligible tenant, one after another, each its own run (exit code: the worst);",
    "--tenant T runs it for T only."})
public final class RunCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "The name of an applied sync.")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = TenantOption.DESCRIPTION)
    String tenant;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--json", description = "Print the finished run as JSON (no progress line; an array for the tenants of a per-tenant sync).")
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
            SyncSpec spec = TenantOption.sync(commandSpec.commandLine(), definitions, sync, tenant);
            List<String> tenants = TenantOption.tenants(definitions, spec, tenant);
            boolean each = spec.perTenant() && tenant == null; // every eligible tenant: one failing tenant does not stop the others
            ObjectMapper mapper = new ObjectMapper();
            RunListener progress = json ? RunListener.NONE : new ProgressPrinter(console, console.interactive() && !common.noColor);
            SyncRunner runner = new SyncRunner(workspace, mapper, env::get);
            ArrayNode runs = mapper.createArrayNode();
            int exit = 0;
            for (String t : tenants) {
                try {
                    exit = SyncRunner.worst(exit, dryRun ? dryRun(runner, mapper, definitions, t, progress, each) : run(runner, mapper, definitions, t, progress, runs));
                } catch (JunctionException e) {
                    if (!each) {
                        throw e;
                    }
                    exit = 1;
                    console.err().println(console.red("tenant " + t + ": ") + e.getMessage());
                    console.err().flush();
                    runs.addObject().put("sync", sync).put("tenant", t).put("status", "failed").put("error", e.getMessage());
                }
            }
            if (json && !dryRun) {
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(each ? runs : runs.get(0)));
            }
            if (!dryRun) {
                Retention.prune(workspace, retention);
            }
            console.out().flush();
            return exit;
        }
    }

    private int run(SyncRunner runner, ObjectMapper mapper, LoadResult definitions, String t, RunListener progress, ArrayNode runs) {
        RunRecord run = runner.run(definitions, sync, t, "cli", progress, forceDeletes);
        if (json) {
            var node = RunReport.json(mapper, run);
            node.set("deprecations", RunReport.deprecationsJson(mapper, runner.deprecations()));
            node.set("drift", DriftReport.json(mapper, runner.drift()));
            runs.add(node);
        } else {
            RunReport.summary(console, run);
            RunReport.deprecations(console, runner.deprecations());
            DriftReport.print(console, runner.drift());
        }
        return SyncRunner.exitCode(run);
    }

    private int dryRun(SyncRunner runner, ObjectMapper mapper, LoadResult definitions, String t, RunListener progress, boolean each)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        if (each && !json) {
            console.out().println(console.bold("tenant " + t));
        }
        return DryRunReport.print(console, mapper, runner.dryRun(definitions, sync, t, samples, progress, forceDeletes), json);
    }
}
