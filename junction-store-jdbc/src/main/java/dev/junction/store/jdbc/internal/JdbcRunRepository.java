package dev.junction.store.jdbc.internal;

import dev.junction.store.ErrorClass;
import dev.junction.store.PageCursor;
import dev.junction.store.ResultPage;
import dev.junction.store.RunCounters;
import dev.junction.store.RunQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.RunRepository;
import dev.junction.store.RunStatus;
import dev.junction.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Run history in table {@code runs}; each counter is its own bigint column. Updating or finishing a
 * run that was never started is an error, not a silent no-op. The run queue's moves (claim,
 * requeue, cancel while queued) are conditional updates on the status, so of two processes making
 * the same move at once exactly one does.
 */
public final class JdbcRunRepository implements RunRepository {
    private static final String COLUMNS = "id, sync, trigger, status, started_at, finished_at, read_count, inserted_count,"
            + " updated_count, unchanged_count, failed_count, deleted_count, retry_count, throttled_count, skipped_count, error, tenant,"
            + " requested_at, attempt, force_deletes, error_category, error_code";
    private static final String SET_COUNTERS = "read_count = ?, inserted_count = ?, updated_count = ?, unchanged_count = ?,"
            + " failed_count = ?, deleted_count = ?, retry_count = ?, throttled_count = ?, skipped_count = ?";
    /** Newest first; the id breaks ties between runs started in the same microsecond. */
    private static final String NEWEST_FIRST = " order by started_at desc, id desc limit ?";
    private static final String OLDEST_FIRST = " order by started_at, id limit ?";

    /** The equality columns of the indexes that end in (started_at, id) (V15), longest first. */
    private static final List<List<String>> INDEXES = List.of(List.of("sync", "tenant"), List.of("sync"), List.of("tenant"), List.of("status"),
            List.of("trigger"));

    private final Jdbc jdbc;
    private final Dialect dialect;
    private volatile java.util.function.Consumer<RunRecord> ended = run -> {};

    public JdbcRunRepository(Jdbc jdbc, Dialect dialect) {
        this.dialect = dialect;
        this.jdbc = jdbc;
    }

    /**
     * Told of every run once its end is recorded (finished, abandoned, cancelled while queued), on the
     * thread that recorded it, after the commit; a listener that throws is logged and ignored: the end
     * stays recorded. One listener; setting another replaces it.
     */
    public void onEnded(java.util.function.Consumer<RunRecord> listener) {
        this.ended = java.util.Objects.requireNonNull(listener, "listener");
    }

    private boolean ended(String id, boolean recorded) {
        if (recorded) {
            try {
                find(id).filter(run -> run.status().finished()).ifPresent(ended);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(JdbcRunRepository.class).warn("Run {} ended, but what follows its end failed: {}", id, e.toString());
            }
        }
        return recorded;
    }

    @Override
    public void start(String id, String sync, String tenant, String trigger, Instant startedAt) {
        jdbc.withHandle(
                "start run '" + id + "' of sync '" + sync + "'" + (tenant == null ? "" : " for tenant '" + tenant + "'"),
                c -> Jdbc.update(c, "insert into runs (id, sync, tenant, trigger, status, started_at) values (?, ?, ?, ?, ?, ?)",
                        id, sync, tenant, trigger, RunStatus.RUNNING.name(), startedAt));
    }

    @Override
    public void updateCounters(String id, RunCounters counters) {
        String operation = "update the counters of run '" + id + "'";
        int updated = jdbc.withHandleNoFlush(operation,
                c -> Jdbc.update(c, "update runs set " + SET_COUNTERS + " where id = ?", withId(counters, id)));
        requireRun(updated, operation, id);
    }

    @Override
    public void finish(String id, RunStatus status, RunCounters counters, String error, Instant finishedAt) {
        String operation = "finish run '" + id + "' as " + status;
        Object[] params = concat(new Object[] {status.name(), error, finishedAt}, withId(counters, id));
        int updated = jdbc.withHandle(operation,
                c -> Jdbc.update(c, "update runs set status = ?, error = ?, finished_at = ?, " + SET_COUNTERS + " where id = ?", params));
        requireRun(updated, operation, id);
        ended(id, true);
    }

    @Override
    public boolean finishAttempt(String id, int attempt, RunStatus status, RunCounters counters, String error, Instant finishedAt) {
        return finishAttempt(id, attempt, status, counters, error, null, finishedAt);
    }

