package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the store keeps for one state key between runs: {@code checkpoints} in stream and partition
 * order (partition {@code ""} is a stream's own checkpoint), how many {@code fingerprints} (records
 * a run skips while they stay unchanged), how many of them carry a mirror mark, the pending
 * {@code writeIntents}, and the run {@code lease} when a row for it exists (it may have expired).
 */
public record SyncState(String stateKey, List<Checkpoint> checkpoints, long fingerprints, long mirrorMarks, long writeIntents, Optional<Lease> lease) {
    public SyncState {
        checkpoints = List.copyOf(checkpoints);
    }

    /** Whether nothing at all is stored (a lease is not state). */
    public boolean isEmpty() {
        return checkpoints.isEmpty() && fingerprints == 0 && writeIntents == 0;
    }

    /** The lease when a run holds it at {@code now} (not expired). */
    public Optional<Lease> heldAt(Instant now) {
        return lease.filter(l -> l.expiresAt().isAfter(now));
    }

    /** One checkpoint row: {@code value} null when a partition has none yet; {@code completedAt} once read to its end. */
    public record Checkpoint(String stream, String partition, String value, Instant savedAt, Instant completedAt) {}
}
