package dev.junction.sync.internal;

import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.ExpectedTotal;

/** The fallback estimate of a full run's records: what the last finished run of the same sync read. */
final class LastRun {
    private static final int LOOK_BACK = 10;

    private LastRun() {}

    /** The read count of the newest succeeded or partial run of {@code sync} (for {@code tenant}, when not null) among its last few, or null. */
    static ExpectedTotal total(Store store, String sync, String tenant) {
        for (RunRecord run : store.runs().list(sync, tenant, LOOK_BACK)) {
            if ((run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.PARTIAL) && run.counters().read() > 0) {
                return new ExpectedTotal(run.counters().read(), ExpectedTotal.Basis.LAST_RUN);
            }
        }
        return null;
    }
}
