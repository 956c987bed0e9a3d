package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs flow executions in this process: claims each under this process's lease ({@link FlowLeases}),
 * once its flow's and tenant's concurrency limits let it ({@link FlowAdmission}: in the store, over
 * every process), hands it to a flow worker thread and runs it with the {@link FlowExecutor} on its
 * own definition version. An execution always comes to an end or is left for a process to resume: a
 * store failure under it leaves it running ({@link FlowStoreFailures}), this process stopping hands it
 * back, anything else ends it failed.
 */
public final class FlowRunner {
    private static final int WORKERS = 8;
    /** The most executions handed to this process's workers at once (running or waiting for a worker thread). */
    private static final int IN_FLIGHT = 4 * WORKERS;

    private final FlowExecutionRepository executions;
    private final FlowVersions versions;
    private final FlowExecutor executor;
    private final FlowLeases leases;
    private final FlowAdmission admission;
    private final FlowStoreFailures storeFailures;
    private final ObjectMapper json;
    private final Clock clock;
    private final Function<String, FlowExecution> byId;
    private final Consumer<FlowExecution> ended;
    private final ExecutorService workers;
    private final Map<String, CompletableFuture<FlowExecution>> running = new ConcurrentHashMap<>();

    /**
     * @param byId reads an execution; throws {@code EngineException.NotFound} when there is no such execution
     * @param ended told of every execution that ended here (or, when it could not be read back, null): its callback and meters
     */
    public FlowRunner(FlowExecutionRepository executions, FlowVersions versions, FlowExecutor executor, FlowLeases leases, FlowAdmission admission,
            FlowStoreFailures storeFailures, ObjectMapper json, Clock clock, Function<String, FlowExecution> byId,
            Consumer<FlowExecution> ended) {
        this.executions = executions;
        this.versions = versions;
        this.executor = executor;
        this.leases = leases;
        this.admission = admission;
        this.storeFailures = storeFailures;
        this.json = json;
        this.clock = clock;
        this.byId = byId;
        this.ended = ended;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "flow-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** How many more executions the flow workers take now. */
    public int room() {
        return IN_FLIGHT - running.size();
    }

    /** The end of the execution this process's workers have now (see {@link #submit(String, String, int, String)}); null when they do not have it. */
    public CompletableFuture<FlowExecution> inFlight(String id) {
        return running.get(id);
    }

    /**
     * Runs (or resumes) an execution the worker picked up, within its flow's and tenant's limits.
     * Nothing when this process has it already.
     */
    public void submit(String id) {
        FlowExecution execution = executions.find(id).orElse(null);
        if (execution == null) {
            return;
        }
        int flowLimit;
        try {
            flowLimit = versions.compiled(execution.flow(), execution.version()).spec().limits().concurrency();
        } catch (RuntimeException e) {
            flowLimit = 0; // its version cannot be loaded: executing it says so and ends it
        }
        submit(id, execution.flow(), flowLimit, execution.tenant(), execution.createdAt());
    }

    /**
     * Runs a queued execution on a flow worker once the flow's and the tenant's concurrency limits
     * let it ({@link FlowAdmission}); what {@link FlowAwait#await} waits for.
     * Nothing when this process has it already.
     *
     * @param createdAt when the execution was created: executions waiting for a limit start oldest first
     */
    public void submit(String id, String flow, int flowLimit, String tenant, java.time.Instant createdAt) {
        CompletableFuture<FlowExecution> done = new CompletableFuture<>();
        if (running.putIfAbsent(id, done) != null) {
            return;
        }
        if (!admission.limited(flowLimit)) {
            workers.execute(() -> run(id, done, this::execute));
            return;
        }
        admission.admit(id, flow, flowLimit, tenant, createdAt, () -> {
            try {
                workers.execute(() -> run(id, done, this::executeHeld));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                leases.handBack(id); // claimed as the workers stopped: any process resumes it
                gone(id, done);
            }
        }, () -> gone(id, done));
    }

    /** The execution is not run here (another process took it, it ended, this process stops): its waiters get it as the store has it. */
    private void gone(String id, CompletableFuture<FlowExecution> done) {
        running.remove(id);
        try {
            done.complete(executions.find(id).orElseThrow(() -> new IllegalStateException("flow execution " + id + " is no longer stored")));
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** Runs {@code body} on the execution in this worker thread: what ends it, whatever happens. */
    private void run(String id, CompletableFuture<FlowExecution> done, Function<String, FlowExecution> body) {
        try {
            done.complete(body.apply(id));
        } catch (RuntimeException | Error e) {
            StoreException store = FlowStoreFailures.storeFailure(e);
            if (store != null) {
                // the store failed before the claim, or also when the execution was read back: it stays as the store has it,
                // and is resumed once a lease it may hold expires
                storeFailures.unclaimed(id, store);
                done.completeExceptionally(e);
                return;
            }
            // whatever else went wrong, the execution ends (failed) rather than staying running with no one on it
            String error = e instanceof dev.junction.JunctionException ? "the execution could not go on: " + e.getMessage()
                    : "unexpected error (a Junction bug, please report it): " + e.getClass().getSimpleName();
            try {
                endFailed(id, error);
            } finally {
                done.completeExceptionally(e);
            }
        } finally {
            running.remove(id);
            admission.release();
        }
    }

    /** Ends the execution failed with a 500 answer saying {@code error}; returns it as it is after. */
    private FlowExecution endFailed(String id, String error) {
        executions.finish(id, dev.junction.store.FlowExecutionStatus.FAILED, 500,
                json.createObjectNode().put("title", "The flow failed").put("detail", error).toString(), error, clock.instant());
        FlowExecution after = executions.find(id).orElse(null);
        ended.accept(after);
        return after;
    }

    /**
     * Runs an execution to its end (or until a {@code wait} parks it) in the calling thread, on its own
     * definition version, under this process's lease: a queued one, a running one whose process died
     * (its lease expired), or a waiting one whose time came; a resumed one goes on after its last
     * completed step. Returns it as it is when it was none of these (another process has it, or it ended).
     */
    public FlowExecution execute(String id) {
        byId.apply(id);
        if (!leases.claim(id, null)) {
            return executions.find(id).orElseThrow();
        }
        return executeHeld(id);
    }

    /** Runs an execution this process claimed (see {@link #execute}); gives its lease up when it ends or is handed back. */
    private FlowExecution executeHeld(String id) {
        try {
            FlowExecution after = executeClaimed(id);
            storeFailures.ran(id);
            ended.accept(after);
            return after;
        } catch (FlowLeases.HandedBack stopping) {
            leases.handBack(id);
            return executions.find(id).orElseThrow();
        } catch (RuntimeException e) {
            dev.junction.store.StoreException store = FlowStoreFailures.storeFailure(e);
            if (store == null) {
                throw e;
            }
            try {
                storeFailures.failed(id, store);
            } catch (FlowStoreFailures.GaveUp last) {
                return endFailed(id, "the execution could not go on: " + last.getMessage());
            }
            leases.abandon(id); // its lease expires though this process runs others: then any process resumes it
            try {
                return executions.find(id).orElseThrow(); // still running under the lease no longer renewed here
            } catch (RuntimeException notReadable) {
                e.addSuppressed(notReadable);
                throw e; // left running all the same: its lease expires and it is resumed
            }
        } finally {
            leases.release(id);
        }
    }

    private FlowExecution executeClaimed(String id) {
        FlowExecution execution = byId.apply(id); // read after the claim: a retry may have moved it to another version
        CompiledFlow flow;
        try {
            flow = versions.compiled(execution.flow(), execution.version());
        } catch (RuntimeException e) {
            String error = "version " + execution.version() + " of flow '" + execution.flow() + "' cannot be loaded: " + e.getMessage();
            executions.finish(id, dev.junction.store.FlowExecutionStatus.FAILED, 500,
                    json.createObjectNode().put("title", "The flow failed").put("detail", error).toString(), error, clock.instant());
            return executions.find(id).orElseThrow();
        }
        FlowResume resume = FlowResume.of(executions.resumable(id, execution.tenant()), json);
        return executor.run(execution, flow, resume, leases.owner(), () -> leases.cancelRequested(id));
    }

    /**
     * Stops the workers: the executions waiting for a concurrency slot are handed back at once, the
     * executions in flight finish the step they are in (their leases, stopping, hand them back); waits
     * at most {@code grace} for them.
     */
    public void close(Duration grace) {
        admission.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                workers.shutdownNow(); // their leases expire unrenewed: another process resumes them
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
