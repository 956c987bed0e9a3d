package dev.junction.server.api;

import dev.junction.engine.Engine;
import dev.junction.engine.EngineException;
import dev.junction.engine.Principal;
import dev.junction.engine.SyncTargets;
import dev.junction.runtime.Tenants;
import dev.junction.server.ApiProblem;
import dev.junction.server.ApiRequest;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.DeadLetter;
import dev.junction.store.InboxEvent;
import dev.junction.store.RunRecord;
import java.util.Optional;

/**
 * Who owns what these routes touch, for their guards ({@code Scope.tenantOfObject}), and what a
 * tenant token may do with a sync. Runs, dead letters, exchanges and state are their tenant's; an
 * object of no tenant (a classic sync's) is operators' only: a tenant token is answered as if it did
 * not exist. Schemas are their connection's tenant's. Syncs are global, but a tenant token uses a
 * per-tenant sync only as its own tenant. The console's pages use the same owners.
 */
public final class Access {
    private final Engine engine;

    public Access(Engine engine) {
        this.engine = engine;
    }

    public Optional<String> ownerOfRun(String id) {
        return engine.runs().find(id).map(RunRecord::tenant);
    }

    Optional<String> ownerOfDeadLetter(String id) {
        return numericId(id).flatMap(engine.deadLetters()::find).map(DeadLetter::tenant);
    }

    /** The tenant of an applied connection (one that names none is the tenant {@code default}'s); empty when none is applied. */
    public Optional<String> ownerOfConnection(String name) {
        ConnectionSpec connection = name == null ? null : engine.definitions().applied().connections().get(name);
        return connection == null ? Optional.empty() : Optional.ofNullable(connection.tenant());
    }

    /** The tenant of an inbox event (its connection's); empty when there is none with that id (or it is not a number). */
    public Optional<String> ownerOfInboxEvent(String id) {
        return numericId(id).flatMap(engine.inbox()::find).map(InboxEvent::tenant);
    }

    /** The inbox event with the path's id, or 404 saying processed ones are purged. */
    public InboxEvent inboxEvent(String id) {
        return numericId(id).flatMap(engine.inbox()::find)
                .orElseThrow(() -> new ApiProblem.NotFound("No inbox event has id '" + id + "' (processed events are purged after the retention"
                        + " period); list them with GET /api/v1/inbox."));
    }

    /** An inbox status by its label ({@code pending}, {@code claimed}, {@code done}, {@code ignored}, {@code dead}); null for none; 400 for another. */
    public static InboxEvent.Status inboxStatus(String label) {
        if (label == null) {
            return null;
        }
        try {
            return InboxEvent.Status.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem.BadRequest("status: expected one of pending, claimed, done, ignored, dead, not '" + (label.length() > 40
                    ? label.substring(0, 40) + "..." : label) + "'.");
        }
    }

    /** A numeric id of the path (a dead letter's, an inbox event's); empty when it is not a number. */
    public static Optional<Long> numericId(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static boolean tenantToken(ApiRequest request) {
        return request.principal().map(Principal::isTenantScoped).orElse(false);
    }

    /**
     * The applied sync named {@code name} as the caller may use it: NotFound when none is applied;
     * for a tenant token, a classic sync (whose runs and state belong to no tenant) is not visible.
     */
    public static SyncSpec sync(LoadResult definitions, String name, ApiRequest request) {
        SyncSpec spec = SyncTargets.sync(definitions, name, null);
        if (tenantToken(request) && !spec.perTenant()) {
            throw ApiProblem.notVisible();
        }
        return spec;
    }

    /** A tenant is for a per-tenant sync only: 400 for a classic one. */
    public static void noTenantForClassic(SyncSpec spec, String tenant) {
        if (tenant != null && !spec.perTenant()) {
            throw new ApiProblem.BadRequest("Sync '" + spec.name() + "' is not per tenant (its source and destination name connections); leave"
                    + " 'tenant' out.");
        }
    }

    /**
     * For a tenant token: its tenant must have the connections a per-tenant sync needs (the engine's
     * own message would list the tenants that do). Operators get the engine's message.
     */
    public static void requireRunnable(LoadResult definitions, SyncSpec spec, String tenant, ApiRequest request) {
        if (tenantToken(request) && spec.perTenant() && !Tenants.eligible(definitions, spec).contains(tenant)) {
            throw new EngineException.Conflict("tenant '" + tenant + "' lacks a connection that sync '" + spec.name() + "' needs (one of each of its"
                    + " connectors" + connectors(spec) + "); apply them with tenant: " + tenant);
        }
    }

    private static String connectors(SyncSpec spec) {
        StringBuilder names = new StringBuilder();
        if (spec.source().connector() != null) {
            names.append(spec.source().connector());
        }
        if (spec.destination().connector() != null && !spec.destination().connector().equals(spec.source().connector())) {
            names.append(names.isEmpty() ? "" : ", ").append(spec.destination().connector());
        }
        return names.isEmpty() ? "" : ": " + names;
    }
}
