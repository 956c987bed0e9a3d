package dev.junction.store.jdbc.internal;

import dev.junction.store.FlowSlots;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One admission pass under flow concurrency limits, in one transaction: each limit's row in
 * {@code flow_limit_locks} is locked first ({@code select ... for update}, inserted the first time; in
 * key order, so two passes never wait for each other in a cycle), then the limits' loads are read
 * from {@code flow_executions}, and the pass's claims and holds are committed with the locks' release.
 * A pass of another process under one of those limits waits for the commit, and then reads a load
 * that includes this pass's claims. A pass that only finds its executions still waiting writes nothing.
 */
final class JdbcFlowSlots implements FlowSlots {
    /** What an execution this pass may claim or hold is: see {@link FlowSlots#claim}. Parameters: owner, now, now, now. */
    private static final String TAKEABLE = "not cancel_requested and ((status = 'queued' and (lease_owner = ? or lease_expires_at is null"
            + " or lease_expires_at < ?)) or (status = 'running' and (lease_expires_at is null or lease_expires_at < ?))"
            + " or (status = 'waiting' and wake_at <= ?))";

    private final Connection connection;
    private final String owner;
    private final Instant now;
    private final Instant leaseUntil;
    private final Map<Limit, Load> loads;

    private JdbcFlowSlots(Connection connection, String owner, Instant now, Instant leaseUntil, Map<Limit, Load> loads) {
        this.connection = connection;
        this.owner = owner;
        this.now = now;
        this.leaseUntil = leaseUntil;
        this.loads = loads;
    }

    /** See {@link dev.junction.store.FlowExecutionRepository#admit}. */
    static <T> T admit(Jdbc jdbc, Collection<Limit> limits, String owner, Instant now, Instant leaseUntil, Function<FlowSlots, T> pass) {
        List<Limit> ordered = List.copyOf(new TreeSet<>(limits));
        String operation = "admit flow executions under the concurrency limits " + ordered;
        try {
            return jdbc.inTransaction(operation, c -> pass(c, ordered, owner, now, leaseUntil, pass));
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException s && Dialect.duplicateKey(s))) {
                throw e;
            }
            // another process made a limit's row at the same time: it is there now, to lock
            return jdbc.inTransaction(operation, c -> pass(c, ordered, owner, now, leaseUntil, pass));
        }
    }

    private static <T> T pass(Connection c, List<Limit> ordered, String owner, Instant now, Instant leaseUntil, Function<FlowSlots, T> pass)
            throws SQLException {
        for (Limit limit : ordered) {
            if (Jdbc.first(c, "select limit_key from flow_limit_locks where limit_key = ? for update", r -> r.getString(1), limit.key()).isEmpty()) {
                Jdbc.update(c, "insert into flow_limit_locks (limit_key) values (?)", limit.key()); // locked until the commit too
            }
        }
        Map<Limit, Load> loads = new HashMap<>();
        for (Limit limit : ordered) {
            loads.put(limit, load(c, limit, owner, now));
        }
        return pass.apply(new JdbcFlowSlots(c, owner, now, leaseUntil, loads));
    }

    private static Load load(Connection c, Limit limit, String owner, Instant now) throws SQLException {
        boolean flow = limit.kind() == Limit.Kind.FLOW;
        String scope = flow ? "flow = ?" : limit.name() == null ? "tenant is null" : "tenant = ?";
        Object[] name = flow || limit.name() != null ? new Object[] {limit.name()} : new Object[0];
        int running = Jdbc.first(c, "select count(*) from flow_executions where status = 'running' and " + scope + " and lease_expires_at >= ?",
                r -> r.getInt(1), params(name, now)).orElse(0);
        Instant first = Jdbc.first(c, "select min(created_at) as first_waiting from flow_executions where status = 'queued' and " + scope + " and "
                + (flow ? "waits_for_flow" : "waits_for_tenant") + " and lease_owner <> ? and lease_expires_at >= ?",
                r -> Jdbc.instant(r, "first_waiting"), params(name, owner, now)).orElse(null);
        return new Load(running, first);
    }

    private static Object[] params(Object[] first, Object... then) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + then.length);
        System.arraycopy(then, 0, all, first.length, then.length);
        return all;
    }

    @Override
    public Load load(Limit limit) {
        Load load = loads.get(limit);
        if (load == null) {
            throw new IllegalArgumentException("the admission pass was not opened with limit " + limit + " (it has " + loads.keySet() + ")");
        }
        return load;
    }

    @Override
    public boolean claim(String id) {
        return update("claim flow execution " + id, "update flow_executions set status = 'running', lease_owner = ?, lease_expires_at = ?,"
                + " wake_at = null, waits_for_flow = false, waits_for_tenant = false, updated_at = ? where id = ? and " + TAKEABLE,
                owner, leaseUntil, now, id, owner, now, now, now);
    }

    @Override
    public boolean hold(String id, boolean waitsForFlow, boolean waitsForTenant) {
        // a resumed execution goes back to queued (changed now); a queued one keeps when it was last changed, which the flow workers'
        // grace for queued executions is counted from
        return update("hold flow execution " + id + " waiting for a slot", "update flow_executions set updated_at = case when status = 'queued'"
                + " then updated_at else ? end, status = 'queued', lease_owner = ?, lease_expires_at = ?, wake_at = null, waits_for_flow = ?,"
                + " waits_for_tenant = ? where id = ? and " + TAKEABLE,
                now, owner, leaseUntil, waitsForFlow, waitsForTenant, id, owner, now, now, now);
    }

    private boolean update(String operation, String sql, Object... params) {
        try {
            return Jdbc.update(connection, sql, params) == 1;
        } catch (SQLException e) {
            throw Jdbc.failure(operation, e);
        }
    }
}
