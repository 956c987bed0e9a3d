package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.junction.engine.internal.CompiledFlow;
import dev.junction.engine.internal.FlowAdmission;
import dev.junction.engine.internal.FlowAwait;
import dev.junction.engine.internal.FlowExecutor;
import dev.junction.engine.internal.FlowLeases;
import dev.junction.engine.internal.FlowRunner;
import dev.junction.engine.internal.FlowStarts;
import dev.junction.engine.internal.FlowStepNames;
import dev.junction.engine.internal.FlowStoreFailures;
import dev.junction.engine.internal.FlowVersions;
import dev.junction.engine.internal.FlowWorker;
import dev.junction.spec.FlowSpec;
import dev.junction.spec.LoadResult;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowStepRecord;
import dev.junction.store.StoredDefinition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Flows: start an execution (stored, {@code queued}, before anything runs), run it on this
 * process's flow workers, wait for its end, show it with its steps. An execution runs on the
 * definition version it was created with, whatever is applied meanwhile. An {@code Idempotency-Key}
 * makes a start happen once: the same key with the same body finds the first execution, with
 * another body it is refused ({@link KeyReused}). See docs/flows.md.
 *
 * <p>A facade: the work is done in {@code internal} by {@link FlowStarts} (storing a start once per
 * key), {@link FlowRunner} (the workers, leases and ends), {@link FlowAwait} (waiting for an end) and
 * {@link FlowVersions} (each version compiled once).
 *
 * <pre>{@code
 * Flows.Started started = engine.flows().start(new Flows.Request("contact-card", null, input, "key-1", body, Flows.Trigger.API));
 * FlowExecution done = engine.flows().await(started.execution().id(), Duration.ofSeconds(30));
 * }</pre>
 */
public final class Flows implements AutoCloseable {
    /**
     * How an execution was asked for: the API endpoint (only flows with {@code trigger: { api }}), by
     * hand (CLI, tests, a sync's hooks), a schedule's fire or an inbox event ({@link FlowTriggers}).
     */
    public enum Trigger {
        API,
        MANUAL,
        SCHEDULE,
        WEBHOOK
    }

    /**
     * A start: the flow, the caller's tenant (null: an operator), the input, the caller's
     * idempotency key (null: none) and the request body it came with (its hash is compared), and a
     * URL the result is POSTed to when the execution ends (null: none; see {@link FlowCallbacks}).
     */
    public record Request(String flow, String tenant, JsonNode input, String idempotencyKey, String body, Trigger trigger, String callback) {
        public Request(String flow, String tenant, JsonNode input, String idempotencyKey, String body, Trigger trigger) {
            this(flow, tenant, input, idempotencyKey, body, trigger, null);
        }
    }

    /** The execution a start stored, or ({@code repeated}) the earlier one with the same idempotency key and body. */
    public record Started(FlowExecution execution, boolean repeated) {}

    /** An applied flow and its current version. */
    public record Applied(FlowSpec spec, int version) {}

    /** The input does not match the flow's input schema: each problem as {@code /path: what}. */
    public static final class InvalidInput extends EngineException {
        private final List<String> problems;

