package dev.junction.server.api;

import dev.junction.engine.Engine;
import dev.junction.engine.Role;
import dev.junction.engine.SyncStates;
import dev.junction.server.ApiModule;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.server.Guard;
import dev.junction.server.Param;
import dev.junction.server.Routes;
import dev.junction.server.Scope;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.RunRecord;
import dev.junction.store.SyncState;
import dev.junction.store.SyncStateRepository;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What a sync keeps between runs (checkpoints, fingerprints, write intents, lease): shown, reset, or
 * moved onto a tenant. A per-tenant sync's state is each tenant's; a classic sync's is operators'.
 * Over the API the request is the confirmation: a reset does not ask.
 */
public final class StatesApi implements ApiModule {
    public record LeaseView(String run, Instant acquiredAt, Instant expiresAt, boolean held) {}

    public record LastRunView(String id, String status, Instant startedAt, Instant finishedAt) {}

    /** One partition's (empty: the stream's) checkpoint; {@code completedAt} is when a run last read it to its end. */
    public record CheckpointView(String stream, String partition, String value, Instant savedAt, Instant completedAt) {}

    /** One state key's state: a classic sync's ({@code tenant} null) or one tenant's of a per-tenant sync. */
    public record StateView(String sync, String tenant, LeaseView lease, LastRunView lastRun, long fingerprints, long mirrorMarks, long writeIntents,
            List<CheckpointView> checkpoints) {}

    /**
     * A sync's state: one entry for a classic sync or one tenant, every tenant's (with state, or able to
     * run it) for a per-tenant sync asked without one. {@code beforePerTenant}: the state the sync kept
     * before it ran per tenant, which no tenant uses (operators only; move it with .../state/move).
     */
    public record SyncStateView(String sync, boolean perTenant, List<StateView> states, StateView beforePerTenant) {}

    /**
     * A reset: one tenant's state ({@code tenant}; a tenant token's own by default), or every tenant's
     * ({@code allTenants}, operators). {@code partition} clears one partition's checkpoint;
     * {@code checkpointOnly} keeps the fingerprints. A classic sync takes neither tenant option.
     */
    public record ResetRequest(String tenant, Boolean allTenants, String partition, Boolean checkpointOnly) {}

    /** What a reset removed ({@code tenants}: whose state; null for a classic sync's own) and what the next run does. */
    public record ResetView(String sync, List<String> tenants, long checkpoints, long fingerprints, long writeIntentsKept, String nextRun) {}

    /** Move the state a sync kept before it ran per tenant onto {@code toTenant}. */
    public record MoveRequest(String toTenant) {}

    public record MoveView(String sync, String toTenant, long checkpoints, long fingerprints, long writeIntents) {}

    private final Engine engine;

    public StatesApi(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/syncs/{name}/state", Guard.token(Role.VIEWER, Scope.tenantFromQuery("tenant")))
                .operation("state.get", "state", "Shows what a sync keeps between runs")
                .description("Checkpoints per partition, fingerprints (records the next run skips while unchanged), pending write intents, the"
                        + " lease and the last run. A per-tenant sync without 'tenant' lists every tenant (a tenant token: its own).")
                .param(Param.path("name", "An applied sync"))
                .param(Param.query("tenant", "A per-tenant sync: only this tenant's state", String.class))
                .response(200, "The state", SyncStateView.class)
                .handle(this::show);
        routes.post("/api/v1/syncs/{name}/state/reset", Guard.token(Role.EDITOR, Scope.tenantFromBody(ResetRequest.class, ResetRequest::tenant)))
                .operation("state.reset", "state", "Clears a sync's checkpoints and fingerprints")
                .description("The next run reads and sends everything again (as upserts). The request is the confirmation. Run history, dead"
                        + " letters and pending write intents are kept. 409 while a run of the sync holds its lease.")
                .param(Param.path("name", "An applied sync"))
                .body(ResetRequest.class)
                .response(200, "What was removed", ResetView.class)
                .response(409, "A run of the sync holds its lease")
                .handle(this::reset);
        routes.post("/api/v1/syncs/{name}/state/move", Guard.token(Role.EDITOR, Scope.operator()))
                .operation("state.move", "state", "Moves the state a sync kept before it ran per tenant onto one tenant")
                .param(Param.path("name", "An applied per-tenant sync"))
                .body(MoveRequest.class)
                .response(200, "What was moved", MoveView.class)
                .response(409, "Nothing to move, the tenant already has state, or a run holds the lease")
                .handle(this::move);
    }