    @Override
    public boolean finishAttempt(String id, int attempt, RunStatus status, RunCounters counters, String error, ErrorClass errorClass,
            Instant finishedAt) {
        Object[] params = concat(concat(new Object[] {status.name(), error, errorClass == null ? null : errorClass.category(),
                errorClass == null ? null : errorClass.code(), finishedAt}, withId(counters, id)), new Object[] {RunStatus.RUNNING.name(), attempt});
        return ended(id, jdbc.withHandle("finish attempt " + attempt + " of run '" + id + "' as " + status,
                c -> Jdbc.update(c, "update runs set status = ?, error = ?, error_category = ?, error_code = ?, finished_at = ?, " + SET_COUNTERS
                        + " where id = ? and status = ? and attempt = ?", params) == 1));
    }

    @Override
    public boolean requeueAttempt(String id, int attempt, RunCounters counters, String note) {
        Object[] params = concat(concat(new Object[] {RunStatus.QUEUED.name(), note}, java.util.Arrays.copyOf(withId(counters, id), 9)),
                new Object[] {id, RunStatus.RUNNING.name(), attempt});
        return jdbc.withHandle("queue attempt " + attempt + " of run '" + id + "' again",
                c -> Jdbc.update(c, "update runs set status = ?, error = ?, finished_at = null, cancel_requested_at = null, " + SET_COUNTERS
                        + " where id = ? and status = ? and attempt = ?", params) == 1);
    }

    @Override
    public boolean abandon(String id, String reason, Instant at) {
        return ended(id, jdbc.withHandle("mark run '" + id + "' abandoned",
                c -> Jdbc.update(c, "update runs set status = ?, error = ?, finished_at = ? where id = ? and status = ?",
                        RunStatus.ABANDONED.name(), reason, at, id, RunStatus.RUNNING.name()) == 1));
    }

    @Override
    public Optional<RunRecord> find(String id) {
        return jdbc.withHandleNoFlush("find run '" + id + "'",
                c -> Jdbc.first(c, "select " + COLUMNS + " from runs where id = ?", JdbcRunRepository::map, id));
    }

    @Override
    public List<RunRecord> list(String sync, String tenant, int limit) {
        Jdbc.positiveLimit("list runs", limit);
        Jdbc.Where where = Jdbc.Where.of("sync", sync).and("tenant", tenant);
        return jdbc.withHandleNoFlush("list runs" + (sync == null ? "" : " of sync '" + sync + "'") + (tenant == null ? "" : " of tenant '" + tenant + "'"),
                c -> Jdbc.list(c, "select " + COLUMNS + " from runs" + where.sql() + NEWEST_FIRST, JdbcRunRepository::map, where.params(limit)));
    }

    @Override
    public boolean requestCancel(String id, Instant at) {
        return jdbc.withHandle("request the cancellation of run '" + id + "'",
                c -> Jdbc.update(c, "update runs set cancel_requested_at = coalesce(cancel_requested_at, ?) where id = ? and status = ?",
                        at, id, RunStatus.RUNNING.name()) == 1);
    }

    @Override
    public boolean cancelRequested(String id) {
        return jdbc.withHandleNoFlush("check whether run '" + id + "' was asked to stop",
                c -> Jdbc.first(c, "select cancel_requested_at from runs where id = ?", row -> row.getObject(1) != null, id).orElse(false));
    }

    @Override
    public void enqueue(String id, String sync, String tenant, String trigger, boolean forceDeletes, Instant requestedAt) {
        jdbc.withHandle(
                "queue run '" + id + "' of sync '" + sync + "'" + (tenant == null ? "" : " for tenant '" + tenant + "'"),
                c -> Jdbc.update(c, "insert into runs (id, sync, tenant, trigger, status, started_at, requested_at, attempt, force_deletes)"
                        + " values (?, ?, ?, ?, ?, ?, ?, 1, ?)", id, sync, tenant, trigger, RunStatus.QUEUED.name(), requestedAt, requestedAt, forceDeletes));
    }

    @Override
    public boolean claim(String id, Instant startedAt) {
        return jdbc.withHandle("claim queued run '" + id + "'",
                c -> Jdbc.update(c, "update runs set status = ?, started_at = ?, error = null, error_category = null, error_code = null"
                        + " where id = ? and status = ?",
                        RunStatus.RUNNING.name(), startedAt, id, RunStatus.QUEUED.name()) == 1);
    }

