package dev.junction.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fingerprint of the last mapped record written per destination key, per sync; a record whose
 * fingerprint is unchanged is not sent again. The {@code sync} argument is the job's
 * {@linkplain dev.junction.sync.SyncJob#stateKey() state key}: one state per tenant of a per-tenant sync.
 */
public interface FingerprintRepository {
    /** The stored fingerprints for those keys that have one. */
    Map<String, String> find(String sync, Collection<String> keys);

    /** Inserts or replaces, in one transaction. */
    void saveAll(String sync, Map<String, String> fingerprintsByKey);

    /**
     * Like {@link #saveAll(String, Map)}; the keys in {@code newKeys} had no fingerprint when the
     * caller looked them up, so a store may insert them without looking first. It must still
     * replace a fingerprint saved since (another partition of the run wrote the same key).
     */
    default void saveAll(String sync, Map<String, String> fingerprintsByKey, Set<String> newKeys) {
        saveAll(sync, fingerprintsByKey);
    }

    long count(String sync);

    /**
     * Mode mirror: marks those of the keys that have a fingerprint as read by run {@code runId}
     * (keys without one are ignored).
     */
    void markSeen(String sync, Collection<String> keys, String runId);

    /**
     * Mode mirror: the keys with a fingerprint that run {@code runId} did not mark seen, in key
     * order, after {@code afterKey} (null: from the first), at most {@code limit}. Page through
     * them by passing the last key returned.
     */
    List<String> unseen(String sync, String runId, String afterKey, int limit);

    /** Mode mirror: how many keys with a fingerprint run {@code runId} did not mark seen. */
    long countUnseen(String sync, String runId);

    /** Every key with a fingerprint, in key order, after {@code afterKey} (null: from the first), at most {@code limit}. */
    List<String> keys(String sync, String afterKey, int limit);

    /** Forgets the fingerprints of those keys (records deleted at the destination). @return how many were removed */
    long remove(String sync, Collection<String> keys);

    /** Forgets every fingerprint of a sync (a full resend next time). @return how many were removed */
    long clear(String sync);
}
