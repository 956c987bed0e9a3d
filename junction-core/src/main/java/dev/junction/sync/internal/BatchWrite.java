package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.ErrorClass;
import dev.junction.sync.BatchRejectedException;
import dev.junction.sync.RecordSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one batch through the sink and accounts for each record: written (inserted or updated,
 * its fingerprint saved with the batch's write intent) or a dead letter. A batch the destination
 * refuses as a whole is split in halves until the refused records are alone, so only they fail.
 */
final class BatchWrite {
    /** Stores a failed record (with how its failure was classified, its mapped payload and source record). */
    interface DeadLetters {
        void add(String key, String reason, ErrorClass errorClass, JsonNode payload, JsonNode source);
    }

    private final RecordSink sink;
    private final WriteIntents intents;
    private final LiveCounters counters;
    private final String runId;
    private final DeadLetters deadLetters;

    BatchWrite(RecordSink sink, WriteIntents intents, LiveCounters counters, String runId, DeadLetters deadLetters) {
        this.sink = sink;
        this.intents = intents;
        this.counters = counters;
        this.runId = runId;
        this.deadLetters = deadLetters;
    }

    void write(List<Pending> batch) {
        List<JsonNode> records = new ArrayList<>(batch.size());
        List<String> keys = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            records.add(p.record());
            keys.add(p.key());
        }
        List<RecordSink.Outcome> outcomes;
        String idempotencyKey = intents.open(batch);
        try {
            outcomes = sink.write(records, keys, runId, idempotencyKey);
        } catch (BatchRejectedException e) {
            intents.refused(idempotencyKey);
            if (batch.size() == 1) {
                deadLetters.add(batch.getFirst().key(), e.getMessage(), ErrorClasses.of(e, ErrorClasses.RECORD_REFUSED), batch.getFirst().record(),
                        batch.getFirst().source());
                return;
            }
            // isolate the records the destination refuses: split and try each half
            int half = batch.size() / 2;
            write(batch.subList(0, half));
            write(batch.subList(half, batch.size()));
            return;
        }
        if (outcomes.size() != batch.size()) {
            throw new IllegalStateException("the destination returned " + outcomes.size() + " results for " + batch.size() + " records; cannot tell which were written");
        }
        Map<String, String> written = new HashMap<>();
        Set<String> newKeys = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            RecordSink.Outcome outcome = outcomes.get(i);
            if (outcome.ok()) {
                boolean inserted = outcome.inserted() != null ? outcome.inserted() : !p.known();
                (inserted ? counters.inserted : counters.updated).increment();
                written.put(p.key(), p.fingerprint());
                if (!p.known()) {
                    newKeys.add(p.key());
                }
            } else {
                deadLetters.add(p.key(), outcome.error(), ErrorClasses.refused(outcome.code()), p.record(), p.source());
            }
        }
        intents.complete(idempotencyKey, written, newKeys);
    }
}
