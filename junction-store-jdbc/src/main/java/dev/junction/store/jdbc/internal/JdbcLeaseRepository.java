package dev.junction.store.jdbc.internal;

import dev.junction.store.Lease;
import dev.junction.store.LeaseRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Run leases in table {@code run_leases}, one row per sync. Taking a lease is a conditional update
 * (the row exists and has expired, or is already ours), then an insert; of two processes inserting
 * at once the primary key lets one win, and the other reads the winner. Each statement runs on its
 * own in auto-commit mode, so a failed insert leaves no transaction to roll back on PostgreSQL.
 */
public final class JdbcLeaseRepository implements LeaseRepository {
    /** SQLState of a unique or primary-key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    static final String SELECT = "select sync, owner, acquired_at, expires_at from run_leases where sync = ?";

    private final Jdbc jdbc;

    public JdbcLeaseRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Lease> acquire(String sync, String owner, Instant now, Instant expiresAt) {
        return jdbc.withHandle("take the run lease of sync '" + sync + "' for '" + owner + "'", c -> {
            while (true) {
                int taken = Jdbc.update(c,
                        "update run_leases set owner = ?, acquired_at = ?, expires_at = ? where sync = ? and (expires_at <= ? or owner = ?)",
                        owner, now, expiresAt, sync, now, owner);
                if (taken == 1) {
                    return Optional.empty();
                }
                try {
                    Jdbc.update(c, "insert into run_leases (sync, owner, acquired_at, expires_at) values (?, ?, ?, ?)", sync, owner, now, expiresAt);
                    return Optional.empty();
                } catch (SQLException e) {
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                }
                Optional<Lease> holder = Jdbc.first(c, SELECT, JdbcLeaseRepository::map, sync);
                if (holder.isPresent()) {
                    return holder;
                }
                // the holder released it between our statements: try again
            }
        });
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
    public Optional<Lease> find(String sync) {
        return jdbc.withHandle("find the run lease of sync '" + sync + "'", c -> Jdbc.first(c, SELECT, JdbcLeaseRepository::map, sync));
    }

    static Lease map(ResultSet row) throws SQLException {
        return new Lease(row.getString("sync"), row.getString("owner"), Jdbc.instant(row, "acquired_at"), Jdbc.instant(row, "expires_at"));
    }
}
