package dev.junction.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.spec.SyncSpec;
import dev.junction.store.DeadLetter;
import dev.junction.store.ErrorClass;
import dev.junction.store.Store;
import dev.junction.sync.DryRun;
import dev.junction.sync.SyncJob;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * A run's permanently failed records: each is counted and stored as a dead letter with its reason,
 * mapped payload and source record (a dry run keeps it as a sample instead), and stops the run when
 * the sync says so ({@code onRowError: fail}) or failures pass the run's abort threshold.
 */
final class RunFailures {
    private final String runId;
    private final SyncJob job;
    private final Store store;
    private final Clock clock;
    private final LiveCounters counters;
    private final DryRunSamples samples;
    private final boolean dryRun;
    private final RunControl control;
    private final Consumer<String> stop;

    /** @param stop told why the run must stop (the first reason wins) */
    RunFailures(String runId, SyncJob job, Store store, Clock clock, LiveCounters counters, DryRunSamples samples, boolean dryRun, RunControl control,
            Consumer<String> stop) {
        this.runId = runId;
        this.job = job;
        this.store = store;
        this.clock = clock;
        this.counters = counters;
        this.samples = samples;
        this.dryRun = dryRun;
        this.control = control;
        this.stop = stop;
    }

    void add(String key, String reason, ErrorClass errorClass, JsonNode payload, JsonNode source, DeadLetter.Kind kind) {
        counters.failed.increment();
        if (dryRun) {
            samples.offer(DryRun.Change.FAIL, key, payload != null ? payload : source, reason);
        } else {
            store.deadLetters().add(new DeadLetter(0, clock.instant(), runId, job.sync(), key, reason, payload == null ? null : payload.toString(),
                    source == null ? null : source.toString(), DeadLetter.State.OPEN, null, null, kind, job.tenant(), errorClass));
        }
        if (job.onRowError() == SyncSpec.OnRowError.FAIL) {
            stop.accept("record '" + key + "' failed: " + reason + " (onRowError: fail stops the run)");
        }
        String abort = control.tooManyFailures(counters.failed.sum(), counters.read.sum());
        if (abort != null) {
            stop.accept(abort);
        }
    }
}