        public InvalidInput(String flow, List<String> problems) {
            super("the input does not match the input schema of flow '" + flow + "': " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The idempotency key was used before with another body (an HTTP 422). */
    public static final class KeyReused extends EngineException {
        public KeyReused(String message) {
            super(message);
        }
    }

    /** The most executions of one tenant running at once, over every process on the store (all flows); unset or 0: no limit. */
    public static final String TENANT_CONCURRENCY_ENV = "JUNCTION_FLOWS_TENANT_CONCURRENCY";

    private static final Duration MIN_RECHECK = Duration.ofMillis(50);

    /** How long {@link #close} lets the executions in flight finish their step. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private final FlowExecutionRepository executions;
    private final Definitions definitions;
    private final Clock clock;
    private final FlowVersions versions;
    private final FlowStarts starts;
    private final FlowLeases leases;
    private final FlowRunner runner;
    private final FlowAwait awaits;
    private final FlowWorker worker;
    /** Sends the callbacks of executions that asked for one; null: this engine has no outbound events. */
    private final FlowCallbacks callbacks;
    private final java.util.function.Consumer<FlowExecution> observer;

    public Flows(FlowExecutionRepository executions, Definitions definitions, Connections connections, ObjectMapper json, Clock clock,
            FlowSettings settings) {
        this(executions, definitions, connections, json, clock, settings, 0);
    }

    /** @param tenantConcurrency the most executions of one tenant running at once (in every process on the store); 0: no limit */
    public Flows(FlowExecutionRepository executions, Definitions definitions, Connections connections, ObjectMapper json, Clock clock,
            FlowSettings settings, int tenantConcurrency) {
        this(executions, definitions, connections, json, clock, settings, tenantConcurrency, null);
    }

    /** @param callbacks sends the callbacks of executions started with one; null: a start with a callback is refused */
    public Flows(FlowExecutionRepository executions, Definitions definitions, Connections connections, ObjectMapper json, Clock clock,
            FlowSettings settings, int tenantConcurrency, FlowCallbacks callbacks) {
        this(executions, definitions, connections, json, clock, settings, tenantConcurrency, callbacks, execution -> { });
    }

    /** @param observer told of every execution that ended here (succeeded, failed or cancelled): the process's meters */
    public Flows(FlowExecutionRepository executions, Definitions definitions, Connections connections, ObjectMapper json, Clock clock,
            FlowSettings settings, int tenantConcurrency, FlowCallbacks callbacks, java.util.function.Consumer<FlowExecution> observer) {
        this.callbacks = callbacks;
        this.observer = observer;
        this.executions = executions;
        this.definitions = definitions;
        this.clock = clock;
        this.versions = new FlowVersions(definitions);
        this.starts = new FlowStarts(executions, clock);
        this.leases = new FlowLeases(executions, clock, settings.leaseTtl(), java.lang.management.ManagementFactory.getRuntimeMXBean().getName()
                + "/flows/" + UUID.randomUUID().toString().substring(0, 8));
        FlowExecutor executor = new FlowExecutor(executions, connections, definitions::recent, json, clock, new dev.junction.engine.internal.FlowSubFlows(
                executions, versions::current, versions::compiled, clock, leases),
                dev.junction.http.Sleeper.system());
        this.runner = new FlowRunner(executions, versions, executor, leases, new FlowAdmission(executions, leases, clock, tenantConcurrency,
                recheck(settings)), new FlowStoreFailures(clock), json, clock, this::execution, this::ended);
        this.awaits = new FlowAwait(runner, this::execution);
        this.worker = new FlowWorker(executions, runner::room, runner::submit, clock, settings.pollInterval(), settings.retention());
    }

    /**
     * How often a process whose executions wait for a concurrency slot asks the store again (a slot
     * freed in another process is taken then): a quarter of the flow worker's poll interval, at least 50 ms.
     */
    static Duration recheck(FlowSettings settings) {
        Duration quarter = settings.pollInterval().dividedBy(4);
        return quarter.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : quarter;
    }

    /**
     * The tenant concurrency {@value #TENANT_CONCURRENCY_ENV} sets: 0 when unset.
     *
     * @throws EngineException.Invalid when it is not a whole number from 0 to 100000
     */
    public static int tenantConcurrency(String setting) {
        if (setting == null || setting.isBlank()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(setting.strip());
            if (value >= 0 && value <= 100_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EngineException.Invalid(TENANT_CONCURRENCY_ENV + "='" + setting + "' is not a whole number from 0 (no limit) to 100000;"
                + " it is how many flow executions of one tenant run at once");
    }

    /** The applied flows, by name. */
    public List<Applied> list() {
        LoadResult applied = definitions.applied();
        return applied.flows().values().stream().map(f -> new Applied(f, definitions.currentVersion(FlowSpec.KIND, f.name()))).toList();
    }

    /** @throws EngineException.NotFound when no such flow is applied */
    public Applied get(String name) {
        StoredDefinition current = definitions.get(FlowSpec.KIND, name);
        return new Applied(versions.compiled(name, current.version()).spec(), current.version());
    }

    /**
     * Validates the input, stores the execution (or finds the one with the same idempotency key)
     * and hands a new one to a flow worker. Returns at once; {@link #await} waits for the end.
     *
     * @throws EngineException.NotFound when no such flow is applied, or (API) it has no api trigger
     * @throws InvalidInput when the input does not match the schema
     * @throws KeyReused when the idempotency key came before with another body
     */
    public Started start(Request request) {
        StoredDefinition current = definitions.get(FlowSpec.KIND, request.flow());
        CompiledFlow flow = versions.compiled(request.flow(), current.version());
        if (request.trigger() == Trigger.API && !flow.spec().trigger().api()) {
            throw new EngineException.NotFound("flow '" + request.flow() + "' is not called through the API (it has no trigger: { api: {} })");
        }
        JsonNode input = request.input() == null ? NullNode.getInstance() : request.input();
        if (flow.input() != null) {
            List<String> problems = flow.input().problems(input);
            if (!problems.isEmpty()) {
                throw new InvalidInput(request.flow(), problems);
            }
        }
        dev.junction.store.EventSubscription signer = null;
        if (request.callback() != null) {
            if (callbacks == null) {
                throw new EngineException.Invalid("callback: this process sends no outbound events, so it cannot call back");
            }
            signer = callbacks.check(request.callback(), request.tenant());
        }
        Started started = starts.store(request, flow, input);
        if (started.repeated()) {
            return started;
        }
        if (signer != null) {
            callbacks.park(started.execution().id(), signer, request.callback(), request.tenant());
        }
        runner.submit(started.execution().id(), flow.spec().name(), flow.spec().limits().concurrency(), request.tenant(),
                started.execution().createdAt());
        return started;
    }

    /**
     * Runs an execution to its end (or until a {@code wait} parks it) in the calling thread, on its own
     * definition version, under this process's lease: a queued one, a running one whose process died
     * (its lease expired), or a waiting one whose time came; a resumed one goes on after its last
     * completed step. Returns it as it is when it was none of these (another process has it, or it ended).
     */
    public FlowExecution execute(String id) {
        return runner.execute(id);
    }

    /**
     * Cancels an execution: a queued or waiting one ends {@code cancelled} at once; a running one
     * stops before its next step (here at once, in another process at its next lease renewal).
     *
     * @return the execution as it is after
     * @throws EngineException.NotFound when there is no such execution
     * @throws EngineException.Conflict when it ended before
     */
    public FlowExecution cancel(String id) {
        FlowExecution before = execution(id);
        if (before.finished()) {
            throw new EngineException.Conflict("execution " + id + " already ended (" + before.status().word() + "); only a queued, waiting or"
                    + " running execution can be cancelled");
        }
        executions.cancel(id, clock.instant());
        leases.cancel(id);
        FlowExecution after = execution(id);
        ended(after);
        return after;
    }

    /** What follows an execution's end: its callback, when it asked for one, and the meters. */
    private void ended(FlowExecution execution) {
        if (callbacks != null) {
            callbacks.ended(execution);
        }
        if (execution != null && execution.finished()) {
            try {
                observer.accept(execution);
            } catch (RuntimeException e) {
                // meters never fail an execution
            }
        }
    }

    /**
     * Runs a failed execution again from its failed step on the flow's current definition: the steps
     * that succeeded before (matched by name) are not run again, their outputs are reused.
     *
     * @return the execution, queued again and handed to a flow worker
     * @throws EngineException.NotFound when there is no such execution, or its flow is no longer applied
     * @throws EngineException.Conflict when it did not fail, or its failed step is not in the current definition
     */
    public FlowExecution retry(String id) {
        FlowExecution failed = execution(id);
        if (failed.status() != dev.junction.store.FlowExecutionStatus.FAILED) {
            throw new EngineException.Conflict("execution " + id + " is " + failed.status().word() + "; only a failed execution can be retried");
        }
        StoredDefinition current = definitions.get(FlowSpec.KIND, failed.flow());
        CompiledFlow flow = versions.compiled(failed.flow(), current.version());
        String failedStep = executions.steps(id).stream().filter(s -> s.status().equals("failed")).map(FlowStepRecord::step)
                .reduce((first, last) -> last).orElse(null);
        if (failedStep != null && !FlowStepNames.of(flow.spec()).contains(failedStep)) {
            throw new EngineException.Conflict("execution " + id + " failed at step '" + failedStep + "', which version " + current.version()
                    + " of flow '" + failed.flow() + "' no longer has (its steps: " + String.join(", ", FlowStepNames.of(flow.spec()))
                    + "); a retry runs from the failed step, so run the flow again instead");
        }
        if (!executions.retry(id, current.version(), clock.instant())) {
            throw new EngineException.Conflict("execution " + id + " is no longer failed; only a failed execution can be retried");
        }
        runner.submit(id);
        return execution(id);
    }

    /**
     * One pass of what {@code junction serve}'s flow worker does, in the calling thread: runs every
     * execution no process runs now (left queued, or running by a process that died, or waiting
     * whose time came), at most {@code limit}; for a process without the run queue (the CLI).
     *
     * @return the executions it ran, as they are after
     */
    public List<FlowExecution> resumeDue(int limit) {
        java.time.Instant now = clock.instant();
        return executions.claimable(now, now, limit).stream().map(this::execute).toList();
    }

    /** Deletes the executions that ended before {@code before}, in bounded batches; returns how many. */
    public int purge(java.time.Instant before) {
        return worker.purge(before);
    }

    /** One pass of the flow workers' hand-over (as their loop makes): the due executions go to the workers in the background; returns how many. */
    int handOver() {
        return worker.handOver();
    }

    /** The loop that resumes executions no process runs and purges old ones; started with the run queue. */
    dev.junction.engine.internal.Background worker() {
        return worker;
    }

    /**
     * The execution when it has ended, or as it is after {@code timeout} (not ended: still queued or
     * running). Waits on this process's worker, or (an execution another process or request runs)
     * looks at the store now and then.
     */
    public FlowExecution await(String id, Duration timeout) {
        return awaits.await(id, timeout);
    }

    /** @throws EngineException.NotFound when there is no such execution */
    public FlowExecution execution(String id) {
        return executions.find(id).orElseThrow(() -> new EngineException.NotFound("no flow execution '" + id + "'"));
    }

    /** The steps an execution ran, in order. */
    public List<FlowStepRecord> steps(String id) {
        return executions.steps(id);
    }

    /** Executions of a flow (null: any), newest first. */
    public List<FlowExecution> executions(String flow, int limit) {
        return executions.list(flow, limit);
    }

    /**
     * Stops: the executions waiting here for a concurrency slot are handed back at once (still queued),
     * the executions in flight finish the step they are in and are handed back (still running,
     * their lease given up) for any process to resume after it; waits at most {@link #CLOSE_GRACE} for them.
     */
    @Override
    public void close() {
        leases.stopping();
        awaits.close();
        try {
            runner.close(CLOSE_GRACE);
        } finally {
            leases.close();
        }
    }
}
