package dev.junction.engine;

import dev.junction.runtime.Tenants;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import dev.junction.store.SyncState;
import dev.junction.store.SyncStateRepository;
import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.RunCancel;
import dev.junction.sync.SyncJob;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/** What a sync keeps between runs (checkpoints, fingerprints, write intents, lease): shown, reset, or moved onto a tenant. */
public final class SyncStates {
    /**
     * One state key's stored state with the sync's last run there, as of {@code now}; {@code holderGone}
     * when its lease names a process that is gone (the next run takes it over at once).
     */
    public record Report(String sync, String tenant, SyncState state, Optional<RunRecord> lastRun, Instant now, boolean holderGone) {
        /** "sync 'S'" or "sync 'S' for tenant 'T'". */
        public String what() {
            return SyncJob.describeStateKey(SyncJob.stateKey(sync, tenant));
        }

        /** The lease when a live run holds it. */
        public Optional<Lease> held() {
            return holderGone ? Optional.empty() : state.heldAt(now);
        }
    }

    /** A per-tenant sync's state: one report per tenant (with state, or able to run it), and the state kept from before it ran per tenant. */
    public record TenantReports(List<Report> tenants, Report classic) {}

    /** A reset, checked and ready: the reports of the keys it touches and what it clears. */
    public record ResetPlan(String sync, List<Report> reports, SyncStateRepository.Reset what, long checkpoints, long fingerprints, long intents) {
        public boolean empty() {
            return checkpoints == 0 && fingerprints == 0;
        }
    }

    private final Store store;
    private final Clock clock;
    private final Supplier<LeaseKeeper> leases;

    /** {@code leases}: the process's lease keeper, which judges whether a lease's holder is alive. */
    public SyncStates(Store store, Clock clock, Supplier<LeaseKeeper> leases) {
        this.store = store;
        this.clock = clock;
        this.leases = leases;
    }

    /** The state stored for {@code sync} (and {@code tenant}, null for a classic sync's own state), with its last run. */
    public Report report(String sync, String tenant) {
        SyncState state = store.syncStates().find(SyncJob.stateKey(sync, tenant));
        Optional<RunRecord> last = store.runs().list(sync, tenant, 20).stream().filter(r -> Objects.equals(r.tenant(), tenant)).findFirst();
        Instant now = clock.instant();
        boolean gone = state.heldAt(now).filter(l -> leases.get().holderGone(l)).isPresent();
        return new Report(sync, tenant, state, last, now, gone);
    }

    /** Every tenant's state of a per-tenant sync (tenants with state, and those that can run it), in name order. */
    public TenantReports tenantReports(LoadResult definitions, SyncSpec spec) {
        TreeSet<String> tenants = new TreeSet<>(store.syncStates().tenants(spec.name()));
        tenants.addAll(Tenants.eligible(definitions, spec));
        List<Report> reports = new ArrayList<>();
        for (String t : tenants) {
            reports.add(report(spec.name(), t));
        }
        return new TenantReports(reports, report(spec.name(), null));
    }

    /**
     * Checks a reset and says what it would clear. A classic sync takes no tenant; a per-tenant one
     * takes one tenant, or {@code allTenants}. {@code partition} clears one partition's checkpoint;
     * {@code checkpointOnly} keeps the fingerprints.
     *
     * @throws EngineException.Conflict while a run holds the lease of a key it touches, or when the partition has no checkpoint
     */
    public ResetPlan planReset(LoadResult definitions, String sync, String tenant, boolean allTenants, String partition, boolean checkpointOnly) {
        SyncSpec spec = SyncTargets.sync(definitions, sync, tenant);
        List<String> tenants = resetTenants(spec, tenant, allTenants, partition, checkpointOnly);
        SyncStateRepository.Reset what = partition != null ? new SyncStateRepository.Reset(partition, false)
                : checkpointOnly ? SyncStateRepository.Reset.CHECKPOINTS : SyncStateRepository.Reset.EVERYTHING;
        List<Report> reports = new ArrayList<>();
        RunCancel cancel = new RunCancel(store, leases.get(), clock);
        for (String t : tenants) {
            cancel.freeIfAbandoned(SyncJob.stateKey(sync, t)); // a run whose process is gone does not hold it up
            reports.add(report(sync, t));
        }
        for (Report r : reports) {
            r.held().ifPresent(SyncStates::running);
        }
        long checkpoints = reports.stream().mapToLong(r -> r.state().checkpoints().stream()
                .filter(c -> partition == null || partition.equals(c.partition())).count()).sum();
        long fingerprints = what.fingerprints() ? reports.stream().mapToLong(r -> r.state().fingerprints()).sum() : 0;
        if (partition != null && checkpoints == 0) {
            throw new EngineException.Conflict(whom(sync, reports) + " has no checkpoint of partition '" + partition + "'; stored partitions: "
                    + partitions(reports) + " (see: junction state show " + sync + (tenant == null ? "" : " --tenant " + tenant) + ")");
        }
        long intents = reports.stream().mapToLong(r -> r.state().writeIntents()).sum();
        return new ResetPlan(sync, List.copyOf(reports), what, checkpoints, fingerprints, intents);
    }

