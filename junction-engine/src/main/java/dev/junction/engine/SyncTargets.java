package dev.junction.engine;

import dev.junction.runtime.Tenants;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which sync, and for which tenants, a request is about. A classic sync takes no tenant; a per-tenant
 * sync without one means every eligible tenant (to run) or its default mapping (to show).
 */
public final class SyncTargets {
    private SyncTargets() {}

    /**
     * The applied sync named {@code sync}, checked against {@code tenant}.
     *
     * @throws EngineException.NotFound when no such sync is applied
     * @throws EngineException.Invalid when {@code tenant} is given for a classic sync
     */
    public static SyncSpec sync(LoadResult definitions, String sync, String tenant) {
        SyncSpec spec = definitions.syncs().get(sync);
        if (spec == null) {
            throw new EngineException.NotFound("no sync named '" + sync + "' is applied"
                    + (definitions.syncs().isEmpty() ? "; apply one with: junction apply PATH" : "; applied syncs: " + String.join(", ", definitions.syncs().keySet())));
        }
        if (tenant != null && !spec.perTenant()) {
            throw new EngineException.Invalid("--tenant " + tenant + ": sync '" + sync + "' is not per tenant (its source and"
                    + " destination name connections, not connectors); leave --tenant out");
        }
        return spec;
    }

    /**
     * The tenants a sync runs for: {@code tenant} when given (checked to have its connections), every
     * eligible one of a per-tenant sync, or a single null for a classic sync.
     *
     * @throws dev.junction.JunctionException when a per-tenant sync has no eligible tenant, or the
     *     given tenant lacks a connection it needs
     */
    public static List<String> tenants(LoadResult definitions, SyncSpec spec, String tenant) {
        if (!spec.perTenant()) {
            return Collections.singletonList(null);
        }
        if (tenant != null) {
            Tenants.bind(definitions, spec, tenant); // says which connection is missing or ambiguous
            return List.of(tenant);
        }
        List<String> eligible = Tenants.eligible(definitions, spec);
        if (eligible.isEmpty()) {
            throw new EngineException.Conflict("sync '" + spec.name() + "' runs per tenant, but no tenant has a connection of "
                    + connectors(spec) + "; apply a connection with that connector and a tenant: key");
        }
        return eligible;
    }

    private static String connectors(SyncSpec spec) {
        List<String> names = new ArrayList<>();
        if (spec.source().connector() != null) {
            names.add("connector '" + spec.source().connector() + "'");
        }
        if (spec.destination().connector() != null && !spec.destination().connector().equals(spec.source().connector())) {
            names.add("connector '" + spec.destination().connector() + "'");
        }
        return String.join(" and ", names);
    }
}
