package dev.junction.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Dead letters. {@link DeadLetter#id()} is assigned by the store on add. */
public interface DeadLetterRepository {
    void add(DeadLetter deadLetter);

    /** Newest first; {@code sync} null means every sync. */
    default List<DeadLetter> list(String sync, int limit) {
        return list(sync, null, limit);
    }

    /** Newest first; {@code sync} null means every sync, {@code tenant} null every tenant (and classic syncs). */
    List<DeadLetter> list(String sync, String tenant, int limit);

    List<DeadLetter> listForRun(String runId);

    /** The dead letter with that id, whatever its state. */
    Optional<DeadLetter> find(long id);

    /**
     * Open dead letters with an id above {@code afterId}, oldest (lowest id) first, at most
     * {@code limit}; {@code sync} and {@code runId} narrow the selection when not null. Page through
     * all of them by passing the last id seen.
     */
    default List<DeadLetter> open(String sync, String runId, long afterId, int limit) {
        return open(sync, null, runId, afterId, limit);
    }

    /** Like {@link #open(String, String, long, int)}, {@code tenant} narrowing too when not null. */
    List<DeadLetter> open(String sync, String tenant, String runId, long afterId, int limit);

    /** How many dead letters {@link #open(String, String, String, long, int)} would return from the start, without a limit. */
    long countOpen(String sync, String tenant, String runId);

    /**
     * Marks those of the ids that are still open as {@code state} (REPLAYED with the replay run's
     * id, or DISCARDED with a null run). @return how many changed
     */
    long resolve(Collection<Long> ids, DeadLetter.State state, String resolvedRun, Instant at);

    /**
     * One page of the dead letters {@code query} selects, newest first (by time, then id); the page's
     * {@link ResultPage#nextCursor()} continues strictly below its last dead letter.
     */
    ResultPage<DeadLetter> find(DeadLetterQuery query);

    /**
     * The newest {@code scan} dead letters of a run (whatever their state) grouped by kind and
     * classified error, or by reason text for those not classified; the largest groups first, at
     * most {@code groups}. Bounded by {@code scan} so a run of 100,000 dead letters answers quickly.
     */
    List<DeadLetterReason> reasons(String runId, int scan, int groups);
}
