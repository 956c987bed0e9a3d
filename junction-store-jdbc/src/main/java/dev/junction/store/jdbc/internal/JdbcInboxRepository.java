package dev.junction.store.jdbc.internal;

import dev.junction.store.InboxEvent;
import dev.junction.store.InboxEvent.Status;
import dev.junction.store.InboxQuery;
import dev.junction.store.InboxRepository;
import dev.junction.store.InboxStats;
import dev.junction.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inbox in table {@code inbox_events} (V16). An event without a subscriber has target {@code ''}
 * in the table, so that the dedup key (source, event id, target) holds for it too; it reads back as
 * null. {@code due_at} is set exactly while an event is unfinished, which is what claims and the
 * order check look at.
 *
 * <p>{@link #append} and the operator's writes ({@link #deadLetter}, {@link #replay}) are flushed to
 * H2's file before they return; the worker's hot path (claim, complete, retry) and purges are not:
 * losing the newest of those to a crash makes an event claimable again, or a purge run again.
 */
public final class JdbcInboxRepository implements InboxRepository {
    private static final String TABLE = "inbox_events";
    private static final String NO_TARGET = "";
    private static final String COLUMNS = "id, source, tenant, event_id, event_type, record_key, target, payload, received_at, ordered, status,"
            + " attempts, due_at, claimed_by, reason, finished_at, updated_at";
    private static final String INSERT = "insert into inbox_events (source, tenant, event_id, event_type, record_key, target, payload, received_at,"
            + " ordered, status, attempts, due_at, reason, finished_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)";
    /**
     * Due, and for an ordered event with a record key: no older unfinished event of its target and
     * record key (an unfinished event is one with a due_at). Parameter: now.
     */
    /**
     * Due, and not held back by an older unfinished event of its record. "Unfinished" is a due time at
     * or after {@link #NO_EARLIER} rather than {@code due_at is not null}, and due events are looked up
     * from it too: both become index ranges that skip the finished events (whose due time is null and
     * which H2 sorts first), so a claim costs the same with 15,000 processed events in the table as
     * with none (index on target, record key, due time, id: migration V21).
     */
    private static final String CLAIMABLE = "e.due_at >= ? and e.due_at <= ? and (e.ordered = false or e.record_key is null or not exists"
            + " (select 1 from inbox_events o where o.target = e.target and o.record_key = e.record_key and o.due_at >= ? and o.id < e.id))";
    /** Before every due time the inbox stores. */
    private static final Instant NO_EARLIER = Instant.EPOCH;
    private static final String FENCE = " where id = ? and status = '" + Status.CLAIMED.label() + "' and claimed_by = ?";
    /** Events per dedup lookup: three parameters each. */
    private static final int LOOKUP_CHUNK = 300;
    /** A concurrent append of the same event in another process makes the insert fail; the next attempt finds it. */
    private static final int APPEND_ATTEMPTS = 3;

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String claimSql;

    public JdbcInboxRepository(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.claimSql = dialect.lockNext(COLUMNS, TABLE, CLAIMABLE, "e.due_at, e.id");
    }

    @Override
    public List<Appended> append(List<NewEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<NewEvent> all = List.copyOf(events);
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inTransaction("append " + all.size() + " inbox event(s)", c -> appendIn(c, all));
            } catch (StoreException e) {
                if (attempt < APPEND_ATTEMPTS && e.getCause() instanceof SQLException s && Dialect.duplicateKey(s)) {
                    continue;
                }
                throw e;
            }
        }
    }

    private List<Appended> appendIn(Connection c, List<NewEvent> events) throws SQLException {
        Map<List<String>, Long> stored = storedIds(c, events);
        Appended[] answers = new Appended[events.size()];
        Map<List<String>, Integer> firstInList = new HashMap<>();
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<String> key = key(events.get(i));
            Long id = stored.get(key);
            if (id != null) {
                answers[i] = new Appended(id, Outcome.DUPLICATE);
            } else if (firstInList.putIfAbsent(key, i) == null) {
                fresh.add(i);
            }
        }
        List<Long> ids = insert(c, events, fresh);
        for (int n = 0; n < fresh.size(); n++) {
            answers[fresh.get(n)] = new Appended(ids.get(n), Outcome.ACCEPTED);
        }
        for (int i = 0; i < events.size(); i++) {
            if (answers[i] == null) { // a repeat of an event earlier in the list
                answers[i] = new Appended(answers[firstInList.get(key(events.get(i)))].id(), Outcome.DUPLICATE);
            }
        }
        return List.of(answers);
    }

    /** The ids of the stored events with the dedup keys of {@code events}. */
    private static Map<List<String>, Long> storedIds(Connection c, List<NewEvent> events) throws SQLException {
        Map<List<String>, Long> stored = new HashMap<>();
        for (List<NewEvent> chunk : Jdbc.chunks(events, LOOKUP_CHUNK)) {
            String sql = "select id, source, event_id, target from inbox_events where (source, event_id, target) in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?)")) + ")";
            List<Object> params = new ArrayList<>(chunk.size() * 3);
            chunk.forEach(e -> params.addAll(key(e)));
            for (Object[] row : Jdbc.list(c, sql, r -> new Object[] {r.getLong(1), r.getString(2), r.getString(3), r.getString(4)}, params.toArray())) {
                stored.put(List.of((String) row[1], (String) row[2], (String) row[3]), (Long) row[0]);
            }
        }
        return stored;
    }

    /** Inserts {@code events} at {@code indexes} in one batch; their new ids in that order. */
    private List<Long> insert(Connection c, List<NewEvent> events, List<Integer> indexes) throws SQLException {
        if (indexes.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement insert = dialect.prepareInsertReturningId(c, INSERT)) {
            for (int i : indexes) {
                NewEvent e = events.get(i);
                boolean ignored = e.target() == null;
                Jdbc.bind(insert, e.source(), e.tenant(), e.eventId(), e.eventType(), e.recordKey(), column(e.target()), e.payload(), e.receivedAt(),
                        e.ordered(), (ignored ? Status.IGNORED : Status.PENDING).label(), ignored ? null : e.receivedAt(),
                        ignored ? (e.ignoredBecause() == null ? InboxEvent.NO_SUBSCRIBER : e.ignoredBecause()) : null, ignored ? e.receivedAt() : null, e.receivedAt());
                insert.addBatch();
            }
            insert.executeBatch();
            List<Long> ids = new ArrayList<>(indexes.size());
            try (ResultSet keys = insert.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
            if (ids.size() != indexes.size()) {
                throw new SQLException("the database returned " + ids.size() + " ids for " + indexes.size() + " inserted inbox events");
            }
            return ids;
        }
    }

    private static List<String> key(NewEvent e) {
        return List.of(e.source(), e.eventId(), column(e.target()));
    }

    private static String column(String target) {
        return target == null ? NO_TARGET : target;
    }

    @Override
    public List<InboxEvent> claim(String worker, int limit, Duration lease, Instant now) {
        requireWorker(worker);
        Jdbc.positiveLimit("claim inbox events", limit);
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("claim inbox events: the lease must be positive, was " + lease);
        }
        Instant until = now.plus(lease).truncatedTo(ChronoUnit.MICROS);
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return jdbc.inTransactionNoFlush("claim inbox events for worker '" + worker + "'", c -> {
            List<InboxEvent> due = lockDue(c, limit, now);
            if (due.isEmpty()) {
                return List.of();
            }
            List<Object> params = new ArrayList<>(List.of(Status.CLAIMED.label(), until, worker, at));
            due.forEach(e -> params.add(e.id()));
            Jdbc.update(c, "update inbox_events set status = ?, due_at = ?, claimed_by = ?, updated_at = ?, attempts = attempts + 1 where id in ("
                    + Jdbc.placeholders(due.size()) + ")", params.toArray());
            return due.stream().map(e -> new InboxEvent(e.id(), e.source(), e.tenant(), e.eventId(), e.eventType(), e.recordKey(), e.target(), e.payload(),
                    e.receivedAt(), e.ordered(), Status.CLAIMED, e.attempts() + 1, until, worker, e.reason(), null, at)).toList();
        });
    }

    /** The due events to claim, oldest due first, locked (those others hold are skipped). */
    private List<InboxEvent> lockDue(Connection c, int limit, Instant now) throws SQLException {
        if (!dialect.picksBeforeLocking()) {
            return Jdbc.list(c, claimSql, JdbcInboxRepository::map, dialect.lockNextParams(List.of(NO_EARLIER, now, NO_EARLIER), limit));
        }
        List<Long> picked = Jdbc.list(c, "select e.id from " + TABLE + " e where " + CLAIMABLE + " order by e.due_at, e.id limit ?", r -> r.getLong(1),
                NO_EARLIER, now, NO_EARLIER, limit);
        if (picked.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(picked);
        params.add(NO_EARLIER);
        params.add(now);
        // still due as it is locked (another claimer may have taken and finished it since it was picked)
        List<InboxEvent> locked = new ArrayList<>(Jdbc.list(c, "select " + COLUMNS + " from " + TABLE + " e where e.id in (" + Jdbc.placeholders(picked.size())
                + ") and e.due_at >= ? and e.due_at <= ? for update skip locked", JdbcInboxRepository::map, params.toArray()));
        locked.sort(java.util.Comparator.comparing(InboxEvent::dueAt).thenComparingLong(InboxEvent::id));
        return locked;
    }

    @Override
    public int extendClaims(String worker, Instant until, Instant now) {
        requireWorker(worker);
        Instant end = until.truncatedTo(ChronoUnit.MICROS);
        return jdbc.withHandleNoFlush("extend the inbox claims of worker '" + worker + "'",
                c -> Jdbc.update(c, "update inbox_events set due_at = ?, updated_at = ? where status = ? and claimed_by = ?",
                        end, now.truncatedTo(ChronoUnit.MICROS), Status.CLAIMED.label(), worker));
    }

    @Override
    public boolean complete(long id, String worker, Instant now) {
        requireWorker(worker);
        return jdbc.withHandleNoFlush("complete inbox event " + id,
                c -> Jdbc.update(c, "update inbox_events set status = ?, due_at = null, finished_at = ?, updated_at = ?" + FENCE,
                        Status.DONE.label(), now, now, id, worker)) == 1;
    }

    @Override
    public int completeAll(java.util.Collection<Long> ids, String worker, Instant now) {
        requireWorker(worker);
        List<Long> all = List.copyOf(ids);
        int done = 0;
        for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
            Object[] params = new Object[chunk.size() + 4];
            params[0] = Status.DONE.label();
            params[1] = now;
            params[2] = now;
            for (int i = 0; i < chunk.size(); i++) {
                params[3 + i] = chunk.get(i);
            }
            params[params.length - 1] = worker;
            String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            done += jdbc.withHandleNoFlush("complete " + chunk.size() + " inbox events",
                    c -> Jdbc.update(c, "update inbox_events set status = ?, due_at = null, finished_at = ?, updated_at = ? where id in (" + in
                            + ") and status = '" + Status.CLAIMED.label() + "' and claimed_by = ?", params));
        }
        return done;
    }

    @Override
    public boolean retry(long id, String worker, String error, Instant nextAttemptAt, Instant now) {
        requireWorker(worker);
        if (nextAttemptAt == null) {
            throw new IllegalArgumentException("retry inbox event " + id + ": the next attempt's time is missing");
        }
        return jdbc.withHandleNoFlush("retry inbox event " + id,
                c -> Jdbc.update(c, "update inbox_events set status = ?, due_at = ?, reason = ?, updated_at = ?" + FENCE,
                        Status.PENDING.label(), nextAttemptAt, error, now, id, worker)) == 1;
    }

    @Override
    public boolean deadLetter(long id, String worker, String error, Instant now) {
        requireWorker(worker);
        return jdbc.withHandle("dead-letter inbox event " + id,
                c -> Jdbc.update(c, "update inbox_events set status = ?, due_at = null, reason = ?, finished_at = ?, updated_at = ?" + FENCE,
                        Status.DEAD.label(), error, now, now, id, worker)) == 1;
    }

    @Override
    public boolean replay(long id, Instant now) {
        return jdbc.withHandle("replay inbox event " + id,
                c -> Jdbc.update(c, "update inbox_events set status = ?, due_at = ?, attempts = 0, finished_at = null, updated_at = ? where id = ? and status = ?",
                        Status.PENDING.label(), now, now, id, Status.DEAD.label())) == 1;
    }

    /**
     * Picks the ids, then deletes them: H2 2.5 deletes fewer rows than match when the delete itself
     * has an {@code id in (select ... limit ?)} (its subquery is read lazily while rows go). Finished
     * events are the ones with a finished_at; of those only dead ones stay. (H2 2.5 also returned too
     * few rows for {@code status in ('done', 'ignored') ... limit ?} read through the status index.)
     */
    @Override
    public int purge(Instant finishedBefore, int batchSize) {
        Jdbc.positiveLimit("purge inbox events", batchSize);
        return jdbc.inTransactionNoFlush("purge inbox events finished before " + finishedBefore, c -> {
            List<Long> ids = Jdbc.list(c, "select id from inbox_events where finished_at < ? and status <> ? limit ?", r -> r.getLong(1),
                    finishedBefore, Status.DEAD.label(), batchSize);
            int deleted = 0;
            for (List<Long> chunk : Jdbc.chunks(ids, LOOKUP_CHUNK)) {
                deleted += Jdbc.update(c, "delete from inbox_events where id in (" + Jdbc.placeholders(chunk.size()) + ")", chunk.toArray());
            }
            return deleted;
        });
    }

    @Override
    public Optional<InboxEvent> find(long id) {
        return jdbc.withHandleNoFlush("find inbox event " + id,
                c -> Jdbc.first(c, "select " + COLUMNS + " from inbox_events where id = ?", JdbcInboxRepository::map, id));
    }

    @Override
    public List<InboxEvent> list(InboxQuery q) {
        Jdbc.Where where = Jdbc.Where.of("source", q.source()).and("target", q.target()).and("status", q.status() == null ? null : q.status().label())
                .and("tenant", q.tenant());
        String sql = "select " + COLUMNS + " from inbox_events" + (where.sql().isEmpty() ? " where" : where.sql() + " and") + " id > ? order by id limit ?";
        return jdbc.withHandleNoFlush("list inbox events", c -> Jdbc.list(c, sql, JdbcInboxRepository::map, where.params(q.afterId(), q.limit())));
    }

    @Override
    public InboxStats stats(Instant now) {
        record Row(String status, long count, Instant oldest) {}
        List<Row> rows = jdbc.withHandleNoFlush("count inbox events",
                c -> Jdbc.list(c, "select status, count(*), min(received_at) from inbox_events where status in (?, ?, ?) group by status",
                        r -> new Row(r.getString(1), r.getLong(2), oldest(r.getObject(3, OffsetDateTime.class))),
                        Status.PENDING.label(), Status.CLAIMED.label(), Status.DEAD.label()));
        long pending = 0;
        long claimed = 0;
        long dead = 0;
        Duration age = Duration.ZERO;
        for (Row row : rows) {
            switch (Status.fromLabel(row.status())) {
                case PENDING -> {
                    pending = row.count();
                    age = row.oldest() == null || row.oldest().isAfter(now) ? Duration.ZERO : Duration.between(row.oldest(), now);
                }
                case CLAIMED -> claimed = row.count();
                case DEAD -> dead = row.count();
                default -> { }
            }
        }
        return new InboxStats(pending, age, claimed, dead);
    }

    private static Instant oldest(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static void requireWorker(String worker) {
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("inbox: the worker's name must not be blank");
        }
    }

    private static InboxEvent map(ResultSet row) throws SQLException {
        String target = row.getString("target");
        return new InboxEvent(
                row.getLong("id"),
                row.getString("source"),
                row.getString("tenant"),
                row.getString("event_id"),
                row.getString("event_type"),
                row.getString("record_key"),
                target.isEmpty() ? null : target,
                row.getBytes("payload"),
                Jdbc.instant(row, "received_at"),
                row.getBoolean("ordered"),
                Status.fromLabel(row.getString("status")),
                row.getInt("attempts"),
                Jdbc.instant(row, "due_at"),
                row.getString("claimed_by"),
                row.getString("reason"),
                Jdbc.instant(row, "finished_at"),
                Jdbc.instant(row, "updated_at"));
    }
}
