package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A batch a run is about to send, saved before the call: if the process dies before the outcome is
 * saved, the next run of the sync sends exactly this batch again, with the same idempotency key, so
 * the destination applies it at most once.
 *
 * @param sync the sync
 * @param idempotencyKey the key the call carries; unique per sync
 * @param runId the run that made the batch
 * @param keys the records' destination keys, in call order
 * @param fingerprints the records' new fingerprints, same order
 * @param records the mapped records as a JSON array, same order
 * @param createdAt when it was saved
 */
public record WriteIntent(String sync, String idempotencyKey, String runId, List<String> keys, List<String> fingerprints, String records,
        Instant createdAt) {
    public WriteIntent {
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(records, "records");
        keys = List.copyOf(keys);
        fingerprints = List.copyOf(fingerprints);
        if (keys.size() != fingerprints.size()) {
            throw new IllegalArgumentException("a write intent needs one fingerprint per key: " + keys.size() + " keys, " + fingerprints.size() + " fingerprints");
        }
    }
}
