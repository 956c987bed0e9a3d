package dev.junction.engine.internal;

import dev.junction.runtime.Tenants;
import dev.junction.spec.LoadResult;
import dev.junction.spec.ScheduleSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.store.RunQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.ScheduleState;
import dev.junction.store.ScheduleTick;
import dev.junction.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a schedule's {@value QueueScheduler#SCHEDULE_TASK} execution does when it comes due, and how
 * the executions are kept in step with the applied definitions. A fire:
 *
 * <ol>
 *   <li>of a schedule whose sync (or tenant) is gone or has no schedule any more: removes the execution;
 *   <li>while the schedule is paused: only moves on to the next fire;
 *   <li>more than one period late (no scheduler ran) with {@code catchUp: none}: is recorded missed;
 *   <li>while a run of the sync (tenant) is queued or running: with {@code overlap: skip} is recorded
 *       skipped; with {@code overlap: queue} queues one run unless one is queued already (then skipped);
 *   <li>otherwise queues a run through the run queue, trigger {@code schedule}.
 * </ol>
 *
 * The next fire is the schedule's next after the due time, or after now when that has passed too: a
 * late fire never brings a burst of catch-up runs.
 */
public final class ScheduleFires implements QueueScheduler.Fires {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFires.class);
    /** The fires kept per schedule in its history. */
    public static final int KEEP_TICKS = 100;
    public static final String TRIGGER = "schedule";
    /** The prefix of a flow's schedule among the syncs' ({@code flow:NAME}): a sync name holds no {@code :}. */
    public static final String FLOW = "flow:";

    /**
     * A scheduled sync: one per classic sync with a schedule, one per eligible tenant of a per-tenant one;
     * or a flow with {@code trigger: { schedule }}, its {@code sync} being {@code flow:NAME}.
     */
    public record Target(String sync, String tenant, ScheduleSpec schedule) {
        /** The flow it starts, or null for a sync's schedule. */
        public String flow() {
            return sync.startsWith(FLOW) ? sync.substring(FLOW.length()) : null;
        }

        public String id() {
            return id(sync, tenant);
        }

        public static String id(String sync, String tenant) {
            return tenant == null ? sync : sync + "/" + tenant;
        }
    }

    private final Store store;
    private final Supplier<LoadResult> definitions;
    private final Supplier<LoadResult> stored;
    private final Function<dev.junction.engine.Runs.Request, RunRecord> submit;
    /** Starts a flow's execution for a fire due at the instant; its id. */
    private final java.util.function.BiFunction<String, Instant, String> startFlow;
    private final QueueScheduler scheduler;
    private final Clock clock;
    private final Duration lateness;
    private volatile LoadResult reconciled;

    /**
     * @param submit queues a run (the run queue's one door)
     * @param lateness how late a fire may come after its following fire time before it counts as more than a period late:
     *     a few poll intervals, so that a busy poller does not count as downtime
     */
    /** {@code recent}: the applied definitions as recently checked (each fire reads them); {@code stored}: as stored now, asked before a schedule is taken for gone. */
    public ScheduleFires(Store store, Supplier<LoadResult> recent, Supplier<LoadResult> stored, Function<dev.junction.engine.Runs.Request, RunRecord> submit,
            QueueScheduler scheduler, Clock clock, Duration lateness) {
        this(store, recent, stored, submit, (flow, due) -> {
            throw new IllegalStateException("this process starts no flows");
        }, scheduler, clock, lateness);
    }

    /** @param startFlow starts an execution of a flow with a schedule for the fire due at the instant, returning its id */
    public ScheduleFires(Store store, Supplier<LoadResult> recent, Supplier<LoadResult> stored, Function<dev.junction.engine.Runs.Request, RunRecord> submit,
            java.util.function.BiFunction<String, Instant, String> startFlow, QueueScheduler scheduler, Clock clock, Duration lateness) {
        this.startFlow = startFlow;
        this.store = store;
        this.definitions = recent;
        this.stored = stored;
        this.submit = submit;
        this.scheduler = scheduler;
        this.clock = clock;
        this.lateness = lateness;
    }

    /** Every schedule the definitions ask for, by id. */
    public static Map<String, Target> targets(LoadResult definitions) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (SyncSpec spec : definitions.syncs().values()) {
            if (spec.schedule() == null) {
                continue;
            }
            if (!spec.perTenant()) {
                targets.put(Target.id(spec.name(), null), new Target(spec.name(), null, spec.schedule()));
            } else {
                for (String tenant : Tenants.eligible(definitions, spec)) {
                    targets.put(Target.id(spec.name(), tenant), new Target(spec.name(), tenant, spec.schedule()));
                }
            }
        }
        for (dev.junction.spec.FlowSpec flow : definitions.flows().values()) {
            if (flow.trigger() != null && flow.trigger().schedule() != null) {
                targets.put(FLOW + flow.name(), new Target(FLOW + flow.name(), null, flow.trigger().schedule()));
            }
        }
        return targets;
    }

    /** The schedule with id {@code id}, if the definitions still ask for it. */
    public static Optional<Target> target(LoadResult definitions, String id) {
        if (id.startsWith(FLOW)) {
            dev.junction.spec.FlowSpec flow = definitions.flows().get(id.substring(FLOW.length()));
            return flow == null || flow.trigger() == null || flow.trigger().schedule() == null ? Optional.empty()
                    : Optional.of(new Target(id, null, flow.trigger().schedule()));
        }
        int slash = id.indexOf('/');
        String sync = slash < 0 ? id : id.substring(0, slash);
        String tenant = slash < 0 ? null : id.substring(slash + 1);
        SyncSpec spec = definitions.syncs().get(sync);
        if (spec == null || spec.schedule() == null || spec.perTenant() != (tenant != null)
                || tenant != null && !Tenants.eligible(definitions, spec).contains(tenant)) {
            return Optional.empty();
        }
        return Optional.of(new Target(sync, tenant, spec.schedule()));
    }

    /** The fire after {@code due}, or after {@code now} when that has passed too. */
    public static Instant next(ScheduleSpec schedule, Instant due, Instant now) {
        Instant next = schedule.nextAfter(due);
        return next.isAfter(now) ? next : schedule.nextAfter(now);
    }

    /** Whether the schedule (or, for a tenant's, its sync as a whole) is paused. */
    public boolean paused(String sync, String tenant) {
        return store.schedules().find(sync, tenant).map(ScheduleState::paused).orElse(false)
                || tenant != null && store.schedules().find(sync, null).map(ScheduleState::paused).orElse(false);
    }

    @Override
    public QueueScheduler.Next fire(String id, String timing, Instant due) {
        Optional<Target> found = target(definitions.get(), id);
        if (found.isEmpty()) {
            found = target(stored.get(), id); // changed by another process a moment ago?
        }
        if (found.isEmpty()) {
            LOG.info("Schedule {} is no longer in the applied definitions; its execution is removed", id);
            return null;
        }
        Target target = found.get();
        ScheduleSpec schedule = target.schedule();
        Instant now = clock.instant();
        QueueScheduler.Next next = new QueueScheduler.Next(next(schedule, due, now), schedule.timing());
        if (!schedule.timing().equals(timing)) {
            // changed since it was scheduled: this fire was due under the old timing; the new one decides from now on
            return new QueueScheduler.Next(schedule.nextAfter(now), schedule.timing());
        }
        if (paused(target.sync(), target.tenant())) {
            return next;
        }
        boolean late = !schedule.nextAfter(due).plus(lateness).isAfter(now);
        if (late && schedule.catchUp() == ScheduleSpec.CatchUp.NONE) {
            record(target, due, now, "missed", null, "due at " + due + " but fired at " + now + ", more than one period late (no scheduler was"
                    + " running); catchUp: none skips it");
            return next;
        }
        String busy = target.flow() != null ? null : busy(target, schedule.overlap());
        if (busy != null) {
            record(target, due, now, "skipped", null, busy);
            return next;
        }
        try {
            // a flow's execution queues like a run; its own concurrency limits say when it runs
            String started = target.flow() != null ? startFlow.apply(target.flow(), due)
                    : submit.apply(new dev.junction.engine.Runs.Request(target.sync(), target.tenant(), TRIGGER, false)).id();
            record(target, due, now, "queued", started, late ? "caught up once on the fire due at " + due + " (catchUp: one)" : null);
        } catch (RuntimeException e) {
            record(target, due, now, "failed", null, "could not " + (target.flow() != null ? "start an execution" : "queue a run") + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        return next;
    }

    /** Why a fire does not queue a run now, or null when it does. */
    private String busy(Target target, ScheduleSpec.Overlap overlap) {
        Optional<RunRecord> queued = first(target, RunStatus.QUEUED);
        if (queued.isPresent()) {
            return "run " + queued.get().id() + " is still queued; " + (overlap == ScheduleSpec.Overlap.QUEUE
                    ? "overlap: queue keeps one run waiting, not more" : "overlap: skip starts none while one is queued or running");
        }
        Optional<RunRecord> running = first(target, RunStatus.RUNNING);
        if (running.isPresent() && overlap == ScheduleSpec.Overlap.SKIP) {
            return "run " + running.get().id() + " is still running; overlap: skip starts none while one is queued or running";
        }
        return null;
    }

    private Optional<RunRecord> first(Target target, RunStatus status) {
        return store.runs().find(new RunQuery(target.sync(), target.tenant(), status, null, null, null, null, 1)).items().stream().findFirst();
    }

    private void record(Target target, Instant due, Instant now, String outcome, String runId, String reason) {
        store.schedules().recordFire(new ScheduleTick(0, target.sync(), target.tenant(), due, now, outcome, runId, reason), KEEP_TICKS);
        if ("queued".equals(outcome)) {
            LOG.info("Schedule {} queued run {}{}", target.id(), runId, reason == null ? "" : " (" + reason + ")");
        } else {
            LOG.info("Schedule {} fire due at {}: {}, {}", target.id(), due, outcome, reason);
        }
    }

    @Override
    public void reconcileIfChanged() {
        LoadResult now = stored.get();
        if (now != reconciled) {
            reconcile(now);
        }
    }

    /**
     * Adds an execution for every schedule the definitions ask for that has none, moves those whose
     * timing changed to their next fire from now, and removes those of schedules that are gone. An
     * execution being fired is left to its fire, which does the same for itself.
     */
    public synchronized void reconcile(LoadResult applied) {
        Instant now = clock.instant();
        QueueScheduler.Reconciled done = scheduler.reconcile(QueueScheduler.SCHEDULE_TASK, targets(applied).values().stream()
                .map(t -> new QueueScheduler.Wanted(t.id(), t.schedule().timing(), t.schedule().nextAfter(now))).toList());
        reconciled = applied;
        if (done.any()) {
            LOG.info("Schedules in step with the definitions: {} added, {} moved to a new timing, {} removed", done.added(), done.moved(),
                    done.removed());
        }
    }
}
