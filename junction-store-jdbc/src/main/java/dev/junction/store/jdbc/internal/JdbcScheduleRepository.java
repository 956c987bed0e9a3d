package dev.junction.store.jdbc.internal;

import dev.junction.store.ScheduleRepository;
import dev.junction.store.ScheduleState;
import dev.junction.store.ScheduleTick;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Schedules in tables {@code schedule_states} (one row per schedule paused or fired) and
 * {@code schedule_ticks} (its newest fires). A schedule of no tenant is stored under tenant key
 * {@code ''}, so that the pair is a primary key.
 */
public final class JdbcScheduleRepository implements ScheduleRepository {
    private static final String STATE_COLUMNS = "sync, tenant_key, paused, paused_at, last_fire_at, last_due_at, last_outcome, last_run_id, last_reason";
    private static final String TICK_COLUMNS = "id, sync, tenant_key, due_at, fired_at, outcome, run_id, reason";

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String pauseSql;
    private final String fireSql;

    public JdbcScheduleRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.pauseSql = dialect.upsert("schedule_states", List.of("sync", "tenant_key"), List.of("paused", "paused_at"));
        this.fireSql = dialect.upsert("schedule_states", List.of("sync", "tenant_key"),
                List.of("last_fire_at", "last_due_at", "last_outcome", "last_run_id", "last_reason"));
    }

    @Override
    public Optional<ScheduleState> find(String sync, String tenant) {
        return jdbc.withHandleNoFlush("find the schedule of " + describe(sync, tenant), c -> Jdbc.first(c,
                "select " + STATE_COLUMNS + " from schedule_states where sync = ? and tenant_key = ?", JdbcScheduleRepository::state, sync, key(tenant)));
    }

    @Override
    public List<ScheduleState> list(String sync) {
        String order = " order by " + dialect.orderByText("sync") + ", " + dialect.orderByText("tenant_key");
        return jdbc.withHandleNoFlush("list schedules", c -> sync == null
                ? Jdbc.list(c, "select " + STATE_COLUMNS + " from schedule_states" + order, JdbcScheduleRepository::state)
                : Jdbc.list(c, "select " + STATE_COLUMNS + " from schedule_states where sync = ?" + order, JdbcScheduleRepository::state, sync));
    }

    @Override
    public void setPaused(String sync, String tenant, boolean paused, Instant at) {
        jdbc.withHandle((paused ? "pause" : "resume") + " the schedule of " + describe(sync, tenant),
                c -> Jdbc.update(c, pauseSql, sync, key(tenant), paused, paused ? at : null));
    }

    @Override
    public ScheduleTick recordFire(ScheduleTick tick, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep: expected at least 1, was " + keep);
        }
        String tenant = key(tick.tenant());
        return jdbc.inTransactionNoFlush("record a fire of the schedule of " + describe(tick.sync(), tick.tenant()), c -> {
            long id;
            try (PreparedStatement insert = dialect.prepareInsertReturningId(c,
                    "insert into schedule_ticks (sync, tenant_key, due_at, fired_at, outcome, run_id, reason) values (?, ?, ?, ?, ?, ?, ?)")) {
                Jdbc.bind(insert, tick.sync(), tenant, tick.dueAt(), tick.firedAt(), tick.outcome(), tick.runId(), tick.reason());
                insert.executeUpdate();
                try (ResultSet generated = insert.getGeneratedKeys()) {
                    if (!generated.next()) {
                        throw new SQLException("the database returned no id for the new schedule tick");
                    }
                    id = generated.getLong(1);
                }
            }
            Jdbc.update(c, fireSql, tick.sync(), tenant, tick.firedAt(), tick.dueAt(), tick.outcome(), tick.runId(), tick.reason());
            // the oldest beyond keep go: everything below the keep-th newest id
            Jdbc.update(c, "delete from schedule_ticks where sync = ? and tenant_key = ? and id < (select min(id) from (select id from schedule_ticks"
                    + " where sync = ? and tenant_key = ? order by id desc limit ?) newest)", tick.sync(), tenant, tick.sync(), tenant, keep);
            return new ScheduleTick(id, tick.sync(), tick.tenant(), tick.dueAt(), tick.firedAt(), tick.outcome(), tick.runId(), tick.reason());
        });
    }

    @Override
    public List<ScheduleTick> ticks(String sync, String tenant, int limit) {
        int max = Jdbc.positiveLimit("schedule ticks", limit);
        return jdbc.withHandleNoFlush("list the fires of the schedule of " + describe(sync, tenant), c -> tenant == null
                ? Jdbc.list(c, "select " + TICK_COLUMNS + " from schedule_ticks where sync = ? order by id desc limit ?", JdbcScheduleRepository::tick,
                        sync, max)
                : Jdbc.list(c, "select " + TICK_COLUMNS + " from schedule_ticks where sync = ? and tenant_key = ? order by id desc limit ?",
                        JdbcScheduleRepository::tick, sync, key(tenant), max));
    }

    private static String key(String tenant) {
        return tenant == null ? "" : tenant;
    }

    private static String tenant(String key) {
        return key == null || key.isEmpty() ? null : key;
    }

    private static String describe(String sync, String tenant) {
        return "sync '" + sync + "'" + (tenant == null ? "" : " for tenant '" + tenant + "'");
    }

    private static ScheduleState state(ResultSet row) throws SQLException {
        return new ScheduleState(row.getString("sync"), tenant(row.getString("tenant_key")), row.getBoolean("paused"), Jdbc.instant(row, "paused_at"),
                Jdbc.instant(row, "last_fire_at"), Jdbc.instant(row, "last_due_at"), row.getString("last_outcome"), row.getString("last_run_id"),
                row.getString("last_reason"));
    }

    private static ScheduleTick tick(ResultSet row) throws SQLException {
        return new ScheduleTick(row.getLong("id"), row.getString("sync"), tenant(row.getString("tenant_key")), Jdbc.instant(row, "due_at"),
                Jdbc.instant(row, "fired_at"), row.getString("outcome"), row.getString("run_id"), row.getString("reason"));
    }
}
