package dev.junction.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.RunRecord;
import java.util.List;

/**
 * What a run would do, found by reading, mapping and diffing without writing anything: the run's
 * counters say how many records would be inserted, updated, left unchanged, skipped by the write
 * mode, or would fail; {@code samples} shows a few of each. A dry run stores nothing: no run, no
 * fingerprints, no checkpoint, no dead letters.
 */
public record DryRun(RunRecord run, List<Sample> samples) {
    public DryRun {
        samples = List.copyOf(samples);
    }

    /** One record the run would write ({@code insert}, {@code update}) or could not ({@code fail}, with the reason). */
    public record Sample(Change change, String key, JsonNode record, String reason) {}

    public enum Change {
        INSERT,
        UPDATE,
        /** Mode mirror: a key this sync wrote before that the read did not return (the record is the delete it would send). */
        DELETE,
        FAIL
    }
}
