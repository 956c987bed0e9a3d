package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.ErrorClass;
import dev.junction.sync.BatchRejectedException;
import dev.junction.sync.RecordSink;
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
        // no loop of its own here (see account)
        List<JsonNode> records = batch.stream().<JsonNode>map(Pending::record).toList();
        List<String> keys = batch.stream().map(Pending::key).toList();
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
        account(batch, outcomes, idempotencyKey);
    }

    /**
     * Counts each record written or dead-letters it, then saves the written ones' fingerprints. A loop
     * of its own: a loop over 100 records in {@link #write} had the JIT compile that method a second
     * time on-stack, the sink's call inlined (issue 18's profile).
     */
    private void account(List<Pending> batch, List<RecordSink.Outcome> outcomes, String idempotencyKey) {
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
