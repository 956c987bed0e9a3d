package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sync's stored state as a whole, for inspecting, resetting and moving it: its checkpoints (with
 * partitions), fingerprints (with mirror marks), write intents and run lease, kept under a
 * {@linkplain dev.junction.sync.SyncJob#stateKey() state key} ({@code SYNC}, or {@code SYNC@TENANT}
 * for one tenant of a per-tenant sync). Run history and dead letters are not state: nothing here
 * reads or changes them.
 *
 * <p>{@link #reset} and {@link #move} change nothing while a run holds the lease of a key they
 * touch, and hold those leases themselves until they commit, so a run that starts meanwhile waits
 * for them or fails to take its lease; they never leave half of the work done.
 */
public interface SyncStateRepository {
    /** What is stored under one state key (empty lists and zero counts when nothing is). */
    SyncState find(String stateKey);

    /** The tenants that have any state of sync {@code sync} (state keys {@code SYNC@T}), in name order. */
    List<String> tenants(String sync);

    /**
     * Clears the checkpoints (only partition {@code what.partition()} when set) and, when
     * {@code what.fingerprints()}, the fingerprints stored under every key of {@code stateKeys}, in
     * one transaction. Write intents are kept: the next run finishes them first.
     *
     * @return what was removed, or the lease of the run that holds a key (nothing was removed then)
     */
    Outcome reset(List<String> stateKeys, Reset what, Instant now);

    /**
     * Moves everything stored under {@code fromKey} (checkpoints, fingerprints, write intents) to
     * {@code toKey}, in one transaction.
     *
     * @return what was moved, or the lease of the run that holds either key (nothing moved then)
     * @throws StoreException when {@code toKey} already has state (nothing moved)
     */
    Outcome move(String fromKey, String toKey, Instant now);

    /** What {@link #reset} clears: the checkpoints of one {@code partition} (null: all), and the fingerprints too or not. */
    record Reset(String partition, boolean fingerprints) {
        public static final Reset EVERYTHING = new Reset(null, true);
        public static final Reset CHECKPOINTS = new Reset(null, false);

        public Reset {
            if (partition != null && fingerprints) {
                throw new IllegalArgumentException("a reset of one partition keeps the fingerprints");
            }
        }
    }

    /** Counts of rows removed (or moved), or the lease that stopped the operation. */
    record Outcome(long checkpoints, long fingerprints, long writeIntents, Optional<Lease> heldBy) {
        public static Outcome held(Lease lease) {
            return new Outcome(0, 0, 0, Optional.of(lease));
        }
    }
}
