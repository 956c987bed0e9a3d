package dev.junction.engine;

import dev.junction.engine.internal.QueueScheduler;
import dev.junction.engine.internal.ScheduleFires;
import dev.junction.engine.internal.ScheduleFires.Target;
import dev.junction.runtime.Tenants;
import dev.junction.spec.LoadResult;
import dev.junction.spec.ScheduleSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.store.ScheduleState;
import dev.junction.store.ScheduleTick;
import dev.junction.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs that run by themselves ({@code schedule:} in a sync): one schedule per classic sync, one per
 * eligible tenant of a per-tenant sync. Each is an execution of the run queue's db-scheduler (task
 * {@value QueueScheduler#SCHEDULE_TASK}, shared by the nodes on one PostgreSQL, so each fire is taken
 * by one node) that queues a run through the {@link RunQueue} with trigger {@code schedule}; fires
 * happen only in processes that started the queue. Never two runs of one sync (tenant) at once: a
 * fire while one is queued or running is skipped and recorded ({@code overlap: skip}), or queues one
 * run behind it ({@code overlap: queue}). See {@link ScheduleFires} for the rules of a fire.
 *
 * <p>The executions follow the applied definitions: {@link #reconcile} runs when the queue starts,
 * after every apply, rollback or delete through this engine, and every 10 s on one node (to see what
 * another process applied). Pauses are stored, so they hold across restarts and nodes.
 */
public final class Schedules {
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    /** How many next fire times {@link #list} shows. */
    public static final int NEXT_FIRES = 5;

    /**
     * One schedule: its sync and tenant (null: a classic sync), its timing ({@code cron} in {@code zone}, or
     * {@code every}), its policies, whether it is paused (itself or its sync as a whole), its next fire
     * times (the first is its execution's, when it has one) and its last fire (null before the first).
     */
    public record Entry(String sync, String tenant, String cron, Duration every, String zone, String overlap, String catchUp, boolean paused,
            List<Instant> nextFires, ScheduleTick last) {}

    private final Store store;
    private final Definitions definitions;
    private final QueueScheduler scheduler;
    private final Clock clock;
    private final ScheduleFires fires;

    /** @param startFlow starts an execution of a flow with {@code trigger: { schedule }} for the fire due at the instant; its id */
    Schedules(Store store, Definitions definitions, RunQueue queue, Clock clock, java.util.function.BiFunction<String, Instant, String> startFlow) {
        this.store = store;
        this.definitions = definitions;
        this.scheduler = queue.scheduler();
        this.clock = clock;
        this.fires = new ScheduleFires(store, definitions::recent, definitions::applied, queue::submit, startFlow, scheduler, clock,
                queue.settings().pollInterval().multipliedBy(3));
    }

    /** What the run queue's scheduler does with the schedule executions. */
    QueueScheduler.Fires fires() {
        return fires;
    }

    /**
     * Every schedule, or those of {@code sync} and/or {@code tenant} (null: any), by sync then tenant.
     *
     * @throws EngineException.NotFound when {@code sync} is given and no such sync is applied
     */
    public List<Entry> list(String sync, String tenant) {
        LoadResult applied = definitions.applied();
        if (sync != null) {
            SyncTargets.sync(applied, sync, null);
        }
        Map<String, QueueScheduler.ScheduledFire> executions = scheduler.scheduledFires();
        List<Entry> entries = new ArrayList<>();
        for (Target target : ScheduleFires.targets(applied).values()) {
            if ((sync == null || sync.equals(target.sync())) && (tenant == null || tenant.equals(target.tenant()))) {
                entries.add(entry(target, executions.get(target.id())));
            }
        }
        entries.sort(java.util.Comparator.comparing(Entry::sync).thenComparing(e -> e.tenant() == null ? "" : e.tenant()));
        return entries;
    }

    /**
     * The schedules of one sync: its one schedule, or each tenant's of a per-tenant sync (only
     * {@code tenant}'s when given).
     *
     * @throws EngineException.NotFound when the sync is not applied, has no schedule, or the tenant has none of it
     * @throws EngineException.Invalid when a tenant is given for a classic sync
     */
    public List<Entry> get(String sync, String tenant) {
        checked(sync, tenant);
        return list(sync, tenant);
    }

    /**
     * Pauses the sync's schedule: its fires queue nothing until it is resumed (they keep their times).
     * A per-tenant sync without {@code tenant} is paused as a whole, for every tenant, new ones too.
     *
     * @return the schedules as they are now
     */
    public List<Entry> pause(String sync, String tenant) {
        checked(sync, tenant);
        store.schedules().setPaused(sync, tenant, true, clock.instant());
        LOG.info("Paused the schedule of {}", describe(sync, tenant));
        return list(sync, tenant);
    }

    /**
     * Resumes the sync's schedule; its next fire is the schedule's next from now. Without
     * {@code tenant}, a per-tenant sync's tenants are all resumed, whether paused one by one or as a whole.
     *
     * @throws EngineException.Conflict when the tenant's sync is paused as a whole (resume it without a tenant)
     */
    public List<Entry> resume(String sync, String tenant) {
        SyncSpec spec = checked(sync, tenant);
        if (tenant != null && store.schedules().find(sync, null).map(ScheduleState::paused).orElse(false)) {
            throw new EngineException.Conflict("sync '" + sync + "' is paused as a whole, for every tenant; resume it without a tenant");
        }
        Instant now = clock.instant();
        List<ScheduleState> paused = store.schedules().list(sync).stream()
                .filter(s -> s.paused() && (tenant == null || tenant.equals(s.tenant()))).toList();
        for (ScheduleState state : paused) {
            store.schedules().setPaused(sync, state.tenant(), false, now);
        }
        for (Target target : ScheduleFires.targets(definitions.applied()).values()) {
            if (target.sync().equals(sync) && (tenant == null || tenant.equals(target.tenant()))) {
                scheduler.moveFire(target.id(), spec.schedule().timing(), spec.schedule().nextAfter(now));
            }
        }
        LOG.info("Resumed the schedule of {}", describe(sync, tenant));
        return list(sync, tenant);
    }

    /** The newest fires of the sync's schedule (each tenant's, or only {@code tenant}'s), newest first, at most {@code limit}. */
    public List<ScheduleTick> ticks(String sync, String tenant, int limit) {
        checked(sync, tenant);
        return store.schedules().ticks(sync, tenant, Math.max(1, Math.min(limit, ScheduleFires.KEEP_TICKS)));
    }

    /**
     * Brings the schedule executions in step with the applied definitions: adds the new ones, moves
     * those whose timing changed to their next fire from now, removes those gone.
     */
    public void reconcile() {
        fires.reconcile(definitions.applied());
    }

    /** {@link #reconcile}, logging instead of throwing: a store that fails now is retried by the periodic pass. */
    void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Could not bring the schedules in step with the definitions ({}); the next pass will", e.getMessage());
        }
    }

    private SyncSpec checked(String sync, String tenant) {
        LoadResult applied = definitions.applied();
        SyncSpec spec = SyncTargets.sync(applied, Objects.requireNonNull(sync, "sync"), tenant);
        if (spec.schedule() == null) {
            throw new EngineException.NotFound("sync '" + sync + "' has no schedule; add schedule: (a cron expression, or { every: 15m }) to it"
                    + " and apply it");
        }
        if (tenant != null && !Tenants.eligible(applied, spec).contains(tenant)) {
            throw new EngineException.NotFound("tenant '" + tenant + "' has no schedule of sync '" + sync + "': it lacks a connection the sync needs");
        }
        return spec;
    }

    private Entry entry(Target target, QueueScheduler.ScheduledFire execution) {
        ScheduleSpec schedule = target.schedule();
        Instant now = clock.instant();
        List<Instant> next = new ArrayList<>();
        if (execution != null && execution.timing() != null && execution.timing().equals(schedule.timing())) {
            next.add(execution.at());
            next.addAll(schedule.nextFires(execution.at().isAfter(now) ? execution.at() : now, NEXT_FIRES - 1));
        } else {
            next.addAll(schedule.nextFires(now, NEXT_FIRES));
        }
        ScheduleState state = store.schedules().find(target.sync(), target.tenant()).orElse(ScheduleState.fresh(target.sync(), target.tenant()));
        ScheduleTick last = state.lastOutcome() == null ? null
                : new ScheduleTick(0, target.sync(), target.tenant(), state.lastDueAt(), state.lastFireAt(), state.lastOutcome(), state.lastRunId(),
                        state.lastReason());
        return new Entry(target.sync(), target.tenant(), schedule.cron(), schedule.every(), schedule.cron() == null ? null : schedule.zone().getId(),
                schedule.overlap().word(), schedule.catchUp().word(), fires.paused(target.sync(), target.tenant()), List.copyOf(next), last);
    }

    private static String describe(String sync, String tenant) {
        return "sync '" + sync + "'" + (tenant == null ? "" : " for tenant '" + tenant + "'");
    }
}
