package dev.junction.sync.internal;

import dev.junction.store.FingerprintRepository;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fingerprints a run compares its records with. A sync's first run (no fingerprint stored when
 * it starts reading, after write intents were recovered) can only find those it saved itself, for
 * the keys it diffed before; so it remembers each key it diffed in a Bloom filter and looks up only
 * the keys the filter may have seen: none, unless a key comes again or the filter errs (then the
 * look-up answers, as in any run). That skips one index look-up per record of a first load, the
 * heaviest run a sync has (issue 18: 5-8% of the CPU of S0 and of the peers job).
 *
 * <p>The filter is 2 MiB with three probes per key: about 0.4% false positives at 1,000,000 keys
 * and 21% at 5,000,000, each costing only the look-up that every record of a later run makes. It
 * relies on a run being the only writer of its sync's fingerprints while it runs (the run lease).
 */
final class StoredFingerprints {
    private static final int BITS = 1 << 24;
    private static final int PROBES = 3;

    private final FingerprintRepository fingerprints;
    private final String sync;
    private BitSet seen;

    StoredFingerprints(FingerprintRepository fingerprints, String sync) {
        this.fingerprints = fingerprints;
        this.sync = sync;
    }

    /** Call once before the first {@link #find}, after recovering write intents: a first run starts remembering keys. */
    void start() {
        seen = fingerprints.keys(sync, null, 1).isEmpty() ? new BitSet(BITS) : null;
    }

    /** Whether this run started with no fingerprint stored (and so looks up only keys it diffed before). */
    boolean firstRun() {
        return seen != null;
    }

    /** The stored fingerprints of those keys that have one (key → fingerprint). */
    Map<String, String> find(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Collection<String> lookUp = seen == null ? keys : mayHaveSeen(keys);
        return lookUp.isEmpty() ? Map.of() : fingerprints.find(sync, lookUp);
    }

    /** The keys the filter may have seen; every key is then marked seen. */
    private synchronized List<String> mayHaveSeen(Collection<String> keys) {
        List<String> maybe = new ArrayList<>();
        for (String key : keys) {
            long hash = hash(key);
            int h1 = (int) hash;
            int h2 = (int) (hash >>> 32);
            boolean all = true;
            for (int i = 0; i < PROBES; i++) {
                int bit = (h1 + i * h2) & (BITS - 1);
                if (!seen.get(bit)) {
                    all = false;
                    seen.set(bit);
                }
            }
            if (all) {
                maybe.add(key);
            }
        }
        return maybe;
    }

    /** FNV-1a over the key's UTF-16 units, 64 bits, its halves mixed: two hashes for double hashing. */
    private static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h ^ (h >>> 29) ^ (h << 31);
    }
}
