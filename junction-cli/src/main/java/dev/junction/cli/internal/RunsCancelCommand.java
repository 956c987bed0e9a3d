package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.runtime.Tenants;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.sync.SyncJob;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    /** Every running run of the sync (of each eligible tenant, or of tenant T): the live holders of its leases. */
    private int cancelSync(Workspace workspace) {
        LoadResult definitions = workspace.applied();
        SyncSpec spec = TenantOption.sync(commandSpec.commandLine(), definitions, sync, tenant);
        List<String> tenants = tenant != null ? List.of(tenant) : spec.perTenant() ? Tenants.eligible(definitions, spec)
                : java.util.Collections.singletonList(null);
        Instant now = workspace.clock().instant();
        int asked = 0;
        for (String t : tenants) {
            Optional<Lease> lease = workspace.store().leases().find(SyncJob.stateKey(sync, t)).filter(l -> l.expiresAt().isAfter(now));
            if (lease.isPresent() && workspace.store().runs().requestCancel(lease.get().owner(), now)) {
                console.out().println("asked run " + lease.get().owner() + " of " + sync + (t == null ? "" : " for tenant " + t)
                        + " to stop; it stops after the batches in flight");
                asked++;
            }
        }
        if (asked == 0) {
            throw new JunctionException("sync '" + sync + "' has no running run" + (tenant == null ? "" : " for tenant '" + tenant + "'")
                    + "; there is nothing to cancel (see: junction runs --sync " + sync + ")");
        }
        console.out().flush();
        return 0;
    }
}