    /** Does a planned reset, in one transaction. @throws EngineException.Conflict when a run took a lease meanwhile (nothing was reset) */
    public SyncStateRepository.Outcome reset(ResetPlan plan) {
        List<String> keys = plan.reports().stream().map(r -> SyncJob.stateKey(plan.sync(), r.tenant())).toList();
        SyncStateRepository.Outcome outcome = store.syncStates().reset(keys, plan.what(), clock.instant());
        outcome.heldBy().ifPresent(SyncStates::running);
        return outcome;
    }

    /**
     * Moves the state a sync kept before it ran per tenant onto {@code toTenant}: its checkpoints,
     * fingerprints and write intents become that tenant's.
     */
    public SyncStateRepository.Outcome move(LoadResult definitions, String sync, String toTenant) {
        SyncSpec spec = SyncTargets.sync(definitions, sync, null);
        if (!spec.perTenant()) {
            throw new EngineException.Invalid("sync '" + sync + "' is not per tenant (its source and destination"
                    + " name connections); make it name connectors, apply it, then move its state onto a tenant");
        }
        SyncTargets.tenants(definitions, spec, toTenant); // the tenant must be able to run it
        SyncStateRepository states = store.syncStates();
        RunCancel cancel = new RunCancel(store, leases.get(), clock);
        cancel.freeIfAbandoned(sync); // a run whose process is gone does not hold either key up
        cancel.freeIfAbandoned(SyncJob.stateKey(sync, toTenant));
        if (states.find(sync).isEmpty()) {
            throw new EngineException.Conflict("sync '" + sync + "' has no state from before it ran per tenant; there is nothing to move");
        }
        String to = SyncJob.stateKey(sync, toTenant);
        if (!states.find(to).isEmpty()) {
            throw new EngineException.Conflict("tenant '" + toTenant + "' of sync '" + sync + "' already has state; nothing was moved."
                    + " Clear it first with: junction state reset " + sync + " --tenant " + toTenant + " --yes");
        }
        SyncStateRepository.Outcome moved = states.move(sync, to, clock.instant());
        if (moved.heldBy().isPresent()) {
            throw new EngineException.Conflict("a run of sync '" + sync + "' holds the lease ('" + moved.heldBy().get().owner()
                    + "'); nothing was moved. Wait for it to finish or stop it with: junction runs cancel " + moved.heldBy().get().owner());
        }
        return moved;
    }

    private List<String> resetTenants(SyncSpec spec, String tenant, boolean allTenants, String partition, boolean checkpointOnly) {
        String sync = spec.name();
        if (allTenants && !spec.perTenant()) {
            throw new EngineException.Invalid("--all-tenants: sync '" + sync + "' is not per tenant; leave --all-tenants out");
        }
        if (allTenants && tenant != null) {
            throw new EngineException.Invalid("--tenant and --all-tenants go alone: give one tenant, or every tenant");
        }
        if (partition != null && checkpointOnly) {
            throw new EngineException.Invalid("--partition already keeps the fingerprints; leave --checkpoint-only out");
        }
        if (!spec.perTenant()) {
            return Collections.singletonList(null);
        }
        if (tenant != null) {
            return List.of(tenant);
        }
        List<String> withState = store.syncStates().tenants(sync);
        if (!allTenants) {
            throw new EngineException.Invalid("sync '" + sync + "' runs per tenant: reset one tenant's state with --tenant T,"
                    + " or every tenant's with --all-tenants" + (withState.isEmpty() ? " (no tenant has state yet)" : " (tenants with state: "
                    + String.join(", ", withState) + ")"));
        }
        return withState;
    }

    private static void running(Lease lease) {
        throw new EngineException.Conflict(SyncJob.describeStateKey(lease.sync()) + " is running as run '" + lease.owner() + "' (since " + lease.acquiredAt()
                + "); nothing was reset. Wait for it to finish or stop it with: junction runs cancel " + lease.owner());
    }

    /** "sync 'S'" for one key, or the sync for every tenant listed. */
    public static String whom(String sync, List<Report> reports) {
        if (reports.size() == 1) {
            return reports.getFirst().what();
        }
        return "sync '" + sync + "' for " + (reports.isEmpty() ? "no tenant (none has state)"
                : "every tenant (" + String.join(", ", reports.stream().map(Report::tenant).toList()) + ")");
    }

    private static String partitions(List<Report> reports) {
        List<String> names = reports.stream().flatMap(r -> r.state().checkpoints().stream()).map(SyncState.Checkpoint::partition)
                .filter(p -> !p.isEmpty()).distinct().sorted().toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
