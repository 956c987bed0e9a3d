package dev.junction.store;

import java.util.List;
import java.util.Map;

/**
 * Batches sent (or about to be sent) whose outcome is not saved yet: a write-ahead log for
 * destination calls that carry idempotency keys. An intent is saved before its call and removed in
 * the same transaction that saves the fingerprints of the records the call wrote. The {@code sync}
 * argument is the job's {@linkplain dev.junction.sync.SyncJob#stateKey() state key}.
 */
public interface WriteIntentRepository {
    /** Saves an intent; a second intent with the same sync and key replaces the first. */
    void add(WriteIntent intent);

    /** The open intents of a sync, oldest first. */
    List<WriteIntent> find(String sync);

    /**
     * In one transaction: saves the fingerprints of the records the call wrote (may be empty) and
     * removes the intent.
     */
    void complete(String sync, String idempotencyKey, Map<String, String> fingerprintsByKey);

    /** Removes the intent without saving anything (the destination refused the whole call). */
    void discard(String sync, String idempotencyKey);
}
