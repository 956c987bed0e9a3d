package dev.junction.sync.internal;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.RunTriggers;
import dev.junction.sync.ExpectedTotal;
import java.util.List;

/**
 * The fallback estimate of a run's records when the source gives none: what the last finished run
 * of the same sync read. For an incremental sync the sync's first run is left out (it read
 * everything, not the changes since a checkpoint), so its second run has no estimate.
 */
final class LastRun {
    private static final int LOOK_BACK = 10;

    private LastRun() {}

    /** The read count of the newest succeeded or partial run of {@code sync} (for {@code tenant}, when not null) among its last few, or null. */
    static ExpectedTotal total(Store store, String sync, String tenant) {
        for (RunRecord run : store.runs().list(sync, tenant, LOOK_BACK)) {
            if (counts(run)) {
                return new ExpectedTotal(run.counters().read(), ExpectedTotal.Basis.LAST_RUN);
            }
        }
        return null;
    }

    /**
     * An incremental run: the read count of the newest succeeded or partial run among the last few,
     * unless that run is the sync's first (a full read); null then, and when there is none.
     */
    static ExpectedTotal incremental(Store store, String sync, String tenant) {
        List<RunRecord> runs = store.runs().list(sync, tenant, LOOK_BACK).stream().filter(run -> !RunTriggers.readsGivenRecords(run.trigger())).toList();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord run = runs.get(i);
            if (counts(run)) {
                boolean first = i == runs.size() - 1 && runs.size() < LOOK_BACK;
                return first ? null : new ExpectedTotal(run.counters().read(), ExpectedTotal.Basis.LAST_INCREMENTAL_RUN);
            }
        }
        return null;
    }

    /** A finished run that read its sync's source (not dead letters or events it was given) and read something. */
    private static boolean counts(RunRecord run) {
        return (run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.PARTIAL) && run.counters().read() > 0
                && !RunTriggers.readsGivenRecords(run.trigger());
    }
}
