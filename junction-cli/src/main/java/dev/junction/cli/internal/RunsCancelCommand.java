package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.spec.LoadResult;
import dev.junction.sync.RunCancel;
import java.util.Locale;
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
    "what it wrote stays written, and the next run picks up the rest. A run whose process is gone (killed, crashed)",
    "is marked abandoned at once and its sync freed.",
    "--sync SYNC asks every running run of the sync to stop: each running tenant's of a per-tenant sync (--tenant T: T's)."})
public final class RunsCancelCommand implements Callable<Integer> {
    private final Console console;

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
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            if (sync != null) {
                return cancelSync(workspace);
            }
            RunCancel.Result result = workspace.runCancel().cancel(run);
            switch (result.outcome()) {
                case NOT_FOUND -> throw new JunctionException("no run with id '" + run + "'; list runs with: junction runs");
                case ALREADY_FINISHED -> throw new JunctionException("run '" + run + "' of sync '" + result.run().sync() + "' has already finished ("
                        + result.run().status().name().toLowerCase(Locale.ROOT) + "); there is nothing to cancel");
                default -> print(result, null);
            }
            console.out().flush();
            return 0;
        }
    }

    /** Every running run of the sync (of tenant T): each live one asked to stop, each whose process is gone marked abandoned. */
    private int cancelSync(Workspace workspace) {
        LoadResult definitions = workspace.applied();
        TenantOption.sync(commandSpec.commandLine(), definitions, sync, tenant);
        int done = 0;
        for (RunCancel.Result result : workspace.runCancel().cancelAll(sync, tenant)) {
            if (result.outcome() == RunCancel.Outcome.ASKED_TO_STOP || result.outcome() == RunCancel.Outcome.ABANDONED) {
                print(result, result.run().tenant());
                done++;
            }
        }
        if (done == 0) {
            throw new JunctionException("sync '" + sync + "' has no running run" + (tenant == null ? "" : " for tenant '" + tenant + "'")
                    + "; there is nothing to cancel (see: junction runs --sync " + sync + ")");
        }
        console.out().flush();
        return 0;
    }

    private void print(RunCancel.Result result, String tenant) {
        String which = "run " + result.runId() + " of " + result.run().sync() + (tenant == null ? "" : " for tenant " + tenant);
        if (result.outcome() == RunCancel.Outcome.ASKED_TO_STOP) {
            console.out().println("asked " + which + " to stop; it stops after the batches in flight");
        } else {
            String reason = result.run().error() == null ? "" : result.run().error().replaceFirst("^abandoned: ", "");
            console.out().println("marked " + which + " abandoned: " + reason + " (its sync is free)");
        }
    }
}
