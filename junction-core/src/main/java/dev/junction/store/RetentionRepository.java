package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What retention deletes, in bounded batches: the ids of the oldest rows of a log, then those rows by
 * id, so no delete holds locks on (or writes undo for) more than one batch. Time is each table's own:
 * {@link Table#EXCHANGES}, {@link Table#DEAD_LETTERS} and {@link Table#AUDIT_LOG} their creation,
 * {@link Table#RUNS} their start. Only ended runs are ever selected (not queued, not running) and not
 * the runs of backfill chunks (a backfill's progress is read from them).
 */
public interface RetentionRepository {
    /** The logs retention trims. */
    enum Table {
        EXCHANGES, RUNS, DEAD_LETTERS, AUDIT_LOG
    }

    /**
     * At most {@code limit} ids of rows of {@code table} from before {@code cutoff} (strictly), oldest
     * first; ids of {@code long} tables as decimal text.
     */
    List<String> idsBefore(Table table, Instant cutoff, int limit);

    /**
     * The time of the newest row beyond the newest {@code keep} rows (by time, then id), or empty when
     * the table holds {@code keep} rows or fewer: deleting every row up to and including that time
     * leaves at most {@code keep}.
     */
    Optional<Instant> timeBeyondNewest(Table table, long keep);

    /** Deletes these rows (those still there; a run only when it ended). @return how many */
    int delete(Table table, List<String> ids);

    /** How many rows {@code table} holds. */
    long count(Table table);
}
