package dev.junction.store.jdbc.internal;

import dev.junction.store.AuditCursor;
import dev.junction.store.AuditEntry;
import dev.junction.store.AuditLogRepository;
import dev.junction.store.AuditPage;
import dev.junction.store.AuditQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log in table {@code audit_log}. Pages go newest first by (created_at, id); the next
 * page continues strictly below the last entry's (created_at, id), so entries appended meanwhile
 * neither repeat nor shift a page.
 */
public final class JdbcAuditLogRepository implements AuditLogRepository {
    private static final String COLUMNS = "id, created_at, actor, tenant, action, object_type, object_id, outcome, detail";
    private static final String INSERT = "insert into audit_log (created_at, actor, tenant, action, object_type, object_id, outcome, detail)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)";

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcAuditLogRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public AuditEntry append(AuditEntry e) {
        long id = jdbc.withHandle("append audit entry " + e.action() + " by " + e.actor(), c -> {
            try (PreparedStatement insert = dialect.prepareInsertReturningId(c, INSERT)) {
                Jdbc.bind(insert, e.at(), e.actor(), e.tenant(), e.action(), e.objectType(), e.objectId(), e.outcome(), e.detail());
                insert.executeUpdate();
                try (ResultSet generated = insert.getGeneratedKeys()) {
                    if (!generated.next()) {
                        throw new SQLException("the database returned no id for the new audit entry");
                    }
                    return generated.getLong(1);
                }
            }
        });
        return e.withId(id);
    }

    @Override
    public AuditPage find(AuditQuery q) {
        AuditCursor cursor = q.cursor() == null ? null : AuditCursor.decode(q.cursor());
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from audit_log where 1 = 1");
        List<Object> params = new ArrayList<>();
        filter(sql, params, "actor = ?", q.actor());
        filter(sql, params, "action = ?", q.action());
        filter(sql, params, "object_type = ?", q.objectType());
        filter(sql, params, "object_id = ?", q.objectId());
        filter(sql, params, "tenant = ?", q.tenant());
        filter(sql, params, "created_at >= ?", q.from());
        filter(sql, params, "created_at < ?", q.to());
        if (cursor != null) {
            sql.append(" and (created_at < ? or (created_at = ? and id < ?))");
            params.add(cursor.at());
            params.add(cursor.at());
            params.add(cursor.id());
        }
        // One more than asked tells whether a next page exists.
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(q.limit() + 1);
        List<AuditEntry> rows = jdbc.withHandleNoFlush("find audit entries", c -> Jdbc.list(c, sql.toString(), JdbcAuditLogRepository::map, params.toArray()));
        if (rows.size() <= q.limit()) {
            return new AuditPage(rows, null);
        }
        List<AuditEntry> page = rows.subList(0, q.limit());
        AuditEntry last = page.getLast();
        return new AuditPage(page, new AuditCursor(last.at(), last.id()).encode());
    }

    private static void filter(StringBuilder sql, List<Object> params, String condition, Object value) {
        if (value != null) {
            sql.append(" and ").append(condition);
            params.add(value);
        }
    }

    @Override
    public long deleteOlderThan(Instant instant) {
        return jdbc.withHandle("delete audit entries older than " + instant,
                c -> (long) Jdbc.update(c, "delete from audit_log where created_at < ?", instant));
    }

    private static AuditEntry map(ResultSet row) throws SQLException {
        return new AuditEntry(
                row.getLong("id"),
                Jdbc.instant(row, "created_at"),
                row.getString("actor"),
                row.getString("tenant"),
                row.getString("action"),
                row.getString("object_type"),
                row.getString("object_id"),
                row.getString("outcome"),
                row.getString("detail"));
    }
}
