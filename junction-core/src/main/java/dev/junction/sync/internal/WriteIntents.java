package dev.junction.sync.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.Store;
import dev.junction.store.WriteIntent;
import dev.junction.sync.BatchRejectedException;
import dev.junction.sync.RecordSink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exactly-once writes for a sink that takes idempotency keys: each batch gets a key, is saved as a
 * {@link WriteIntent} before its call, and is removed in the transaction that saves its
 * fingerprints. A run first {@link #recover recovers} the intents a dead process left: it sends
 * each again, unchanged and with its stored key, so the destination applies it once whether or
 * not the first call got through. Without idempotency keys only the fingerprints are saved.
 */
final class WriteIntents {
    private final Store store;
    private final ObjectMapper json;
    private final Clock clock;
    private final String sync;
    private final String runId;
    private final boolean enabled;
    private final boolean dryRun;

    /** {@code keyed}: the sink takes idempotency keys; a dry run neither saves nor recovers intents. */
    WriteIntents(Store store, ObjectMapper json, Clock clock, String sync, String runId, boolean keyed, boolean dryRun) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.sync = sync;
        this.runId = runId;
        this.enabled = keyed && !dryRun;
        this.dryRun = dryRun;
    }

    /**
     * Saves the batch as an intent and returns its idempotency key; null when the sink takes none.
     * The key is SHA-256 of the sync, the run and each record's key and new fingerprint: the run id
     * keeps a record that changes back to an earlier value in a later run from reusing a key the
     * destination already answered.
     */
    String open(List<Pending> batch) {
        if (!enabled) {
            return null;
        }
        List<String> keys = new ArrayList<>(batch.size());
        List<String> fingerprints = new ArrayList<>(batch.size());
        List<JsonNode> records = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            keys.add(p.key());
            fingerprints.add(p.fingerprint());
            records.add(p.record());
        }
        String key = keyOf(keys, fingerprints);
        store.writeIntents().add(new WriteIntent(sync, key, runId, keys, fingerprints, write(records), clock.instant()));
        return key;
    }

    /** The call's outcome is known: saves the fingerprints of the records written and closes the intent. */
    void complete(String idempotencyKey, Map<String, String> written) {
        complete(idempotencyKey, written, Set.of());
    }

    /** Like {@link #complete(String, Map)}; {@code newKeys} had no fingerprint when the run looked them up. */
    void complete(String idempotencyKey, Map<String, String> written, Set<String> newKeys) {
        if (idempotencyKey == null) {
            if (!written.isEmpty()) {
                store.fingerprints().saveAll(sync, written, newKeys);
            }
        } else {
            store.writeIntents().complete(sync, idempotencyKey, written);
        }
    }

    /** The destination refused the whole call: nothing was written, the intent is dropped. */
    void refused(String idempotencyKey) {
        if (idempotencyKey != null) {
            store.writeIntents().discard(sync, idempotencyKey);
        }
    }

    /**
     * Sends every open intent of the sync again with its own key and saves the fingerprints of the
     * records the destination reports written. Records it reports failed, or a call refused as a
     * whole, get no fingerprint: this run reads them again and sends them as usual. These calls
     * are not counted: their records are counted when this run reads them (then as unchanged).
     * When the sink no longer takes keys (the action's {@code idempotencyKey} was removed), the
     * intents are dropped instead: without a key, sending them again is no safer than the read.
     *
     * @return how many intents were recovered
     * @throws RuntimeException when a call fails for any other reason (the intents stay for the next run)
     */
    int recover(RecordSink sink) {
        if (dryRun) {
            return 0;
        }
        List<WriteIntent> open = store.writeIntents().find(sync);
        if (!enabled) {
            open.forEach(intent -> refused(intent.idempotencyKey()));
            return 0;
        }
        for (WriteIntent intent : open) {
            List<JsonNode> records = read(intent);
            List<RecordSink.Outcome> outcomes;
            try {
                outcomes = sink.write(records, intent.keys(), runId, intent.idempotencyKey());
            } catch (BatchRejectedException e) {
                refused(intent.idempotencyKey());
                continue;
            }
            Map<String, String> written = new HashMap<>();
            for (int i = 0; i < outcomes.size() && i < intent.keys().size(); i++) {
                if (outcomes.get(i).ok()) {
                    written.put(intent.keys().get(i), intent.fingerprints().get(i));
                }
            }
            complete(intent.idempotencyKey(), outcomes.size() == intent.keys().size() ? written : Map.of());
        }
        return open.size();
    }

    private String keyOf(List<String> keys, List<String> fingerprints) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, sync);
            update(sha, runId);
            for (int i = 0; i < keys.size(); i++) {
                update(sha, keys.get(i));
                update(sha, fingerprints.get(i));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") differ. */
    private static void update(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    private String write(List<JsonNode> records) {
        try {
            return json.writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot save a batch of sync '" + sync + "' before sending it: " + e.getOriginalMessage(), e);
        }
    }

    private List<JsonNode> read(WriteIntent intent) {
        try {
            JsonNode array = json.readTree(intent.records());
            List<JsonNode> records = new ArrayList<>(array.size());
            array.forEach(records::add);
            return records;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the saved batch '" + intent.idempotencyKey() + "' of sync '" + sync + "' is not readable JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
