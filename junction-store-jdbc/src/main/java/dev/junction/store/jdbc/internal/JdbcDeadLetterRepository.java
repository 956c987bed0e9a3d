package dev.junction.store.jdbc.internal;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterQuery;
import dev.junction.store.DeadLetterReason;
import dev.junction.store.DeadLetterRepository;
import dev.junction.store.PageCursor;
import dev.junction.store.ResultPage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Dead letters in table {@code dead_letters}; the id is an identity column. */
public final class JdbcDeadLetterRepository implements DeadLetterRepository {
    private static final String COLUMNS =
            "id, created_at, run_id, sync, record_key, reason, payload, source_record, state, resolved_run, resolved_at, kind, tenant, error_category,"
            + " error_code";
    private static final String INSERT = "insert into dead_letters (created_at, run_id, sync, record_key, reason, payload, source_record, state, kind,"
            + " tenant, error_category, error_code) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int CHUNK = 500;
    private static final String NEWEST_FIRST = " order by created_at desc, id desc limit ?";

    /** The equality columns of the indexes that end in (created_at, id) (V15), longest first. */
    private static final List<List<String>> INDEXES = List.of(List.of("sync", "tenant"), List.of("run_id"), List.of("sync"), List.of("tenant"),
            List.of("state"));

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcDeadLetterRepository(Jdbc jdbc, Dialect dialect) {
        this.dialect = dialect;
        this.jdbc = jdbc;
    }

    @Override
    public void add(DeadLetter d) {
        jdbc.withHandle("add a dead letter for record '" + d.recordKey() + "' of run '" + d.runId() + "'",
                c -> Jdbc.update(c, INSERT, d.at(), d.runId(), d.sync(), d.recordKey(), d.reason(), d.payload(), d.source(),
                        state(d.state()), d.kind().name().toLowerCase(Locale.ROOT), d.tenant(),
                        d.errorClass() == null ? null : d.errorClass().category(), d.errorClass() == null ? null : d.errorClass().code()));
    }

    @Override
    public List<DeadLetter> list(String sync, String tenant, int limit) {
        Jdbc.positiveLimit("list dead letters", limit);
        Jdbc.Where where = Jdbc.Where.of("sync", sync).and("tenant", tenant);
        return jdbc.withHandleNoFlush("list dead letters" + (sync == null ? "" : " of sync '" + sync + "'") + (tenant == null ? "" : " of tenant '" + tenant + "'"),
                c -> Jdbc.list(c, "select " + COLUMNS + " from dead_letters" + where.sql() + NEWEST_FIRST, JdbcDeadLetterRepository::map,
                        where.params(limit)));
    }

    /** Oldest first, in the order the run added them. */
    @Override
    public List<DeadLetter> listForRun(String runId) {
        return jdbc.withHandleNoFlush("list dead letters of run '" + runId + "'",
                c -> Jdbc.list(c, "select " + COLUMNS + " from dead_letters where run_id = ? order by created_at, id",
                        JdbcDeadLetterRepository::map, runId));
    }

    @Override
    public Optional<DeadLetter> find(long id) {
        return jdbc.withHandleNoFlush("find dead letter " + id,
                c -> Jdbc.first(c, "select " + COLUMNS + " from dead_letters where id = ?", JdbcDeadLetterRepository::map, id));
    }

    @Override
    public List<DeadLetter> open(String sync, String tenant, String runId, long afterId, int limit) {
        Jdbc.positiveLimit("list open dead letters", limit);
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from dead_letters where state = ? and id > ?");
        List<Object> params = openFilter(sql, sync, tenant, runId, afterId);
        sql.append(" order by id limit ?");
        params.add(limit);
        return jdbc.withHandleNoFlush("list open dead letters" + (sync == null ? "" : " of sync '" + sync + "'") + (runId == null ? "" : " of run '" + runId + "'"),
                c -> Jdbc.list(c, sql.toString(), JdbcDeadLetterRepository::map, params.toArray()));
    }

    @Override
    public long countOpen(String sync, String tenant, String runId) {
        StringBuilder sql = new StringBuilder("select count(*) from dead_letters where state = ? and id > ?");
        List<Object> params = openFilter(sql, sync, tenant, runId, 0L);
        return jdbc.withHandleNoFlush("count open dead letters" + (sync == null ? "" : " of sync '" + sync + "'"),
                c -> Jdbc.first(c, sql.toString(), row -> row.getLong(1), params.toArray()).orElse(0L));
    }

    /** The rest of an open-dead-letter query's filter, appended to {@code sql}; returns its parameters. */
    private static List<Object> openFilter(StringBuilder sql, String sync, String tenant, String runId, long afterId) {
        List<Object> params = new ArrayList<>(List.of(state(DeadLetter.State.OPEN), afterId));
        if (sync != null) {
            sql.append(" and sync = ?");
            params.add(sync);
        }
        if (tenant != null) {
            sql.append(" and tenant = ?");
            params.add(tenant);
        }
        if (runId != null) {
            sql.append(" and run_id = ?");
            params.add(runId);
        }
        return params;
    }

