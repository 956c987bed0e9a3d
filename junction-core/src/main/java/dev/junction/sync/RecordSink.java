package dev.junction.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Where a sync writes mapped records: a destination action. Writes must be idempotent by key
 * (upserts), so a replay after a crash changes nothing twice.
 */
public interface RecordSink {
    /** The most records one {@link #write} may carry. */
    int maxBatchSize();

    /** The most bytes of records (their JSON array, compact UTF-8) one {@link #write} may carry; 0 for no limit. */
    default long maxBatchBytes() {
        return 0;
    }

    /**
     * Writes records (with their destination keys, same order) and returns one outcome per record,
     * in input order.
     *
     * @throws BatchRejectedException when the destination rejected the whole call for a reason that
     *     a retry cannot fix (HTTP 400 and the like); the engine then isolates the bad records
     * @throws RuntimeException anything else (destination down, retries exhausted, auth) fails the run
     */
    List<Outcome> write(List<JsonNode> records, List<String> keys, String runId);

    /**
     * Whether {@link #write(List, List, String, String)} passes an idempotency key on, so that the
     * destination applies a call sent twice with the same key only once. The engine then saves each
     * batch before sending it and, after a crash, sends it again with the same key.
     */
    default boolean takesIdempotencyKey() {
        return false;
    }

    /** Like {@link #write(List, List, String)}, carrying {@code idempotencyKey}; by default it is ignored. */
    default List<Outcome> write(List<JsonNode> records, List<String> keys, String runId, String idempotencyKey) {
        return write(records, keys, runId);
    }

    /**
     * The result for one record. {@code inserted} is null when the destination does not say whether
     * it created or updated the record. {@code error} is set exactly when {@code ok} is false;
     * {@code code} is the destination's own code for the failure, or null.
     */
    record Outcome(boolean ok, Boolean inserted, String error, String code) {
        public Outcome(boolean ok, Boolean inserted, String error) {
            this(ok, inserted, error, null);
        }

        public static Outcome success(Boolean inserted) {
            return new Outcome(true, inserted, null);
        }

        public static Outcome failure(String error) {
            return new Outcome(false, null, error);
        }

        /** A failure with the destination's own code for it (null: none). */
        public static Outcome failure(String error, String code) {
            return new Outcome(false, null, error, code);
        }
    }
}
