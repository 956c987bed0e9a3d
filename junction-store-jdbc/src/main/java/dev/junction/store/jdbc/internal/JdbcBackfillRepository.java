package dev.junction.store.jdbc.internal;

import dev.junction.store.BackfillChunk;
import dev.junction.store.BackfillRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Backfill chunks in table {@code backfill_chunks}, one row per chunk's run. */
public final class JdbcBackfillRepository implements BackfillRepository {
    private static final String COLUMNS = "run_id, backfill_id, sync, tenant, range_from, range_to, chunk, chunks, requested_at";

    private final Jdbc jdbc;

    public JdbcBackfillRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(BackfillChunk c) {
        jdbc.withHandle("store chunk " + c.chunk() + " of backfill " + c.backfill() + " of sync '" + c.sync() + "'", h -> Jdbc.update(h,
                "insert into backfill_chunks (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)", c.runId(), c.backfill(), c.sync(), c.tenant(),
                c.from(), c.to(), c.chunk(), c.chunks(), c.requestedAt()));
    }

    @Override
    public Optional<BackfillChunk> find(String runId) {
        return jdbc.withHandleNoFlush("find the backfill chunk of run " + runId, h -> Jdbc.first(h,
                "select " + COLUMNS + " from backfill_chunks where run_id = ?", JdbcBackfillRepository::chunk, runId));
    }

    @Override
    public List<BackfillChunk> ofBackfill(String backfill) {
        return jdbc.withHandleNoFlush("list the chunks of backfill " + backfill, h -> Jdbc.list(h,
                "select " + COLUMNS + " from backfill_chunks where backfill_id = ? order by chunk", JdbcBackfillRepository::chunk, backfill));
    }

    private static BackfillChunk chunk(ResultSet row) throws SQLException {
        return new BackfillChunk(row.getString("run_id"), row.getString("backfill_id"), row.getString("sync"), row.getString("tenant"),
                Jdbc.instant(row, "range_from"), Jdbc.instant(row, "range_to"), row.getInt("chunk"), row.getInt("chunks"),
                Jdbc.instant(row, "requested_at"));
    }
}