    @Override
    public long resolve(Collection<Long> ids, DeadLetter.State state, String resolvedRun, Instant at) {
        if (state == DeadLetter.State.OPEN) {
            throw new IllegalArgumentException("resolve dead letters: the new state must be REPLAYED or DISCARDED, was OPEN");
        }
        if (ids.isEmpty()) {
            return 0;
        }
        List<Long> all = List.copyOf(ids);
        return jdbc.inTransaction("mark " + all.size() + " dead letter(s) " + state(state), c -> {
            long changed = 0;
            for (List<Long> chunk : Jdbc.chunks(all, CHUNK)) {
                List<Object> params = new ArrayList<>(List.of(state(state)));
                params.add(resolvedRun);
                params.add(at);
                params.add(state(DeadLetter.State.OPEN));
                params.addAll(chunk);
                changed += Jdbc.update(c, "update dead_letters set state = ?, resolved_run = ?, resolved_at = ? where state = ? and id in ("
                        + Jdbc.placeholders(chunk.size()) + ")", params.toArray());
            }
            return changed;
        });
    }

    @Override
    public List<DeadLetterReason> reasons(String runId, int scan, int groups) {
        Jdbc.positiveLimit("group dead letters by reason", scan);
        Jdbc.positiveLimit("group dead letters by reason", groups);
        NewestFirst.Statement grouped = reasonsStatement(runId, scan, groups);
        return jdbc.withHandleNoFlush("group the dead letters of run '" + runId + "' by reason",
                c -> Jdbc.list(c, grouped.sql(), row -> new DeadLetterReason(row.getString("kind"), row.getString("error_category"),
                        row.getString("error_code"), row.getString("grouped_reason"), row.getLong("n"), row.getString("sample_key"),
                        row.getString("sample_reason")), grouped.params().toArray()));
    }

    /**
     * The statement of {@link #reasons}; public for the test that checks its plan. The newest are ordered by
     * the whole index (run_id, created_at, id), as {@link NewestFirst} orders, so they are a range scan of
     * it and not a sort of every dead letter of the run.
     */
    public static NewestFirst.Statement reasonsStatement(String runId, int scan, int groups) {
        String unclassified = "case when error_code is null then reason end";
        return new NewestFirst.Statement("select kind, error_category, error_code, " + unclassified + " as grouped_reason, count(*) as n,"
                + " min(record_key) as sample_key, min(reason) as sample_reason from (select kind, error_category, error_code, reason, record_key"
                + " from dead_letters where run_id = ? order by run_id desc, created_at desc, id desc limit ?) newest"
                + " group by kind, error_category, error_code, " + unclassified + " order by n desc, kind, error_category, error_code limit ?",
                List.of(runId, scan, groups));
    }

    @Override
    public ResultPage<DeadLetter> find(DeadLetterQuery q) {
        NewestFirst.Statement page = pageStatement(q, dialect);
        List<DeadLetter> rows = jdbc.withHandleNoFlush("find dead letters",
                c -> Jdbc.list(c, page.sql(), JdbcDeadLetterRepository::map, page.params().toArray()));
        return NewestFirst.page(rows, q.limit(), DeadLetterQuery.CURSOR_KIND, DeadLetter::at, d -> Long.toString(d.id()));
    }

    /** The statement of one page of {@link #find(DeadLetterQuery)}; public for the tests that check its plan. */
    public static NewestFirst.Statement pageStatement(DeadLetterQuery q, Dialect dialect) {
        return NewestFirst.by("created_at", "id", true, INDEXES)
                .equal("sync", q.sync())
                .equal("tenant", q.tenant())
                .equal("run_id", q.runId())
                .equal("state", q.state() == null ? null : state(q.state()))
                .below(q.cursor() == null ? null : PageCursor.decodeNumeric(DeadLetterQuery.CURSOR_KIND, q.cursor()))
                .newestFirst(COLUMNS, "dead_letters", q.limit(), dialect);
    }

    private static String state(DeadLetter.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static DeadLetter map(ResultSet row) throws SQLException {
        return new DeadLetter(
                row.getLong("id"),
                Jdbc.instant(row, "created_at"),
                row.getString("run_id"),
                row.getString("sync"),
                row.getString("record_key"),
                row.getString("reason"),
                row.getString("payload"),
                row.getString("source_record"),
                DeadLetter.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                row.getString("resolved_run"),
                Jdbc.instant(row, "resolved_at"),
                DeadLetter.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
                row.getString("tenant"),
                dev.junction.store.ErrorClass.ofNullable(row.getString("error_category"), row.getString("error_code")));
    }
}
