package dev.junction.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.RunRecord;
import dev.junction.store.Store;
import dev.junction.sync.internal.RunExecution;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs syncs: reads pages from the source, maps each record, skips records whose fingerprint is
 * unchanged, writes the rest in batches (in parallel up to the sync's concurrency), and accounts
 * for every record: written, unchanged, or a dead letter with its reason. The run and its counters
 * are kept in the store; an incremental checkpoint moves only after every record before it is
 * written or dead-lettered.
 */
public final class SyncEngine {
    private final Store store;
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<String> runIds;

    public SyncEngine(Store store, ObjectMapper json, Clock clock) {
        this(store, json, clock, () -> UUID.randomUUID().toString());
    }

    public SyncEngine(Store store, ObjectMapper json, Clock clock, Supplier<String> runIds) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.runIds = runIds;
    }

    /**
     * Runs the job to its end and returns the finished run. Never throws for a failed run: the
     * returned record has status FAILED and the reason.
     */
    public RunRecord run(SyncJob job, RunListener listener) {
        return new RunExecution(runIds.get(), job, store, json, clock, listener).execute();
    }
}
