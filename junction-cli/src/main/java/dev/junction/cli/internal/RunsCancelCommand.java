package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.store.RunRecord;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", description = {
    "Asks a running run to stop. The run finishes the batches it has in flight, then ends as cancelled;",
    "what it wrote stays written, and the next run picks up the rest."})
public final class RunsCancelCommand implements Callable<Integer> {
    private final Console console;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "RUN", description = "The id of a running run (see: junction runs).")
    String run;

    RunsCancelCommand(Console console, Map<String, String> env) {
        this.console = console;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            RunRecord found = workspace.store().runs().find(run)
                    .orElseThrow(() -> new JunctionException("no run with id '" + run + "'; list runs with: junction runs"));
            if (!workspace.store().runs().requestCancel(run, workspace.clock().instant())) {
                RunRecord now = workspace.store().runs().find(run).orElse(found);
                throw new JunctionException("run '" + run + "' of sync '" + now.sync() + "' has already finished ("
                        + now.status().name().toLowerCase(Locale.ROOT) + "); there is nothing to cancel");
            }
            boolean alive = workspace.store().leases().find(dev.junction.sync.SyncJob.stateKey(found.sync(), found.tenant()))
                    .filter(lease -> lease.owner().equals(run) && lease.expiresAt().isAfter(workspace.clock().instant()))
                    .isPresent();
            if (!alive) {
                throw new JunctionException("run '" + run + "' of sync '" + found.sync() + "' is marked running, but no process holds its lease"
                        + " (the process ended without finishing it); the next run of '" + found.sync() + "' marks it failed");
            }
            console.out().println("asked run " + run + " of " + found.sync() + " to stop; it stops after the batches in flight");
            console.out().flush();
            return 0;
        }
    }
}
