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
    "what it wrote stays written, and the next run picks up the rest. A run whose process is gone (killed, crashed)",
    "is marked abandoned at once and its sync freed; a run still waiting in the run queue is cancelled before it starts.",
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
            Runs.Cancel cancel = engine.runs().cancel(run);
            if (cancel.outcome() == Runs.Cancelled.WHILE_QUEUED) {
                console.out().println("cancelled run " + run + " of " + cancel.run().sync() + " while it waited in the queue; it never started");
            } else {
                print(cancel);
            }
            console.out().flush();
            return 0;
        }
    }

    /** Every running run of the sync (of tenant T): each live one asked to stop, each whose process is gone marked abandoned. */
    private int cancelSync(Engine engine) {
        List<Runs.Cancel> done = engine.runs().cancelSync(engine.definitions().applied(), sync, tenant);
        done.forEach(this::print);
        if (done.isEmpty()) {
            throw new JunctionException("sync '" + sync + "' has no running run" + (tenant == null ? "" : " for tenant '" + tenant + "'")
                    + "; there is nothing to cancel (see: junction runs --sync " + sync + ")");
        }
        console.out().flush();
        return 0;
    }

    private void print(Runs.Cancel cancel) {
        RunRecord r = cancel.run();
        String which = "run " + r.id() + " of " + r.sync() + (sync == null || r.tenant() == null ? "" : " for tenant " + r.tenant());
        if (cancel.outcome() == Runs.Cancelled.ASKED) {
            console.out().println("asked " + which + " to stop; it stops after the batches in flight");
        } else {
            String reason = r.error() == null ? "" : r.error().replaceFirst("^abandoned: ", "");
            console.out().println("marked " + which + " abandoned: " + reason + " (its sync is free)");
        }
    }
}
