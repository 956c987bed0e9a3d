package dev.junction.store.jdbc.internal;

import dev.junction.store.SyncAudit;
import dev.junction.store.SyncAuditRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reconciliation audits in table {@code sync_audits}, one row per audit. */
public final class JdbcSyncAuditRepository implements SyncAuditRepository {
    private static final String COLUMNS = "id, sync, tenant, trigger_name, status, started_at, finished_at, source_records, destination_records,"
            + " missing, extra, mismatched, report, error";

    private final Jdbc jdbc;

    public JdbcSyncAuditRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(SyncAudit a) {
        jdbc.withHandle("store audit " + a.id() + " of sync '" + a.sync() + "'", h -> Jdbc.update(h,
                "insert into sync_audits (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.id(), a.sync(), a.tenant(),
                a.trigger(), a.status(), a.startedAt(), a.finishedAt(), a.sourceRecords(), a.destinationRecords(), a.missing(), a.extra(),
                a.mismatched(), a.report(), a.error()));
    }

    @Override
    public void finish(SyncAudit a) {
        jdbc.withHandle("store the end of audit " + a.id() + " of sync '" + a.sync() + "'", h -> Jdbc.update(h,
                "update sync_audits set status = ?, finished_at = ?, source_records = ?, destination_records = ?, missing = ?, extra = ?,"
                        + " mismatched = ?, report = ?, error = ? where id = ?",
                a.status(), a.finishedAt(), a.sourceRecords(), a.destinationRecords(), a.missing(), a.extra(), a.mismatched(), a.report(), a.error(),
                a.id()));
    }

    @Override
    public Optional<SyncAudit> find(String id) {
        return jdbc.withHandleNoFlush("find audit " + id, h -> Jdbc.first(h,
                "select " + COLUMNS + " from sync_audits where id = ?", JdbcSyncAuditRepository::audit, id));
    }

    @Override
    public List<SyncAudit> list(String sync, String tenant, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from sync_audits where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (sync != null) {
            sql.append(" and sync = ?");
            params.add(sync);
        }
        if (tenant != null) {
            sql.append(" and tenant = ?");
            params.add(tenant);
        }
        sql.append(" order by started_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.withHandleNoFlush("list audits", h -> Jdbc.list(h, sql.toString(), JdbcSyncAuditRepository::audit, params.toArray()));
    }

    private static SyncAudit audit(ResultSet row) throws SQLException {
        return new SyncAudit(row.getString("id"), row.getString("sync"), row.getString("tenant"), row.getString("trigger_name"), row.getString("status"),
                Jdbc.instant(row, "started_at"), Jdbc.instant(row, "finished_at"), row.getLong("source_records"), row.getLong("destination_records"),
                row.getLong("missing"), row.getLong("extra"), row.getLong("mismatched"), row.getString("report"), row.getString("error"));
    }
}
