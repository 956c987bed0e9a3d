package dev.junction.store.jdbc.internal;

import dev.junction.store.RetentionRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RetentionRepository} in plain SQL both databases speak ({@code fetch first}, {@code offset}).
 * Each query walks the table's {@code (time, id)} index: {@code exchanges_created_at_id},
 * {@code runs_started_at_id}, {@code dead_letters_created_at_id}, {@code audit_log_created_at}.
 * Deleting exchanges deletes their record keys first, in the same transaction.
 */
public final class JdbcRetentionRepository implements RetentionRepository {
    /** One table's names: where, its time column, whether ids are numbers, which rows may go. */
    private record Shape(String table, String time, boolean numericIds, String deletable) {}

    private final Jdbc jdbc;

    public JdbcRetentionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private static Shape shape(Table table) {
        return switch (table) {
            case EXCHANGES -> new Shape("exchanges", "created_at", true, "");
            case DEAD_LETTERS -> new Shape("dead_letters", "created_at", true, "");
            case AUDIT_LOG -> new Shape("audit_log", "created_at", true, "");
            // a run that has not ended is never purged, nor one a backfill chunk names
            case RUNS -> new Shape("runs", "started_at", false,
                    " and finished_at is not null and not exists (select 1 from backfill_chunks b where b.run_id = runs.id)");
        };
    }

    @Override
    public List<String> idsBefore(Table table, Instant cutoff, int limit) {
        Shape s = shape(table);
        Jdbc.positiveLimit("idsBefore", limit);
        return jdbc.withHandle("find " + s.table() + " before " + cutoff, c -> Jdbc.list(c,
                "select id from " + s.table() + " where " + s.time() + " < ?" + s.deletable() + " order by " + s.time() + ", id fetch first ? rows only",
                row -> row.getString(1), cutoff, limit));
    }

    @Override
    public Optional<Instant> timeBeyondNewest(Table table, long keep) {
        Shape s = shape(table);
        if (keep < 0) {
            throw new IllegalArgumentException("timeBeyondNewest: keep must be 0 or more, was " + keep);
        }
        return jdbc.withHandle("find the newest " + s.table() + " beyond " + keep, c -> Jdbc.first(c,
                "select " + s.time() + " from " + s.table() + " order by " + s.time() + " desc, id desc offset ? rows fetch next 1 rows only",
                row -> Jdbc.instant(row, s.time()), keep));
    }

    @Override
    public int delete(Table table, List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Shape s = shape(table);
        List<Object> params = new ArrayList<>(ids.size());
        for (String id : ids) {
            params.add(s.numericIds() ? (Object) Long.parseLong(id) : id);
        }
        if (table == Table.EXCHANGES) {
            List<Long> numbers = params.stream().map(Long.class::cast).toList();
            return jdbc.inTransaction("delete " + ids.size() + " exchanges", c -> JdbcExchangeRepository.deleteByIds(c, numbers));
        }
        return jdbc.withHandle("delete " + ids.size() + " " + s.table(), c -> Jdbc.update(c,
                "delete from " + s.table() + " where id in (" + Jdbc.placeholders(ids.size()) + ")" + s.deletable(), params.toArray()));
    }

    @Override
    public long count(Table table) {
        Shape s = shape(table);
        return jdbc.withHandle("count " + s.table(), c -> Jdbc.first(c, "select count(*) from " + s.table(), row -> row.getLong(1)).orElse(0L));
    }
}
