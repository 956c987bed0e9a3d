package dev.junction.sync;

import dev.junction.JunctionException;
import dev.junction.store.Lease;

/** A run could not start: another run of the same sync holds the sync's lease. */
public class SyncAlreadyRunningException extends JunctionException {
    private final transient Lease holder;

    public SyncAlreadyRunningException(Lease holder) {
        super(SyncJob.describeStateKey(holder.sync()) + " is already running as run '" + holder.owner() + "' (since " + holder.acquiredAt()
                + (holder.holder() == null ? "" : ", " + holder.holder().describe()) + "); wait for it to finish or stop it with: junction runs cancel " + holder.owner(), null);
        this.holder = holder;
    }

    /** The lease of the run that is in the way. */
    public Lease holder() {
        return holder;
    }
}
