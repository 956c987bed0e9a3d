package dev.junction.engine.internal;

import dev.junction.JunctionException;
import dev.junction.engine.EngineException;
import dev.junction.engine.SyncStates;
import dev.junction.runtime.Tenants;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which connections a tenant's per-tenant syncs use, and what happens to their state when that
 * changes. A tenant with several connections of one connector marks one {@code primary}; its
 * per-tenant syncs use that one ({@link Tenants#connection}). When making, changing or deleting a
 * connection moves a sync of that tenant onto another connection (another account), the state the
 * sync kept for the tenant belongs to the old one: its checkpoint would skip the new account's older
 * records, its fingerprints would skip records never written to the new destination. So that state
 * is cleared, and the next run reads everything from the new connection and sends every record.
 */
public final class PrimaryBindings {
    private final SyncStates states;

    public PrimaryBindings(SyncStates states) {
        this.states = states;
    }

    /**
     * Whether a new connection of {@code connector} for {@code tenant} is its primary one when the
     * caller does not say: only when the tenant has no other connection of that connector, so adding a
     * second account never moves a running sync by itself.
     */
    public static boolean primaryByDefault(LoadResult applied, String connector, String tenant) {
        return applied.connections().values().stream().noneMatch(c -> connector.equals(c.connector()) && tenant.equals(tenantOf(c)));
    }

    /** The tenant's other connection of the same connector that is primary, if any. */
    public static ConnectionSpec otherPrimary(LoadResult applied, String connector, String tenant, String name) {
        return applied.connections().values().stream()
                .filter(c -> c.primary() && connector.equals(c.connector()) && tenant.equals(tenantOf(c)) && !c.name().equals(name))
                .findFirst().orElse(null);
    }

    /**
     * For each per-tenant sync with a side of {@code connector}: the connections it uses for
     * {@code tenant} ("source -> destination"), or null when it cannot run for the tenant (no
     * connection, or several and none primary).
     */
    public static Map<String, String> of(LoadResult applied, String connector, String tenant) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SyncSpec sync : applied.syncs().values()) {
            if (!sync.perTenant() || !(connector.equals(sync.source().connector()) || connector.equals(sync.destination().connector()))) {
                continue;
            }
            String bound;
            try {
                SyncSpec b = Tenants.bind(applied, sync, tenant);
                bound = b.source().connection() + " -> " + b.destination().connection();
            } catch (JunctionException e) {
                bound = null;
            }
            out.put(sync.name(), bound);
        }
        return out;
    }

    /**
     * Refuses a change that may move a sync onto another connection while a run of it holds the
     * tenant's lease: nothing is changed then.
     *
     * @throws EngineException.Conflict naming the run
     */
    public void checkNoneRunning(LoadResult applied, String connector, String tenant) {
        for (String sync : of(applied, connector, tenant).keySet()) {
            SyncStates.Report report = states.report(sync, tenant);
            report.held().ifPresent(lease -> {
                throw new EngineException.Conflict(report.what() + " is running as run '" + lease.owner() + "', and this change may move it onto"
                        + " another connection; nothing was changed. Try again when it has finished");
            });
        }
    }

    /**
     * Clears the tenant's state of each sync whose connections differ between {@code before} and
     * the applied definitions; returns the syncs cleared.
     */
    public List<String> resetMoved(Map<String, String> before, LoadResult applied, String connector, String tenant) {
        List<String> cleared = new ArrayList<>();
        for (Map.Entry<String, String> after : of(applied, connector, tenant).entrySet()) {
            if (after.getValue() == null || Objects.equals(before.get(after.getKey()), after.getValue())) {
                continue;
            }
            SyncStates.ResetPlan plan = states.planReset(applied, after.getKey(), tenant, false, null, false);
            if (!plan.empty()) {
                states.reset(plan);
                cleared.add(after.getKey());
            }
        }
        return cleared;
    }

    private static String tenantOf(ConnectionSpec c) {
        return c.owningTenant();
    }
}
