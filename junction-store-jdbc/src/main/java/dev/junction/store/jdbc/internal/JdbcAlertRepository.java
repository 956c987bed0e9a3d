package dev.junction.store.jdbc.internal;

import dev.junction.store.AlertNotification;
import dev.junction.store.AlertRecord;
import dev.junction.store.AlertRepository;
import dev.junction.store.AlertSilence;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Alerts in table {@code alerts}, their notifications in {@code alert_notifications}. One firing
 * alert per rule and subject is kept by the unique {@code open_key} (set while firing, null once
 * resolved): the process whose insert loses learns the alert fires already.
 */
public final class JdbcAlertRepository implements AlertRepository {
    private static final String ALERT_COLUMNS = "id, rule, subject, tenant, sync, connection, severity, status, summary, fired_at, last_seen_at,"
            + " resolved_at, notified_at";
    private static final String NOTIFICATION_COLUMNS = "id, alert_id, channel, action, tenant, payload, status, attempts, next_attempt_at,"
            + " last_error, created_at, updated_at";

    private static final String SILENCE_COLUMNS = "id, rule, sync, connection, tenant, starts_at, ends_at, reason, created_by, created_at";

    private final Jdbc jdbc;

    public JdbcAlertRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean fire(AlertRecord a, List<AlertNotification> notifications) {
        try {
            return jdbc.inTransaction("fire alert '" + a.rule() + "' for " + a.subject(), c -> {
                Jdbc.update(c, "insert into alerts (" + ALERT_COLUMNS + ", open_key, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        a.id(), a.rule(), a.subject(), a.tenant(), a.sync(), a.connection(), a.severity(), AlertRecord.Status.FIRING.name(), a.summary(),
                        a.firedAt(), a.lastSeenAt(), null, a.notifiedAt(), a.openKey(), a.firedAt());
                insert(c, notifications);
                return true;
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && Dialect.duplicateKey(sql)) {
                return false; // another process fired it first
            }
            throw e;
        }
    }

    @Override
    public Optional<AlertRecord> firing(String rule, String subject) {
        return jdbc.withHandleNoFlush("read the firing alert '" + rule + "' for " + subject, c -> Jdbc.first(c,
                "select " + ALERT_COLUMNS + " from alerts where open_key = ?", JdbcAlertRepository::alert, rule + "|" + subject));
    }

    @Override
    public List<AlertRecord> firing() {
        return jdbc.withHandleNoFlush("list firing alerts", c -> Jdbc.list(c,
                "select " + ALERT_COLUMNS + " from alerts where open_key is not null order by fired_at, id", JdbcAlertRepository::alert));
    }

    @Override
    public void seen(String id, Instant at) {
        jdbc.withHandleNoFlush("mark alert '" + id + "' seen", c -> Jdbc.update(c,
                "update alerts set last_seen_at = ?, updated_at = ? where id = ? and open_key is not null", at, at, id));
    }

    @Override
    public boolean resolve(String id, Instant at, List<AlertNotification> notifications) {
        return jdbc.inTransaction("resolve alert '" + id + "'", c -> {
            int changed = Jdbc.update(c, "update alerts set status = ?, open_key = null, resolved_at = ?, updated_at = ? where id = ? and open_key is not null",
                    AlertRecord.Status.RESOLVED.name(), at, at, id);
            if (changed == 0) {
                return false;
            }
            insert(c, notifications);
            return true;
        });
    }

    @Override
    public void renotify(String id, Instant at, List<AlertNotification> notifications) {
        jdbc.inTransaction("notify alert '" + id + "' again", c -> {
            Jdbc.update(c, "update alerts set notified_at = ?, updated_at = ? where id = ?", at, at, id);
            insert(c, notifications);
            return null;
        });
    }

    @Override
    public Optional<AlertRecord> find(String id) {
        return jdbc.withHandleNoFlush("read alert '" + id + "'", c -> Jdbc.first(c,
                "select " + ALERT_COLUMNS + " from alerts where id = ?", JdbcAlertRepository::alert, id));
    }

    @Override
    public List<AlertRecord> list(String tenant, AlertRecord.Status status, int limit) {
        Jdbc.positiveLimit("list", limit);
        Jdbc.Where where = Jdbc.Where.of("tenant", tenant).and("status", status == null ? null : status.name());
        return jdbc.withHandleNoFlush("list alerts", c -> Jdbc.list(c,
                "select " + ALERT_COLUMNS + " from alerts" + where.sql() + " order by fired_at desc, id desc limit ?", JdbcAlertRepository::alert,
                where.params(limit)));
    }

    @Override
    public void enqueue(List<AlertNotification> notifications) {
        if (!notifications.isEmpty()) {
            jdbc.inTransaction("store " + notifications.size() + " alert notifications", c -> {
                insert(c, notifications);
                return null;
            });
        }
    }

    @Override
    public List<AlertNotification> claimDue(Instant now, Instant leaseUntil, int limit) {
        Jdbc.positiveLimit("claimDue", limit);
        return jdbc.inTransaction("claim due alert notifications", c -> {
            // LIMIT before FOR UPDATE: the order both H2 and PostgreSQL accept; rows another process holds are skipped
            List<AlertNotification> due = Jdbc.list(c, "select " + NOTIFICATION_COLUMNS + " from alert_notifications where next_attempt_at <= ?"
                    + " order by next_attempt_at, id limit ? for update skip locked", JdbcAlertRepository::notification, now, limit);
            for (AlertNotification n : due) {
                Jdbc.update(c, "update alert_notifications set next_attempt_at = ? where id = ?", leaseUntil, n.id());
            }
            return due;
        });
    }

    @Override
    public void recordAttempt(String id, AlertNotification.Status status, Instant nextAttemptAt, String error, Instant at) {
        jdbc.withHandle("record an attempt of alert notification '" + id + "'", c -> Jdbc.update(c,
                "update alert_notifications set status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ? where id = ?",
                status.name(), nextAttemptAt, error, at, id));
    }

    @Override
    public Optional<AlertNotification> findNotification(String id) {
        return jdbc.withHandleNoFlush("read alert notification '" + id + "'", c -> Jdbc.first(c,
                "select " + NOTIFICATION_COLUMNS + " from alert_notifications where id = ?", JdbcAlertRepository::notification, id));
    }

    @Override
    public List<AlertNotification> notifications(String alertId, int limit) {
        Jdbc.positiveLimit("notifications", limit);
        Jdbc.Where where = Jdbc.Where.of("alert_id", alertId);
        return jdbc.withHandleNoFlush("list alert notifications", c -> Jdbc.list(c,
                "select " + NOTIFICATION_COLUMNS + " from alert_notifications" + where.sql() + " order by created_at desc, id desc limit ?",
                JdbcAlertRepository::notification, where.params(limit)));
    }

    @Override
    public int purge(Instant before, int limit) {
        Jdbc.positiveLimit("purge", limit);
        return jdbc.inTransaction("purge old alerts and notifications", c -> {
            List<String> ids = Jdbc.list(c, "select id from alert_notifications where next_attempt_at is null and updated_at < ? and status in (?, ?)"
                    + " order by updated_at limit ?", r -> r.getString(1), before, AlertNotification.Status.DELIVERED.name(),
                    AlertNotification.Status.DEAD.name(), limit);
            int deleted = deleteByIds(c, "alert_notifications", ids);
            List<String> alerts = Jdbc.list(c, "select id from alerts where open_key is null and updated_at < ?"
                    + " and not exists (select 1 from alert_notifications n where n.alert_id = alerts.id and n.next_attempt_at is not null)"
                    + " order by updated_at limit ?", r -> r.getString(1), before, Math.max(1, limit - deleted));
            deleted += deleted < limit ? deleteByIds(c, "alerts", alerts) : 0;
            return deleted + Jdbc.update(c, "delete from alert_silences where ends_at < ?", before);
        });
    }

    @Override
    public Optional<AlertRecord> latest(String rule, String subject) {
        return jdbc.withHandleNoFlush("read the newest alert '" + rule + "' for " + subject, c -> Jdbc.first(c,
                "select " + ALERT_COLUMNS + " from alerts where rule = ? and subject = ? order by fired_at desc, id desc limit 1",
                JdbcAlertRepository::alert, rule, subject));
    }

    @Override
    public void addSilence(AlertSilence s) {
        jdbc.withHandle("add alert silence '" + s.id() + "'", c -> Jdbc.update(c, "insert into alert_silences (" + SILENCE_COLUMNS
                        + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.rule(), s.sync(), s.connection(), s.tenant(), s.startsAt(), s.endsAt(),
                s.reason(), s.createdBy(), s.createdAt()));
    }

    @Override
    public List<AlertSilence> silences(Instant at) {
        return jdbc.withHandleNoFlush("list alert silences", c -> Jdbc.list(c, "select " + SILENCE_COLUMNS + " from alert_silences where ends_at > ?"
                + " order by ends_at, id", r -> new AlertSilence(r.getString("id"), r.getString("rule"), r.getString("sync"), r.getString("connection"),
                r.getString("tenant"), Jdbc.instant(r, "starts_at"), Jdbc.instant(r, "ends_at"), r.getString("reason"), r.getString("created_by"),
                Jdbc.instant(r, "created_at")), at));
    }

    @Override
    public boolean deleteSilence(String id) {
        return jdbc.withHandle("delete alert silence '" + id + "'", c -> Jdbc.update(c, "delete from alert_silences where id = ?", id)) > 0;
    }

    private static int deleteByIds(Connection c, String table, List<String> ids) throws SQLException {
        int deleted = 0;
        for (List<String> chunk : Jdbc.chunks(ids, 500)) {
            deleted += Jdbc.update(c, "delete from " + table + " where id in (" + Jdbc.placeholders(chunk.size()) + ")", chunk.toArray());
        }
        return deleted;
    }

    private static void insert(Connection c, List<AlertNotification> notifications) throws SQLException {
        if (notifications.isEmpty()) {
            return;
        }
        try (var insert = c.prepareStatement("insert into alert_notifications (" + NOTIFICATION_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AlertNotification n : notifications) {
                Jdbc.bind(insert, n.id(), n.alertId(), n.channel(), n.action(), n.tenant(), n.payload(), n.status().name(), n.attempts(),
                        n.nextAttemptAt(), n.lastError(), n.createdAt(), n.updatedAt());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static AlertRecord alert(ResultSet r) throws SQLException {
        return new AlertRecord(r.getString("id"), r.getString("rule"), r.getString("subject"), r.getString("tenant"), r.getString("sync"),
                r.getString("connection"), r.getString("severity"), AlertRecord.Status.valueOf(r.getString("status")), r.getString("summary"),
                Jdbc.instant(r, "fired_at"), Jdbc.instant(r, "last_seen_at"), Jdbc.instant(r, "resolved_at"), Jdbc.instant(r, "notified_at"));
    }

    private static AlertNotification notification(ResultSet r) throws SQLException {
        return new AlertNotification(r.getString("id"), r.getString("alert_id"), r.getString("channel"), r.getString("action"), r.getString("tenant"),
                r.getString("payload"), AlertNotification.Status.valueOf(r.getString("status")), r.getInt("attempts"),
                Jdbc.instant(r, "next_attempt_at"), r.getString("last_error"), Jdbc.instant(r, "created_at"), Jdbc.instant(r, "updated_at"));
    }
}
