package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.flow.FlowExpressions;
import dev.junction.spec.FlowSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.DeadLetterRepository;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.RunRecord;
import dev.junction.sync.RunTriggers;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's {@code hooks:} around its runs: the {@code before} flow runs to its end before the run
 * reads anything, and a run whose before-hook does not succeed does not start: it fails with the
 * hook's reason ({@link Failed}). The {@code after} flow starts once the run ended (succeeded,
 * partial, failed, cancelled or abandoned), with the run as its input's {@code run}; it does not
 * change the run's outcome, and its execution (failed or not) is stored like any other, its
 * idempotency key {@code run:RUN:after} making it start once per run whoever records the end.
 *
 * <p>Runs of a backfill's chunks and runs fed by webhook or poll events run no hooks: one
 * backfill or one stream of events is many runs, and a hook is meant once around a run of the sync.
 * See docs/syncs.md, "Hooks".
 */
final class SyncHooks {
    private static final Logger LOG = LoggerFactory.getLogger(SyncHooks.class);

    /** A before-hook did not succeed: the run does not start. */
    static final class Failed extends EngineException {
        Failed(String message) {
            super(message);
        }
    }

    private final Supplier<Flows> flows;
    private final Function<String, LoadResult> definitions;
    private final DeadLetterRepository deadLetters;
    private final ObjectMapper json;

    /**
     * @param flows the process's flows (made after the runs; read when a hook runs)
     * @param definitions what is applied for a sync (the recent definitions that hold it)
     */
    SyncHooks(Supplier<Flows> flows, Function<String, LoadResult> definitions, DeadLetterRepository deadLetters, ObjectMapper json) {
        this.flows = flows;
        this.definitions = definitions;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    /**
     * Runs the sync's before-hook, if it has one, to its end.
     *
     * @param runId the run it goes before (its key makes a run tried again reuse the hook's first execution); null: not stored yet
     * @throws Failed when the hook's flow failed, was cancelled, or did not end within its timeout
     */
    void before(LoadResult loaded, Runs.Request request, String runId) {
        SyncSpec sync = loaded.syncs().get(request.sync());
        SyncSpec.Hook hook = sync == null ? null : sync.hooks().before();
        if (hook == null || !runsHooks(request.trigger())) {
            return;
        }
        ObjectNode context = context(request.sync(), request.tenant(), request.trigger());
        context.set("run", runId == null ? json.nullNode() : json.createObjectNode().put("runId", runId));
        String what = "the before hook of sync '" + request.sync() + "' (flow '" + hook.flow() + "')";
        FlowExecution ended;
        try {
            JsonNode input = input(hook, context, "hooks.before.input");
            Flows.Started started = flows.get().start(new Flows.Request(hook.flow(), request.tenant(), input,
                    runId == null ? null : "run:" + runId + ":before", null, Flows.Trigger.MANUAL));
            ended = flows.get().await(started.execution().id(), hook.timeout());
        } catch (RuntimeException e) {
            throw new Failed(what + " could not start: " + e.getMessage() + "; the run did not start");
        }
        if (ended.status() == FlowExecutionStatus.SUCCEEDED) {
            return;
        }
        String why = ended.finished() ? ended.status().word() + (ended.error() == null ? "" : ": " + ended.error())
                : "did not end within its timeout of " + Durations.format(hook.timeout()) + " (it goes on)";
        throw new Failed(what + ", execution " + ended.id() + ", " + why + "; the run did not start");
    }

    /** Starts the sync's after-hook, if it has one, for a run that ended; never throws (the run's end stands). */
    void after(RunRecord run) {
        if (!run.status().finished() || !runsHooks(run.trigger())) {
            return;
        }
        try {
            LoadResult loaded = definitions.apply(run.sync());
            SyncSpec sync = loaded == null ? null : loaded.syncs().get(run.sync());
            SyncSpec.Hook hook = sync == null ? null : sync.hooks().after();
            if (hook == null) {
                return;
            }
            long open = run.counters().failed() > 0 ? deadLetters.countOpen(run.sync(), run.tenant(), run.id()) : 0;
            ObjectNode context = context(run.sync(), run.tenant(), run.trigger());
            context.set("run", json.valueToTree(RunEndEvents.runData(run, open)));
            JsonNode input = input(hook, context, "hooks.after.input");
            Flows.Started started = flows.get().start(new Flows.Request(hook.flow(), run.tenant(), input, "run:" + run.id() + ":after", null,
                    Flows.Trigger.MANUAL));
            LOG.info("Run {} of sync '{}' ended {}; its after hook runs as execution {} of flow '{}'", run.id(), run.sync(),
                    run.status().name().toLowerCase(java.util.Locale.ROOT), started.execution().id(), hook.flow());
        } catch (RuntimeException e) {
            LOG.warn("Run {} of sync '{}' ended {}, but its after hook could not start: {}", run.id(), run.sync(), run.status(), e.getMessage());
        }
    }

    /** Backfill chunks and event-fed runs run no hooks. */
    private static boolean runsHooks(String trigger) {
        return !RunTriggers.BACKFILL.equals(trigger) && !RunTriggers.WEBHOOK.equals(trigger) && !RunTriggers.POLL.equals(trigger);
    }

    private ObjectNode context(String sync, String tenant, String trigger) {
        ObjectNode context = json.createObjectNode();
        context.put("sync", sync);
        context.put("tenant", tenant);
        context.put("trigger", trigger);
        return context;
    }

    /** The hook's input: its template over the context, or (none written) the context itself. */
    private JsonNode input(SyncSpec.Hook hook, ObjectNode context, String what) {
        return hook.input() == null ? context : new FlowExpressions(FlowSpec.Limits.DEFAULT).render(hook.input(), context, what);
    }
}
