package dev.junction.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * How a mirror job removes the records gone from its source: after a full read that finished, every
 * key this sync wrote before (it has a fingerprint) but did not read this time is sent to
 * {@code sink} as {@code {key: K}} (a hard delete), or as {@code {key: K, softField: softValue}}
 * (a soft delete, {@code softField} not null). A run that would delete more than
 * {@code maxPercent} of the keys known when it started deletes nothing and fails, unless
 * {@code force}. {@code afterRead} is false for runs whose read is not the whole source (a replay):
 * they only retry failed deletes.
 */
public record Deletes(RecordSink sink, String softField, JsonNode softValue, int maxPercent, boolean force, boolean afterRead) {
    public Deletes {
        Objects.requireNonNull(sink, "sink");
        if (maxPercent < 0 || maxPercent > 100) {
            throw new IllegalArgumentException("maxPercent must be from 0 to 100, got " + maxPercent);
        }
    }

    /** Hard deletes through {@code sink}, checked against the cap. */
    public static Deletes hard(RecordSink sink, int maxPercent) {
        return new Deletes(sink, null, null, maxPercent, false, true);
    }

    /** Soft deletes: {@code field} set to {@code value}, sent through {@code sink}. */
    public static Deletes soft(RecordSink sink, String field, JsonNode value, int maxPercent) {
        return new Deletes(sink, Objects.requireNonNull(field, "field"), value, maxPercent, false, true);
    }

    public boolean soft() {
        return softField != null;
    }

    /** The same deletes without the cap ({@code junction run --force-deletes}). */
    public Deletes forced() {
        return new Deletes(sink, softField, softValue, maxPercent, true, afterRead);
    }

    /** The same deletes for a run that does not read the whole source: failed deletes are retried, nothing else. */
    public Deletes retryOnly() {
        return new Deletes(sink, softField, softValue, maxPercent, force, false);
    }
}
