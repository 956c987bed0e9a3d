package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.Exchanges;
import dev.junction.engine.RunGroup;
import dev.junction.engine.Runs;
import dev.junction.engine.SyncTargets;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.sync.RunListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = {
    "Runs an applied sync once, with a live progress line, and prints its summary.",
    "Exit code 0 when every record was written or unchanged, 3 when some became dead letters, 1 when the run failed",
    "(a mirror run that would delete more than its cap fails and deletes nothing), 4 when it was cancelled.",
    "A per-tenant sync runs once per eligible tenant, each its own run, at most the sync's tenants.concurrency (default 4) at once",
    "(exit code: the worst); --tenant T runs it for T only.",
    "Ctrl-C asks every run it started to stop as 'junction runs cancel' would: each ends cancelled after its calls in flight."})
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

    @Option(names = "--tenant-concurrency", paramLabel = "N", description = {
        "A per-tenant sync without --tenant: run at most N tenants at once (default: the sync's tenants.concurrency, else 4).",
        "1 runs them one after another."})
    Integer tenantConcurrency;

    @Option(names = "--json", description = "Print the finished run as JSON (no progress line; an array for the tenants of a per-tenant sync).")
    boolean json;

    @Option(names = "--dry-run", description = "Read, map and diff, but write and store nothing; print what would be inserted or updated.")
    boolean dryRun;

    @Option(names = "--force-deletes", description = {
        "Mode mirror: delete the records gone from the source even when they are more than the sync's destination.maxDeletePercent of the",
        "records it knows (without it, such a run deletes nothing and fails)."})
    boolean forceDeletes;

    @Option(names = "--apply", paramLabel = "PATH", description = {
        "First validate and apply these YAML files or folders (as junction apply does; nothing is applied when any has a problem,",
        "exit 2), then run: a CI job or a script runs a folder of definitions in one process."})
    List<java.nio.file.Path> applyPaths;

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
        if (tenantConcurrency != null && tenantConcurrency < 1) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), "--tenant-concurrency " + tenantConcurrency
                    + ": expected a positive integer, the most tenants to run at once (1 runs them one after another)");
        }
        java.time.Duration retention = Exchanges.retention(env.get(Exchanges.RETENTION_ENV));
        CountDownLatch closed = new CountDownLatch(1);
        // Ctrl-C and SIGTERM are taken before the JVM shuts down (RunCancellation), so the runs can record how they ended
        List<dev.junction.spec.SourceText> texts = applyPaths == null ? null : YamlFiles.read(applyPaths);
        try (Engine engine = common.engine(env)) {
            if (texts != null) {
                int applied = ApplyCommand.apply(console, engine, texts, common.location(env).describe(), json);
                if (applied != 0) {
                    return applied;
                }
            }
            LoadResult definitions = engine.definitions().applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            SyncSpec spec = SyncTargets.sync(definitions, sync, tenant);
            if (tenantConcurrency != null && !spec.perTenant()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), "--tenant-concurrency " + tenantConcurrency + ": sync '" + sync
                        + "' is not per tenant (its source and destination name connections, not connectors); leave --tenant-concurrency out");
            }
            List<String> tenants = SyncTargets.tenants(definitions, spec, tenant);
            ObjectMapper mapper = new ObjectMapper();
            RunGroup group = engine.runGroup();
            RunCancellation cancellation = new RunCancellation(group);
            boolean live = console.interactive() && !common.noColor();
            int exit;
            // a dry run stores nothing: Ctrl-C simply ends it
            java.util.Optional<RemoteRuns> server = dryRun ? java.util.Optional.empty() : serverHoldingTheDirectory();
            try (AutoCloseable ctrlC = dryRun ? () -> { } : cancellation.onShutdown(closed, console)) {
                if (server.isPresent()) {
                    // a server holds this data directory: its queue runs the sync, with its one set of rate budgets and tokens
                    exit = remote(server.get(), cancellation);
                } else if (spec.perTenant() && tenant == null) {
                    int concurrency = tenantConcurrency != null ? tenantConcurrency : spec.tenants().concurrency();
                    exit = new TenantRuns(console, mapper, engine, group)
                            .run(definitions, tenants, concurrency, new TenantRuns.Request(sync, json, dryRun, samples, forceDeletes), live);
                } else {
                    RunListener progress = group.tracking(json ? RunListener.NONE : new ProgressPrinter(console, live));
                    Runs.Request request = new Runs.Request(sync, tenants.get(0), "cli", forceDeletes);
                    exit = dryRun ? DryRunReport.print(console, mapper, engine.runs().dryRun(definitions, request, samples, progress), json)
                            : run(engine, mapper, definitions, request, progress);
                }
            }
            if (!dryRun) {
                engine.exchanges().prune(retention);
            }
            console.out().flush();
            return cancellation.exitCode(exit);
        } finally {
            closed.countDown();
        }
    }

    /** The server that holds the embedded store's data directory, when one does and answers. */
    private java.util.Optional<RemoteRuns> serverHoldingTheDirectory() {
        dev.junction.engine.StoreLocation location = common.location(env);
        if (!location.embedded()) {
            return java.util.Optional.empty();
        }
        return dev.junction.engine.LocalServer.find(location.dataDir()).map(found -> new RemoteRuns(console, found)).filter(RemoteRuns::reachable);
    }

    private int remote(RemoteRuns server, RunCancellation cancellation) throws java.io.IOException {
        boolean live = console.interactive() && !common.noColor();
        List<dev.junction.store.RunRecord> runs = server.run(sync, tenant, forceDeletes, json ? null : new ProgressPrinter(console, live),
                cancellation.remote());
        if (json) {
            console.out().println(server.json(runs));
        } else if (runs.size() == 1) {
            RunReport.summary(console, runs.getFirst());
        } else {
            runs.forEach(r -> RunReport.line(console, r));
        }
        return RemoteRuns.exitCode(runs);
    }

    private int run(Engine engine, ObjectMapper mapper, LoadResult definitions, Runs.Request request, RunListener progress)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        Runs.Outcome outcome = engine.runs().run(definitions, request, progress);
        if (json) {
            console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(RunReport.json(mapper, outcome)));
        } else {
            RunReport.summary(console, outcome.run());
            RunReport.deprecations(console, outcome.deprecations());
            DriftReport.print(console, outcome.drift());
        }
        return Runs.exitCode(outcome.run());
    }
}
