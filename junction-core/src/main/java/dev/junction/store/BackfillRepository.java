package dev.junction.store;

import java.util.List;
import java.util.Optional;

/** The chunks of backfills: the range each backfill run reads, by its run id. */
public interface BackfillRepository {
    /** Stores a chunk (before its run is queued, so the run always finds its range). */
    void save(BackfillChunk chunk);

    /** The chunk that run {@code runId} reads; empty when the run is not a backfill's. */
    Optional<BackfillChunk> find(String runId);

    /** Every chunk of backfill {@code backfill}, in order. */
    List<BackfillChunk> ofBackfill(String backfill);
}
