package dev.junction.server.api;

import dev.junction.engine.Engine;
import dev.junction.engine.Runs;
import dev.junction.engine.SyncTargets;
import dev.junction.runtime.Tenants;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.RunRecord;
import dev.junction.sync.DryRun;
import dev.junction.sync.RunListener;
import java.util.Collections;
import java.util.List;

/**
 * Starting a sync's runs and dry-running it as the caller may: the rules {@code POST /api/v1/runs},
 * {@code POST /api/v1/syncs/NAME/dry-run} and the console's Run now / Dry run buttons share (which
 * tenants a run is for, what a tenant token may run), so both adapters ask the engine the same way.
 */
public final class SyncRuns {
    static final int MAX_SAMPLES = 100;
    private final Engine engine;

    public SyncRuns(Engine engine) {
        this.engine = engine;
    }

    /**
     * Queues a run of {@code sync}: one for a classic sync; for a per-tenant one, the request's tenant's
     * (a tenant token: its own) or, for an operator naming none, one per tenant that can run it.
     */
    public List<RunRecord> start(ApiRequest request, String sync, boolean forceDeletes) {
        request.auditObject("Sync", sync);
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, sync, request);
        String tenant = request.tenant().orElse(null);
        Access.noTenantForClassic(spec, tenant);
        List<String> tenants;
        if (!spec.perTenant()) {
            tenants = Collections.singletonList(null);
        } else if (tenant != null) {
            Access.requireRunnable(definitions, spec, tenant, request);
            tenants = List.of(tenant);
        } else {
            tenants = SyncTargets.tenants(definitions, spec, null);
        }
        List<RunRecord> queued = tenants.stream().map(t -> engine.runQueue().submit(new Runs.Request(sync, t, "api", forceDeletes))).toList();
        request.auditDetail("runs", queued.stream().map(RunRecord::id).toList());
        return queued;
    }

    /** Reads, maps and diffs {@code sync} without writing, keeping up to {@code samples} records of each change (0 to 100). */
    public DryRun dryRun(ApiRequest request, String sync, int samples, boolean forceDeletes) {
        request.auditObject("Sync", sync);
        if (samples < 0 || samples > MAX_SAMPLES) {
            throw new ApiProblem.BadRequest("'samples' must be from 0 to " + MAX_SAMPLES + "; got " + samples + ".");
        }
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, sync, request);
        String tenant = request.tenant().orElse(null);
        Access.noTenantForClassic(spec, tenant);
        if (spec.perTenant() && tenant == null) {
            throw new ApiProblem.BadRequest("Sync '" + sync + "' runs per tenant; dry-run it for one tenant with {\"tenant\": \"T\"} (tenants that can"
                    + " run it: " + String.join(", ", Tenants.eligible(definitions, spec)) + ").");
        }
        Access.requireRunnable(definitions, spec, tenant, request);
        return engine.runs().dryRun(definitions, new Runs.Request(sync, tenant, "api", forceDeletes), samples, RunListener.NONE);
    }
}
