package dev.junction.engine.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many executions run at once in this process, per flow ({@code limits.concurrency}) and per
 * tenant (a process-wide setting): an execution past a limit waits, {@code queued}, in arrival
 * order, and starts when one of its flow or tenant ends. A waiting execution never holds a worker,
 * so executions of other flows and tenants go past it. Sub-flows run inside their parent's
 * execution and are not admitted again (they would wait for their own parent). Thread-safe.
 */
public final class FlowAdmission {
    /** An execution waiting for a slot: what to count it under and how to start it. */
    private record Waiting(String flow, int flowLimit, String tenant, Runnable start) {}

    private final int tenantLimit;
    private final Map<String, Integer> byFlow = new HashMap<>();
    private final Map<String, Integer> byTenant = new HashMap<>();
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    /** @param tenantLimit the most executions of one tenant at once (the operator's count as one tenant); 0: no limit */
    public FlowAdmission(int tenantLimit) {
        if (tenantLimit < 0) {
            throw new IllegalArgumentException("the tenant concurrency must be 0 (no limit) or more, was " + tenantLimit);
        }
        this.tenantLimit = tenantLimit;
    }

    /**
     * Starts {@code start} now when the flow and tenant are under their limits, else when they are;
     * whoever is started must {@link #release} when it ends.
     *
     * @param flowLimit the flow's {@code limits.concurrency}; 0: none of its own
     */
    public void admit(String flow, int flowLimit, String tenant, Runnable start) {
        List<Waiting> starts;
        synchronized (this) {
            waiting.addLast(new Waiting(flow, flowLimit, tenant == null ? "" : tenant, start));
            starts = startable();
        }
        starts.forEach(w -> w.start().run());
    }

    /** One execution of {@code flow} for {@code tenant} ended: starts the waiting ones that now fit, in order. */
    public void release(String flow, String tenant) {
        List<Waiting> starts;
        synchronized (this) {
            count(new Waiting(flow, 0, tenant == null ? "" : tenant, null), -1);
            starts = startable();
        }
        starts.forEach(w -> w.start().run());
    }

    /** How many executions wait for a slot. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /**
     * Takes the waiting executions that fit now out of the queue, counted as running; one that waits
     * for its flow (or tenant) holds back the later ones of that flow (or tenant), so each keeps its order.
     */
    private List<Waiting> startable() {
        List<Waiting> out = new ArrayList<>();
        Set<String> heldFlows = new HashSet<>();
        Set<String> heldTenants = new HashSet<>();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext();) {
            Waiting next = it.next();
            boolean flowFull = heldFlows.contains(next.flow()) || next.flowLimit() > 0 && byFlow.getOrDefault(next.flow(), 0) >= next.flowLimit();
            boolean tenantFull = heldTenants.contains(next.tenant()) || tenantLimit > 0 && byTenant.getOrDefault(next.tenant(), 0) >= tenantLimit;
            if (!flowFull && !tenantFull) {
                it.remove();
                count(next, 1);
                out.add(next);
            }
            if (flowFull) {
                heldFlows.add(next.flow());
            }
            if (tenantFull) {
                heldTenants.add(next.tenant());
            }
        }
        return out;
    }

    private void count(Waiting entry, int delta) {
        byFlow.merge(entry.flow(), delta, (a, b) -> a + b == 0 ? null : a + b);
        byTenant.merge(entry.tenant(), delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
