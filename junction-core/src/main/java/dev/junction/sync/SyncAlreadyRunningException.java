package dev.junction.sync;

import dev.junction.JunctionException;
import dev.junction.store.Lease;

/** A run could not start: another run of the same sync holds the sync's lease. */
public class SyncAlreadyRunningException extends JunctionException {
    private final transient Lease holder;

    public SyncAlreadyRunningException(Lease holder) {
        super(what(holder.sync()) + " is already running as run '" + holder.owner() + "' (since " + holder.acquiredAt()
                + "); wait for it to finish or stop it with: junction runs cancel " + holder.owner(), null);
        this.holder = holder;
    }

    /** "sync 'S'", or for the state key {@code S@T} of a per-tenant sync "sync 'S' for tenant 'T'". */
    private static String what(String stateKey) {
        int at = stateKey.indexOf('@');
        return at < 0 ? "sync '" + stateKey + "'" : "sync '" + stateKey.substring(0, at) + "' for tenant '" + stateKey.substring(at + 1) + "'";
    }

    /** The lease of the run that is in the way. */
    public Lease holder() {
        return holder;
    }
}