    private void show(Context ctx) {
        QueryParams.of(ctx);
        ApiRequest request = ApiRequest.of(ctx);
        String sync = ctx.pathParam("name");
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, sync, request);
        String tenant = request.tenant().orElse(null);
        Access.noTenantForClassic(spec, tenant);
        if (!spec.perTenant() || tenant != null) {
            ctx.json(new SyncStateView(sync, spec.perTenant(), List.of(view(engine.states().report(sync, tenant))), null));
            return;
        }
        SyncStates.TenantReports all = engine.states().tenantReports(definitions, spec);
        ctx.json(new SyncStateView(sync, true, all.tenants().stream().map(StatesApi::view).toList(), view(all.classic())));
    }

    private void reset(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        ResetRequest body = request.body(ResetRequest.class);
        String sync = ctx.pathParam("name");
        request.auditObject("Sync", sync);
        LoadResult definitions = engine.definitions().applied();
        SyncSpec spec = Access.sync(definitions, sync, request);
        boolean allTenants = Boolean.TRUE.equals(body.allTenants());
        boolean checkpointOnly = Boolean.TRUE.equals(body.checkpointOnly());
        String tenant = request.tenant().orElse(null);
        if (allTenants && Access.tenantToken(request)) {
            throw new ApiProblem.Forbidden("'allTenants' resets every tenant's state; a tenant token resets its own tenant's: leave 'allTenants' out.");
        }
        checkReset(spec, tenant, allTenants, body.partition(), checkpointOnly);
        SyncStates.ResetPlan plan = engine.states().planReset(definitions, sync, tenant, allTenants, body.partition(), checkpointOnly);
        List<String> tenants = spec.perTenant() ? plan.reports().stream().map(SyncStates.Report::tenant).toList() : null;
        String nextRun = body.partition() != null ? "reads partition '" + body.partition() + "' from its start; unchanged records are still skipped"
                : checkpointOnly ? "reads everything again; records whose fingerprint is unchanged are still skipped"
                        : "reads everything again and sends every record (as upserts: the destination sees each one again)";
        if (plan.empty()) {
            ctx.json(new ResetView(sync, tenants, 0, 0, plan.intents(), "as before: there was nothing to reset"));
            return;
        }
        SyncStateRepository.Outcome outcome = engine.states().reset(plan);
        request.auditDetail("tenants", tenants);
        request.auditDetail("checkpoints", outcome.checkpoints());
        request.auditDetail("fingerprints", outcome.fingerprints());
        ctx.json(new ResetView(sync, tenants, outcome.checkpoints(), outcome.fingerprints(), plan.intents(), nextRun));
    }

    /** The reset's options, checked against the sync, in the API's words. */
    private static void checkReset(SyncSpec spec, String tenant, boolean allTenants, String partition, boolean checkpointOnly) {
        if (!spec.perTenant() && (tenant != null || allTenants)) {
            throw new ApiProblem.BadRequest("Sync '" + spec.name() + "' is not per tenant (its source and destination name connections); leave"
                    + " 'tenant' and 'allTenants' out.");
        }
        if (allTenants && tenant != null) {
            throw new ApiProblem.BadRequest("'tenant' and 'allTenants' go alone: name one tenant, or every tenant.");
        }
        if (spec.perTenant() && tenant == null && !allTenants) {
            throw new ApiProblem.BadRequest("Sync '" + spec.name() + "' runs per tenant: reset one tenant's state with {\"tenant\": \"T\"}, or every"
                    + " tenant's with {\"allTenants\": true}.");
        }
        if (partition != null && checkpointOnly) {
            throw new ApiProblem.BadRequest("'partition' already keeps the fingerprints; leave 'checkpointOnly' out.");
        }
    }

    private void move(Context ctx) {
        ApiRequest request = ApiRequest.of(ctx);
        request.auditObject("Sync", ctx.pathParam("name"));
        String toTenant = request.body(MoveRequest.class).toTenant();
        if (toTenant == null || toTenant.isBlank()) {
            throw new ApiProblem.BadRequest("'toTenant' names the tenant that takes the state over; the body has none.");
        }
        String sync = ctx.pathParam("name");
        request.auditDetail("toTenant", toTenant);
        SyncStateRepository.Outcome moved = engine.states().move(engine.definitions().applied(), sync, toTenant);
        ctx.json(new MoveView(sync, toTenant, moved.checkpoints(), moved.fingerprints(), moved.writeIntents()));
    }

    static StateView view(SyncStates.Report r) {
        SyncState s = r.state();
        LeaseView lease = s.lease().map(l -> new LeaseView(l.owner(), l.acquiredAt(), l.expiresAt(), l.expiresAt().isAfter(r.now()))).orElse(null);
        LastRunView last = r.lastRun().map(StatesApi::lastRun).orElse(null);
        List<CheckpointView> checkpoints = s.checkpoints().stream()
                .map(c -> new CheckpointView(c.stream(), c.partition(), c.value(), c.savedAt(), c.completedAt())).toList();
        return new StateView(r.sync(), r.tenant(), lease, last, s.fingerprints(), s.mirrorMarks(), s.writeIntents(), checkpoints);
    }

    private static LastRunView lastRun(RunRecord run) {
        return new LastRunView(run.id(), run.status().name().toLowerCase(Locale.ROOT), run.startedAt(), run.finishedAt());
    }
}
