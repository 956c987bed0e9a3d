package dev.junction.cli.internal;

import dev.junction.JunctionException;
import dev.junction.spec.SyncSpec;
import dev.junction.store.Lease;
import dev.junction.store.SyncState;
import dev.junction.store.SyncStateRepository;
import dev.junction.sync.SyncJob;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reset", description = {
    "Clears a sync's checkpoints and fingerprints, so its next run reads and sends everything again.",
    "Every record is sent again as an upsert. --checkpoint-only keeps the fingerprints (everything is read again, unchanged records are still",
    "skipped); --partition P clears only partition P's checkpoint. Refused while a run of the sync holds its lease.",
    "Run history, dead letters and pending write intents are kept. Asks first; --yes to skip the question."})
public final class StateResetCommand implements Callable<Integer> {
    private final Console console;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied sync.")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = "A per-tenant sync: reset only tenant T's state.")
    String tenant;

    @Option(names = "--all-tenants", description = "A per-tenant sync: reset every tenant's state, in one transaction.")
    boolean allTenants;

    @Option(names = "--partition", paramLabel = "P", description = "Clear only this partition's checkpoint (see: junction state show SYNC); keeps fingerprints.")
    String partition;

    @Option(names = "--checkpoint-only", description = "Keep the fingerprints: everything is read again, unchanged records are still skipped.")
    boolean checkpointOnly;

