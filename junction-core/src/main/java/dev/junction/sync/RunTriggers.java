package dev.junction.sync;

import java.util.Set;

/**
 * The triggers a run can name that Junction itself gives meaning to. Any other text is allowed too
 * ({@code cli}, {@code api}, {@code demo}, ...): a trigger says who asked for a run.
 */
public final class RunTriggers {
    /** A replay of dead letters: the run's source is the selected dead letters' records. */
    public static final String REPLAY = "replay";
    /** Events of the inbox that came in as webhooks: the run's source is their records. */
    public static final String WEBHOOK = "webhook";
    /** Events of the inbox that a polling trigger found: the run's source is their records. */
    public static final String POLL = "poll";
    /** A tick of the sync's schedule. */
    public static final String SCHEDULE = "schedule";
    /**
     * A chunk of a backfill: the sync's source read over a past range ({@link BackfillRange}), with
     * progress of its own; the sync's live checkpoint is neither read nor moved.
     */
    public static final String BACKFILL = "backfill";

    private static final Set<String> GIVEN_RECORDS = Set.of(REPLAY, WEBHOOK, POLL);

    private RunTriggers() {}

    /**
     * Whether a run so triggered reads records it was given (dead letters, events) rather than the
     * sync's source: it neither reads nor moves a checkpoint, and its read count says nothing about
     * how many records the sync's next full run will read.
     */
    public static boolean readsGivenRecords(String trigger) {
        return GIVEN_RECORDS.contains(trigger);
    }
}
