package dev.junction.engine.internal;

import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Meters of ended runs: records by sync, tenant and outcome, and one timer per sync, trigger and
 * status. Counted when a run ends (as the store records it), so a long run's records show at its end.
 */
public final class RunMeters {
    /** The tenant label of a classic (not per-tenant) sync's runs. */
    public static final String NO_TENANT = "none";
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3)};

    private final MeterRegistry registry;
    private final boolean tenantLabel;

    public RunMeters(MeterRegistry registry, boolean tenantLabel) {
        this.registry = registry;
        this.tenantLabel = tenantLabel;
    }

    public void ended(RunRecord run) {
        RunCounters counters = run.counters() == null ? RunCounters.ZERO : run.counters();
        Tags tags = Tags.of("sync", run.sync());
        if (tenantLabel) {
            tags = tags.and("tenant", run.tenant() == null ? NO_TENANT : run.tenant());
        }
        records(tags, "inserted", counters.inserted());
        records(tags, "updated", counters.updated());
        records(tags, "unchanged", counters.unchanged());
        records(tags, "failed", counters.failed());
        records(tags, "deleted", counters.deleted());
        records(tags, "skipped", counters.skipped());
        if (run.startedAt() != null && run.finishedAt() != null) {
            Timer.builder("junction.run.duration")
                    .description("Runs that ended, by sync, trigger and status (the _count is the number of runs)")
                    .tags("sync", run.sync(), "trigger", run.trigger() == null ? "unknown" : run.trigger(),
                            "status", run.status().name().toLowerCase(Locale.ROOT))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry)
                    .record(Duration.between(run.startedAt(), run.finishedAt()));
        }
    }

    private void records(Tags tags, String outcome, long count) {
        Counter counter = Counter.builder("junction.records")
                .description("Records of ended runs, by sync, tenant and what became of them")
                .tags(tags.and("outcome", outcome))
                .register(registry);
        if (count > 0) {
            counter.increment(count);
        }
    }
}
