package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.sync.DryRun;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The first few records of each change a dry run found; thread-safe. */
final class DryRunSamples {
    private final int perChange;
    private final List<DryRun.Sample> samples = new ArrayList<>();
    private final Map<DryRun.Change, Integer> counts = new EnumMap<>(DryRun.Change.class);

    DryRunSamples(int perChange) {
        this.perChange = perChange;
    }

    synchronized void offer(DryRun.Change change, String key, JsonNode record, String reason) {
        if (counts.getOrDefault(change, 0) < perChange) {
            counts.merge(change, 1, Integer::sum);
            samples.add(new DryRun.Sample(change, key, record, reason));
        }
    }

    synchronized List<DryRun.Sample> all() {
        return List.copyOf(samples);
    }
}
