package dev.junction.store;

import java.util.Collection;
import java.util.Map;

/**
 * The fingerprint of the last mapped record written per destination key, per sync; a record whose
 * fingerprint is unchanged is not sent again.
 */
public interface FingerprintRepository {
    /** The stored fingerprints for those keys that have one. */
    Map<String, String> find(String sync, Collection<String> keys);

    /** Inserts or replaces, in one transaction. */
    void saveAll(String sync, Map<String, String> fingerprintsByKey);

    long count(String sync);

    /** Forgets every fingerprint of a sync (a full resend next time). @return how many were removed */
    long clear(String sync);
}
