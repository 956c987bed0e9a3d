package dev.junction.store.jdbc.internal;

import dev.junction.store.Lease;
import dev.junction.store.LeaseHolder;
import dev.junction.store.LeaseRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Run leases in table {@code run_leases}, one row per sync, naming the holder's process. Taking a
 * lease is a conditional update (the row exists and has expired, or is already ours: same owner
 * and node), then an insert; of two processes inserting at once the primary key lets one win, and
 * the other reads the winner. Taking over a dead holder's lease is an update conditional on the row
 * still naming that holder. Each statement runs on its own in auto-commit mode, so a failed insert
 * leaves no transaction to roll back on PostgreSQL.
 */
public final class JdbcLeaseRepository implements LeaseRepository {
    /** SQLState of a unique or primary-key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "sync, owner, acquired_at, expires_at, node, host, pid, process_started_at, pid_scope";
    static final String SELECT = "select " + COLUMNS + " from run_leases where sync = ?";
    private static final String SET_HOLDER = "owner = ?, acquired_at = ?, expires_at = ?, node = ?, host = ?, pid = ?, process_started_at = ?, pid_scope = ?";

    private final Jdbc jdbc;

    public JdbcLeaseRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Lease> acquire(String sync, String owner, LeaseHolder holder, Instant now, Instant expiresAt) {
        Object[] taken = holderValues(owner, now, expiresAt, holder);
        String node = holder == null ? "" : holder.node();
        return jdbc.withHandle("take the run lease of sync '" + sync + "' for '" + owner + "'", c -> {
            while (true) {
                int updated = Jdbc.update(c,
                        "update run_leases set " + SET_HOLDER + " where sync = ? and (expires_at <= ? or (owner = ? and coalesce(node, '') = ?))",
                        concat(taken, sync, now, owner, node));
                if (updated == 1) {
                    return Optional.empty();
                }
                try {
                    Jdbc.update(c, "insert into run_leases (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)", concat(new Object[] {sync}, taken));
                    return Optional.empty();
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                }
                Optional<Lease> current = Jdbc.first(c, SELECT, JdbcLeaseRepository::map, sync);
                if (current.isPresent()) {
                    return current;
                }
                // the holder released it between our statements: try again
            }
        });
    }

    @Override
    public boolean takeOver(Lease dead, String owner, LeaseHolder holder, Instant now, Instant expiresAt) {
        if (dead.holder() == null) {
            throw new IllegalArgumentException("the lease of sync '" + dead.sync() + "' held by '" + dead.owner()
                    + "' names no holder process; only its expiry frees it");
        }
        return jdbc.withHandle("take over the run lease of sync '" + dead.sync() + "' from '" + dead.owner() + "' for '" + owner + "'",
                c -> Jdbc.update(c, "update run_leases set " + SET_HOLDER + " where sync = ? and owner = ? and node = ?",
                        concat(holderValues(owner, now, expiresAt, holder), dead.sync(), dead.owner(), dead.holder().node())) == 1);
    }

    @Override
    public int renewAll(String node, Instant expiresAt) {
        return jdbc.withHandle("renew the run leases of node '" + node + "'",
                c -> Jdbc.update(c, "update run_leases set expires_at = ? where node = ?", expiresAt, node));
    }

    @Override
    public List<Lease> heldBy(String node) {
        return jdbc.withHandleNoFlush("list the run leases of node '" + node + "'",
                c -> Jdbc.list(c, "select " + COLUMNS + " from run_leases where node = ? order by sync", JdbcLeaseRepository::map, node));
    }

    @Override
    public boolean renew(String sync, String owner, Instant expiresAt) {
        return jdbc.withHandle("renew the run lease of sync '" + sync + "' for '" + owner + "'",
                c -> Jdbc.update(c, "update run_leases set expires_at = ? where sync = ? and owner = ?", expiresAt, sync, owner) == 1);
    }

    @Override
    public void release(String sync, String owner) {
        jdbc.withHandle("release the run lease of sync '" + sync + "' held by '" + owner + "'",
                c -> Jdbc.update(c, "delete from run_leases where sync = ? and owner = ?", sync, owner));
    }

    @Override
    public boolean release(Lease lease) {
        String node = lease.holder() == null ? "" : lease.holder().node();
        return jdbc.withHandle("release the run lease of sync '" + lease.sync() + "' held by '" + lease.owner() + "'",
                c -> Jdbc.update(c, "delete from run_leases where sync = ? and owner = ? and coalesce(node, '') = ?",
                        lease.sync(), lease.owner(), node) == 1);
    }

    @Override
    public Optional<Lease> find(String sync) {
        return jdbc.withHandleNoFlush("find the run lease of sync '" + sync + "'", c -> Jdbc.first(c, SELECT, JdbcLeaseRepository::map, sync));
    }

    /** The values of {@link #SET_HOLDER}, in its order. */
    private static Object[] holderValues(String owner, Instant now, Instant expiresAt, LeaseHolder holder) {
        if (holder == null) {
            return new Object[] {owner, now, expiresAt, null, null, null, null, null};
        }
        return new Object[] {owner, now, expiresAt, holder.node(), holder.host(), holder.pid(), holder.processStart(), holder.pidScope()};
    }

    private static Object[] concat(Object[] first, Object... more) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    static Lease map(ResultSet row) throws SQLException {
        String node = row.getString("node");
        LeaseHolder holder = node == null ? null
                : new LeaseHolder(node, row.getString("host"), row.getLong("pid"), Jdbc.instant(row, "process_started_at"), row.getString("pid_scope"));
        return new Lease(row.getString("sync"), row.getString("owner"), Jdbc.instant(row, "acquired_at"), Jdbc.instant(row, "expires_at"), holder);
    }
}
