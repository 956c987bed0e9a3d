package dev.junction.sync;

import dev.junction.store.Lease;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.sync.internal.StaleRuns;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops runs, whatever became of their process. A live run (its lease renewed by a live process)
 * is asked to stop: it finishes its calls in flight and ends {@code CANCELLED}. A run whose process
 * is gone — its lease expired, its holder's process provably dead (see {@link LeaseKeeper}), or it
 * holds no lease at all — is marked {@code ABANDONED} at once and its sync's lease is freed, so the
 * next run of the sync starts without waiting. Works from any process on the same store.
 */
public final class RunCancel {
    /** How far back in a sync's history {@link #cancelAll} looks for running runs. */
    private static final int LOOK_BACK = 100;

    /** What {@link #cancel} did. */
    public enum Outcome {
        /** The run is alive: it was asked to stop, and ends cancelled after its calls in flight. */
        ASKED_TO_STOP,
        /** Its process is gone: the run was marked abandoned and its lease freed. */
        ABANDONED,
        /** The run had already ended; nothing changed. */
        ALREADY_FINISHED,
        /** No run has that id. */
        NOT_FOUND
    }

    /**
     * What happened to run {@code runId}: {@code run} is the run as it is now (null when not found),
     * {@code lease} the lease it held when that decided the outcome (null when none).
     */
    public record Result(Outcome outcome, String runId, RunRecord run, Lease lease) {}

    private final Store store;
    private final LeaseKeeper leases;
    private final Clock clock;

    /** {@code leases}: the process's keeper, which judges whether a lease's holder is alive. */
    public RunCancel(Store store, LeaseKeeper leases, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Asks run {@code runId} to stop, or marks it abandoned when its process is gone. */
    public Result cancel(String runId) {
        Optional<RunRecord> found = store.runs().find(runId);
        if (found.isEmpty()) {
            return new Result(Outcome.NOT_FOUND, runId, null, null);
        }
        RunRecord run = found.get();
        if (run.status() != RunStatus.RUNNING) {
            return new Result(Outcome.ALREADY_FINISHED, runId, run, null);
        }
        Instant now = clock.instant();
        Lease own = store.leases().find(SyncJob.stateKey(run.sync(), run.tenant())).filter(l -> l.owner().equals(runId)).orElse(null);
        if (own != null && !leases.abandoned(own, now)) {
            boolean asked = store.runs().requestCancel(runId, now);
            return new Result(asked ? Outcome.ASKED_TO_STOP : Outcome.ALREADY_FINISHED, runId, now(runId, run), own);
        }
        return abandon(run, own, now, "the next run resumes from the last checkpoint");
    }

    /**
     * {@link #cancel} for every running run of {@code sync}: of tenant {@code tenant}, or of every tenant (and
     * the classic sync) when null. Newest first; empty when none runs.
     */
    public List<Result> cancelAll(String sync, String tenant) {
        List<Result> results = new ArrayList<>();
        for (RunRecord run : store.runs().list(sync, tenant, LOOK_BACK)) {
            if (run.status() == RunStatus.RUNNING) {
                results.add(cancel(run.id()));
            }
        }
        return results;
    }

    /**
     * Frees the lease of {@code stateKey} when nobody keeps it (expired, or its holder's process is
     * gone), marking its run abandoned if it was still running: what a run starting now would do.
     *
     * @return what was done, or empty when the lease is free or kept by a live run
     */
    public Optional<Result> freeIfAbandoned(String stateKey) {
        Instant now = clock.instant();
        Optional<Lease> lease = store.leases().find(stateKey);
        if (lease.isEmpty() || !leases.abandoned(lease.get(), now)) {
            return Optional.empty();
        }
        Optional<RunRecord> run = store.runs().find(lease.get().owner()).filter(r -> r.status() == RunStatus.RUNNING);
        if (run.isPresent()) {
            return Optional.of(abandon(run.get(), lease.get(), now, "the next run resumes from the last checkpoint"));
        }
        store.leases().release(lease.get());
        return Optional.of(new Result(Outcome.ABANDONED, lease.get().owner(), null, lease.get()));
    }

    private Result abandon(RunRecord run, Lease held, Instant now, String then) {
        String reason = StaleRuns.reason(held, held != null && leases.holderGone(held), then);
        boolean abandoned = store.runs().abandon(run.id(), reason, now);
        if (held != null) {
            store.leases().release(held); // only while it still names that holder
        }
        return new Result(abandoned ? Outcome.ABANDONED : Outcome.ALREADY_FINISHED, run.id(), now(run.id(), run), held);
    }

    private RunRecord now(String runId, RunRecord before) {
        return store.runs().find(runId).orElse(before);
    }
}