    @Override
    public boolean requeue(String id, RunCounters counters, String note, boolean died) {
        String operation = "queue run '" + id + "' again";
        String setCounters = counters == null ? "" : ", " + SET_COUNTERS;
        Object[] head = {RunStatus.QUEUED.name(), note, died ? 1 : 0};
        Object[] tail = {id, RunStatus.RUNNING.name()};
        Object[] params = counters == null ? concat(head, tail)
                : concat(head, concat(java.util.Arrays.copyOf(withId(counters, id), 9), tail));
        return jdbc.withHandle(operation, c -> Jdbc.update(c, "update runs set status = ?, error = ?, attempt = attempt + ?, finished_at = null,"
                + " cancel_requested_at = null" + setCounters + " where id = ? and status = ?", params) == 1);
    }

    @Override
    public boolean cancelQueued(String id, String reason, Instant at) {
        return ended(id, jdbc.withHandle("cancel queued run '" + id + "'",
                c -> Jdbc.update(c, "update runs set status = ?, error = ?, finished_at = ?, cancel_requested_at = coalesce(cancel_requested_at, ?)"
                        + " where id = ? and status = ?", RunStatus.CANCELLED.name(), reason, at, at, id, RunStatus.QUEUED.name()) == 1));
    }

    @Override
    public List<RunRecord> withStatus(RunStatus status, int limit) {
        Jdbc.positiveLimit("list runs by status", limit);
        return jdbc.withHandleNoFlush("list " + status.name().toLowerCase(java.util.Locale.ROOT) + " runs",
                c -> Jdbc.list(c, "select " + COLUMNS + " from runs where status = ?" + OLDEST_FIRST, JdbcRunRepository::map, status.name(), limit));
    }

    // ---- the API's run list: filters and cursor pages --------------------------------------------

    @Override
    public ResultPage<RunRecord> find(RunQuery q) {
        NewestFirst.Statement page = pageStatement(q, dialect);
        List<RunRecord> rows = jdbc.withHandleNoFlush("find runs", c -> Jdbc.list(c, page.sql(), JdbcRunRepository::map, page.params().toArray()));
        return NewestFirst.page(rows, q.limit(), RunQuery.CURSOR_KIND, RunRecord::startedAt, RunRecord::id);
    }

    /** The statement of one page of {@link #find(RunQuery)}; public for the tests that check its plan. */
    public static NewestFirst.Statement pageStatement(RunQuery q, Dialect dialect) {
        return NewestFirst.by("started_at", "id", false, INDEXES)
                .equal("sync", q.sync())
                .equal("tenant", q.tenant())
                .equal("status", q.status() == null ? null : q.status().name())
                .equal("trigger", q.trigger())
                .between(q.from(), q.to())
                .below(q.cursor() == null ? null : PageCursor.decode(RunQuery.CURSOR_KIND, q.cursor()))
                .newestFirst(COLUMNS, "runs", q.limit(), dialect);
    }

    private static void requireRun(int updated, String operation, String id) {
        if (updated == 0) {
            throw new StoreException("could not " + operation + ": no run with id '" + id + "' was started", null);
        }
    }

    private static Object[] withId(RunCounters counters, String id) {
        RunCounters k = Objects.requireNonNull(counters, "counters");
        return new Object[] {
            k.read(), k.inserted(), k.updated(), k.unchanged(), k.failed(), k.deleted(), k.retries(), k.throttled(), k.skipped(), id
        };
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static RunRecord map(ResultSet row) throws SQLException {
        String status = row.getString("status");
        RunStatus runStatus;
        try {
            runStatus = RunStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new SQLException("run '" + row.getString("id") + "' has unknown status '" + status + "'", e);
        }
        return new RunRecord(
                row.getString("id"),
                row.getString("sync"),
                row.getString("trigger"),
                runStatus,
                Jdbc.instant(row, "started_at"),
                Jdbc.instant(row, "finished_at"),
                new RunCounters(
                        row.getLong("read_count"),
                        row.getLong("inserted_count"),
                        row.getLong("updated_count"),
                        row.getLong("unchanged_count"),
                        row.getLong("failed_count"),
                        row.getLong("deleted_count"),
                        row.getLong("retry_count"),
                        row.getLong("throttled_count"),
                        row.getLong("skipped_count")),
                row.getString("error"),
                row.getString("tenant"),
                queued(row),
                ErrorClass.ofNullable(row.getString("error_category"), row.getString("error_code")));
    }

    private static RunRecord.Queued queued(ResultSet row) throws SQLException {
        Instant requestedAt = Jdbc.instant(row, "requested_at");
        return requestedAt == null ? null : new RunRecord.Queued(requestedAt, row.getInt("attempt"), row.getBoolean("force_deletes"));
    }
}