    @Option(names = "--yes", description = "Reset without asking.")
    boolean yes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    StateResetCommand(Console console, Map<String, String> env) {
        this.console = console;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            SyncSpec spec = TenantOption.sync(commandSpec.commandLine(), workspace.applied(), sync, tenant);
            List<String> tenants = tenants(spec, workspace.store().syncStates().tenants(sync));
            SyncStateRepository.Reset what = partition != null ? new SyncStateRepository.Reset(partition, false)
                    : checkpointOnly ? SyncStateRepository.Reset.CHECKPOINTS : SyncStateRepository.Reset.EVERYTHING;
            Instant now = workspace.clock().instant();
            List<StateReport> reports = new ArrayList<>();
            for (String t : tenants) {
                workspace.runCancel().freeIfAbandoned(SyncJob.stateKey(sync, t)); // a run whose process is gone does not hold it up
                reports.add(StateReport.of(workspace.store(), sync, t, now));
            }
            refuseWhileRunning(reports);
            long checkpoints = reports.stream().mapToLong(r -> clearedCheckpoints(r.state())).sum();
            long fingerprints = what.fingerprints() ? reports.stream().mapToLong(r -> r.state().fingerprints()).sum() : 0;
            if (partition != null && checkpoints == 0) {
                throw new JunctionException(whom(reports) + " has no checkpoint of partition '" + partition + "'; stored partitions: "
                        + partitions(reports) + " (see: junction state show " + sync + (tenant == null ? "" : " --tenant " + tenant) + ")");
            }
            if (checkpoints == 0 && fingerprints == 0) {
                console.out().println("nothing to reset: " + whom(reports) + " has no stored checkpoint" + (what.fingerprints() ? " or fingerprint" : ""));
                console.out().flush();
                return 0;
            }
            long intents = reports.stream().mapToLong(r -> r.state().writeIntents()).sum();
            if (!yes && !confirmed(reports, checkpoints, fingerprints, intents)) {
                return 2;
            }
            List<String> keys = tenants.stream().map(t -> SyncJob.stateKey(sync, t)).toList();
            SyncStateRepository.Outcome outcome = workspace.store().syncStates().reset(keys, what, workspace.clock().instant());
            outcome.heldBy().ifPresent(this::running);
            PrintWriter out = console.out();
            out.println("reset " + whom(reports) + ": removed " + outcome.checkpoints() + " checkpoint(s)"
                    + (what.fingerprints() ? " and " + outcome.fingerprints() + " fingerprint(s)" : ""));
            out.println("next run: " + nextRun());
            out.println(kept(intents));
            out.flush();
            return 0;
        }
    }

    /** The tenants whose state is reset: null alone for a classic sync. */
    private List<String> tenants(SyncSpec spec, List<String> withState) {
        CommandLine line = commandSpec.commandLine();
        if (allTenants && !spec.perTenant()) {
            throw new CommandLine.ParameterException(line, "--all-tenants: sync '" + sync + "' is not per tenant; leave --all-tenants out");
        }
        if (allTenants && tenant != null) {
            throw new CommandLine.ParameterException(line, "--tenant and --all-tenants go alone: give one tenant, or every tenant");
        }
        if (partition != null && checkpointOnly) {
            throw new CommandLine.ParameterException(line, "--partition already keeps the fingerprints; leave --checkpoint-only out");
        }
        if (!spec.perTenant()) {
            return java.util.Collections.singletonList(null);
        }
        if (tenant != null) {
            return List.of(tenant);
        }
        if (!allTenants) {
            throw new CommandLine.ParameterException(line, "sync '" + sync + "' runs per tenant: reset one tenant's state with --tenant T,"
                    + " or every tenant's with --all-tenants" + (withState.isEmpty() ? " (no tenant has state yet)" : " (tenants with state: "
                    + String.join(", ", withState) + ")"));
        }
        return withState;
    }

    private void refuseWhileRunning(List<StateReport> reports) {
        for (StateReport r : reports) {
            r.state().heldAt(r.now()).ifPresent(this::running);
        }
    }

    private void running(Lease lease) {
        throw new JunctionException(SyncJob.describeStateKey(lease.sync()) + " is running as run '" + lease.owner() + "' (since " + lease.acquiredAt()
                + "); nothing was reset. Wait for it to finish or stop it with: junction runs cancel " + lease.owner());
    }

    private long clearedCheckpoints(SyncState state) {
        return state.checkpoints().stream().filter(c -> partition == null || partition.equals(c.partition())).count();
    }

    /** Without --yes: asks on a terminal; otherwise prints the plan and says to add --yes. */
    private boolean confirmed(List<StateReport> reports, long checkpoints, long fingerprints, long intents) {
        PrintWriter out = console.out();
        out.println("would reset " + whom(reports) + ":");
        StringBuilder streams = new StringBuilder();
        for (StateReport r : reports) {
            if (!r.state().checkpoints().isEmpty()) {
                streams.append(streams.isEmpty() ? "" : "; ").append(r.tenant() == null ? "" : r.tenant() + " ").append(r.checkpointList());
            }
        }
        out.println("  remove " + checkpoints + " checkpoint(s)" + (partition != null ? " of partition '" + partition + "'" : " (" + streams + ")"));
        if (fingerprints > 0) {
            out.println("  remove " + fingerprints + " fingerprint(s)");
        }
        out.println("  next run: " + nextRun());
        out.println("  " + kept(intents));
        out.flush();
        String answer = console.ask("reset? [y/N] ");
        if (answer != null && answer.strip().equalsIgnoreCase("y")) {
            return true;
        }
        console.err().println("junction: nothing was reset" + (answer == null ? "; add --yes to reset (no terminal to ask on)" : ""));
        console.err().flush();
        return false;
    }

    private String nextRun() {
        if (partition != null) {
            return "reads partition '" + partition + "' from its start; unchanged records are still skipped";
        }
        return checkpointOnly ? "reads everything again; records whose fingerprint is unchanged are still skipped"
                : "reads everything again and sends every record (as upserts: the destination sees each one again)";
    }

    private static String kept(long intents) {
        return "kept: run history and dead letters" + (intents > 0 ? "; " + intents + " pending write intent(s) (the next run sends them again first)" : "");
    }

    private String whom(List<StateReport> reports) {
        if (reports.size() == 1) {
            return reports.getFirst().what();
        }
        return "sync '" + sync + "' for " + (reports.isEmpty() ? "no tenant (none has state)"
                : "every tenant (" + String.join(", ", reports.stream().map(StateReport::tenant).toList()) + ")");
    }

    private static String partitions(List<StateReport> reports) {
        List<String> names = reports.stream().flatMap(r -> r.state().checkpoints().stream()).map(SyncState.Checkpoint::partition)
                .filter(p -> !p.isEmpty()).distinct().sorted().toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
