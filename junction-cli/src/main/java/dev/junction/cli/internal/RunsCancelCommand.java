package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.engine.Engine;
import dev.junction.engine.Runs;
import dev.junction.store.RunRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cancel", description = {
    "Asks a running run to stop. The run finishes the batches it has in flight, then ends as cancelled;",
    "what it wrote stays written, and the next run picks up the rest.",
    "--sync SYNC asks every running run of the sync to stop: each running tenant's of a per-tenant sync (--tenant T: T's)."})
public final class RunsCancelCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "RUN", arity = "0..1", description = "The id of a running run (see: junction runs).")
    String run;

    @Option(names = "--sync", paramLabel = "SYNC", description = "Instead of RUN: every running run of this sync (every tenant's).")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = "With --sync, a per-tenant sync: only tenant T's run.")
    String tenant;

    @Spec
    CommandSpec commandSpec;

    RunsCancelCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        if ((run == null) == (sync == null)) {
            throw new ParameterException(commandSpec.commandLine(), "give a RUN id, or --sync SYNC for every running run of a sync (not both)");
        }
        if (tenant != null && sync == null) {
            throw new ParameterException(commandSpec.commandLine(), "--tenant goes with --sync (a run id already names its tenant)");
        }
        try (Engine engine = common.engine(env)) {
            if (sync != null) {
                return cancelSync(engine);
            }
            RunRecord found = engine.runs().get(run);
            Runs.Cancelled cancelled = engine.runs().cancel(run);
            if (cancelled == Runs.Cancelled.WHILE_QUEUED) {
                console.out().println("cancelled run " + run + " of " + found.sync() + " while it waited in the queue; it never started");
                console.out().flush();
                return 0;
            }
            if (cancelled == Runs.Cancelled.NOT_ALIVE) {
                throw new JunctionException("run '" + run + "' of sync '" + found.sync() + "' is marked running, but no process holds its lease"
                        + " (the process ended without finishing it); the next run of '" + found.sync() + "' marks it failed");
            }
            console.out().println("asked run " + run + " of " + found.sync() + " to stop; it stops after the batches in flight");
            console.out().flush();
            return 0;
        }
    }

    /** Every running run of the sync (of each eligible tenant, or of tenant T): the live holders of its leases. */
    private int cancelSync(Engine engine) {
        List<Runs.Asked> asked = engine.runs().cancelSync(engine.definitions().applied(), sync, tenant);
        for (Runs.Asked a : asked) {
            console.out().println("asked run " + a.run() + " of " + sync + (a.tenant() == null ? "" : " for tenant " + a.tenant())
                    + " to stop; it stops after the batches in flight");
        }
        if (asked.isEmpty()) {
            throw new JunctionException("sync '" + sync + "' has no running run" + (tenant == null ? "" : " for tenant '" + tenant + "'")
                    + "; there is nothing to cancel (see: junction runs --sync " + sync + ")");
        }
        console.out().flush();
        return 0;
    }
}
