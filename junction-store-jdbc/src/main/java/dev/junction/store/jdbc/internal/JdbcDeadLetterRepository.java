package dev.junction.store.jdbc.internal;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Dead letters in table {@code dead_letters}; the id is an identity column. */
public final class JdbcDeadLetterRepository implements DeadLetterRepository {
    private static final String COLUMNS = "id, created_at, run_id, sync, record_key, reason, payload";
    private static final String INSERT =
            "insert into dead_letters (created_at, run_id, sync, record_key, reason, payload) values (?, ?, ?, ?, ?, ?)";
    private static final String NEWEST_FIRST = " order by created_at desc, id desc limit ?";

    private final Jdbc jdbc;

    public JdbcDeadLetterRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(DeadLetter d) {
        jdbc.withHandle("add a dead letter for record '" + d.recordKey() + "' of run '" + d.runId() + "'",
                c -> Jdbc.update(c, INSERT, d.at(), d.runId(), d.sync(), d.recordKey(), d.reason(), d.payload()));
    }

    @Override
    public List<DeadLetter> list(String sync, int limit) {
        Jdbc.positiveLimit("list dead letters", limit);
        if (sync == null) {
            return jdbc.withHandle("list dead letters",
                    c -> Jdbc.list(c, "select " + COLUMNS + " from dead_letters" + NEWEST_FIRST, JdbcDeadLetterRepository::map, limit));
        }
        return jdbc.withHandle("list dead letters of sync '" + sync + "'",
                c -> Jdbc.list(c, "select " + COLUMNS + " from dead_letters where sync = ?" + NEWEST_FIRST,
                        JdbcDeadLetterRepository::map, sync, limit));
    }

    /** Oldest first, in the order the run added them. */
    @Override
    public List<DeadLetter> listForRun(String runId) {
        return jdbc.withHandle("list dead letters of run '" + runId + "'",
                c -> Jdbc.list(c, "select " + COLUMNS + " from dead_letters where run_id = ? order by created_at, id",
                        JdbcDeadLetterRepository::map, runId));
    }

    private static DeadLetter map(ResultSet row) throws SQLException {
        return new DeadLetter(
                row.getLong("id"),
                Jdbc.instant(row, "created_at"),
                row.getString("run_id"),
                row.getString("sync"),
                row.getString("record_key"),
                row.getString("reason"),
                row.getString("payload"));
    }
}
