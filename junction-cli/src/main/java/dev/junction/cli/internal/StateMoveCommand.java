package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.SyncState;
import dev.junction.store.SyncStateRepository;
import dev.junction.sync.SyncJob;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "move", description = {
    "Moves the state a sync kept before it ran per tenant onto one tenant.",
    "Its checkpoints, fingerprints and write intents become the tenant's, so that tenant's next run carries on from",
    "them instead of reading and sending everything again.",
    "Run history and dead letters stay as they were (without a tenant)."})
public final class StateMoveCommand implements Callable<Integer> {
    private final Console console;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied per-tenant sync (one that names connectors).")
    String sync;

    @Option(names = "--to-tenant", paramLabel = "T", required = true, description = "The tenant that takes the state over.")
    String toTenant;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    StateMoveCommand(Console console, Map<String, String> env) {
        this.console = console;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            LoadResult definitions = workspace.applied();
            SyncSpec spec = TenantOption.sync(commandSpec.commandLine(), definitions, sync, null);
            if (!spec.perTenant()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), "sync '" + sync + "' is not per tenant (its source and destination"
                        + " name connections); make it name connectors, apply it, then move its state onto a tenant");
            }
            TenantOption.tenants(definitions, spec, toTenant); // the tenant must be able to run it
            SyncStateRepository states = workspace.store().syncStates();
            SyncState from = states.find(sync);
            if (from.isEmpty()) {
                throw new JunctionException("sync '" + sync + "' has no state from before it ran per tenant; there is nothing to move");
            }
            String to = SyncJob.stateKey(sync, toTenant);
            if (!states.find(to).isEmpty()) {
                throw new JunctionException("tenant '" + toTenant + "' of sync '" + sync + "' already has state; nothing was moved."
                        + " Clear it first with: junction state reset " + sync + " --tenant " + toTenant + " --yes");
            }
            // a run whose process is gone does not hold either key up
            workspace.runCancel().freeIfAbandoned(sync);
            workspace.runCancel().freeIfAbandoned(to);
            SyncStateRepository.Outcome moved = states.move(sync, to, workspace.clock().instant());
            if (moved.heldBy().isPresent()) {
                throw new JunctionException("a run of sync '" + sync + "' holds the lease ('" + moved.heldBy().get().owner()
                        + "'); nothing was moved. Wait for it to finish or stop it with: junction runs cancel " + moved.heldBy().get().owner());
            }
            console.out().println("moved the state of sync '" + sync + "' to tenant '" + toTenant + "': " + moved.checkpoints() + " checkpoint(s), "
                    + moved.fingerprints() + " fingerprint(s), " + moved.writeIntents() + " write intent(s)");
            console.out().println("kept: run history and dead letters, as they were (without a tenant)");
            console.out().flush();
            return 0;
        }
    }
}
