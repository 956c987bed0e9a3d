package dev.junction.engine.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The run queue on db-scheduler, in the store's database (table {@code scheduled_tasks}, created by
 * the store's migration V13). Four tasks: {@value #RUN_TASK}, one execution per queued run (instance id
 * = run id) that only dispatches it; {@value #REAPER_TASK}, recurring, which db-scheduler runs on
 * one node at a time; {@value #SCHEDULE_TASK}, one execution per scheduled sync (instance id
 * {@code SYNC} or {@code SYNC/TENANT}, data: its timing) that fires it and moves itself to its next
 * fire; {@value #POLL_TASK}, one execution per poll (instance id {@code CONNECTION/STREAM}, data:
 * its period) that reads the stream for changes and moves itself to its next tick; and
 * {@value #RECONCILE_TASK}, recurring, which keeps the schedule and poll executions in step with the
 * applied definitions. Any process may schedule (its client needs no scheduler); a process with workers
 * {@link #start starts} the one scheduler that polls for all of them, so on PostgreSQL each due
 * execution is picked by one node.
 *
 * <p>PostgreSQL picks due executions with lock-and-fetch ({@code FOR UPDATE SKIP LOCKED}); H2 with
 * db-scheduler's default fetch-then-lock (an optimistic, version-checked update), which needs no
 * H2-specific SQL and is just as safe, only costlier under contention, which an embedded store does
 * not have. db-scheduler's heartbeats cover only its own short executions (a dispatch, a reaping):
 * a run, once dispatched, is kept alive by its sync's lease alone ({@link RunLiveness}).
 */
public final class QueueScheduler {
    public static final String RUN_TASK = "junction-run";
    public static final String REAPER_TASK = "junction-run-reaper";
    public static final String SCHEDULE_TASK = "junction-schedule";
    public static final String RECONCILE_TASK = "junction-schedule-reconcile";
    public static final String POLL_TASK = "junction-poll";
    /** Recurring, when the process checks connections' health: one pass over the connections whose connector declares check:. */
    public static final String CHECKS_TASK = "junction-connection-checks";
    /** How often a node looks whether the applied definitions changed their schedules (besides after each apply). */
    static final Duration RECONCILE_EVERY = Duration.ofSeconds(10);
    /** How long a failed dispatch waits before it is tried again (the store was unreachable, say). */
    static final Duration RETRY_FAILED_DISPATCH = Duration.ofSeconds(2);
    /**
     * Threads that run db-scheduler's executions: dispatches (each waits at most a poll interval for a
     * worker), the reaper, schedule fires and poll ticks (a tick reads its stream on its thread, so a
     * slow API holds one thread for the tick's length).
     */
    private static final int SCHEDULER_THREADS = 4;
    /** db-scheduler's heartbeat of an execution in progress; one is taken for dead after 4 missed. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    /** What the scheduler's executions do. */
    public interface Handlers {
        /** Dispatches queued run {@code runId}; returns when to look at it again, or null when its execution is done. */
        Instant dispatch(String runId) throws InterruptedException;

        /** One pass of the reaper. */
        void reap();

        /** One pass of the connection checks (when they are on: see {@link #start}). */
        default void checkConnections() {}
    }

    /** When a schedule's execution runs next, and the timing it then has; see {@link Fires#fire}. */
    public record Next(Instant at, String timing) {}

    /** What the schedule executions do. */
    public interface Fires {
        /**
         * Fires schedule {@code id} (due at {@code due}, with the timing it was scheduled with).
         *
         * @return its next fire, or null when the schedule is gone (its execution is removed)
         */
        Next fire(String id, String timing, Instant due);

        /** Brings the schedule executions in step with the applied definitions, if they changed since the last time. */
        void reconcileIfChanged();
    }

    /** A schedule's execution as stored. */
    public record ScheduledFire(String id, String timing, Instant at, boolean picked) {}

    private final DataSource dataSource;
    private final boolean postgres;
    private final Clock clock;
    private final Duration pollInterval;
    private final CustomTask<Void> runTask;
    private final RecurringTask<Void> reaperTask;
    private final CustomTask<String> scheduleTask;
    private final RecurringTask<Void> reconcileTask;
    private final CustomTask<String> pollTask;
    private final SchedulerClient client;
    private volatile Handlers handlers;
    private volatile Fires fires;
    private volatile Fires polls;
    private Scheduler scheduler;

    /**
     * @param databaseName the store's database, {@code "PostgreSQL"} or {@code "H2"}
     * @param reapEvery how often the reaper runs (cluster-wide: one node at a time)
     */
    public QueueScheduler(DataSource dataSource, String databaseName, Clock clock, Duration pollInterval, Duration reapEvery) {
        this.dataSource = dataSource;
        this.postgres = "PostgreSQL".equals(databaseName);
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.runTask = Tasks.custom(RUN_TASK, Void.class)
                .onFailure((complete, operations) -> operations.reschedule(complete, clock.instant().plus(RETRY_FAILED_DISPATCH)))
                .execute((instance, context) -> {
                    Instant later = dispatch(instance.getId());
                    return later == null ? new CompletionHandler.OnCompleteRemove<>() : (complete, operations) -> operations.reschedule(complete, later);
                });
        this.reaperTask = Tasks.recurring(REAPER_TASK, FixedDelay.of(reapEvery)).execute((instance, context) -> handlers.reap());
        this.scheduleTask = timed(SCHEDULE_TASK, () -> fires);
        this.pollTask = timed(POLL_TASK, () -> polls);
        this.reconcileTask = Tasks.recurring(RECONCILE_TASK, FixedDelay.of(RECONCILE_EVERY)).execute((instance, context) -> {
            try {
                fires.reconcileIfChanged();
            } finally {
                polls.reconcileIfChanged();
            }
        });
        this.client = SchedulerClient.Builder.create(dataSource, tasks()).jdbcCustomization(jdbcCustomization()).build();
    }

    /** A task with one execution per schedule or poll (data: its timing), which {@code fires} fires and moves to its next time, or removes. */
    private CustomTask<String> timed(String name, java.util.function.Supplier<Fires> fires) {
        return Tasks.custom(name, String.class)
                .onFailure((complete, operations) -> operations.reschedule(complete, clock.instant().plus(RETRY_FAILED_DISPATCH)))
                .execute((instance, context) -> {
                    Next next = fires.get().fire(instance.getId(), instance.getData(), context.getExecution().getExecutionTime());
                    return next == null ? new CompletionHandler.OnCompleteRemove<>()
                            : (complete, operations) -> operations.reschedule(complete, next.at(), next.timing());
                });
    }

    /** Schedules the dispatch of run {@code runId} at {@code at}, unless it has one. @return whether one was added */
    public boolean schedule(String runId, Instant at) {
        Scheduler started;
        synchronized (this) {
            started = scheduler;
        }
        // through this process's scheduler when it polls, so that it looks at the new execution at once
        return (started != null ? started : client).scheduleIfNotExists(runTask.instance(runId), at);
    }

    /** Moves schedule {@code id}'s execution to {@code at} with {@code timing}. @return false when it has none, or it is being fired now */
    public boolean moveFire(String id, String timing, Instant at) {
        return move(SCHEDULE_TASK, id, timing, at);
    }

    /** Every schedule's execution, by id. */
    public Map<String, ScheduledFire> scheduledFires() {
        return scheduled(SCHEDULE_TASK);
    }

    /** Every poll's execution, by id (its timing is the poll's period). */
    public Map<String, ScheduledFire> scheduledPolls() {
        return scheduled(POLL_TASK);
    }

    /** An execution of a schedule or poll that the definitions ask for: its id, its timing, and its first time (added, or moved to a new timing). */
    public record Wanted(String id, String timing, Instant first) {}

    /** What {@link #reconcile} did. */
    public record Reconciled(int added, int moved, int removed) {
        public boolean any() {
            return added + moved + removed > 0;
        }
    }

    /**
     * Brings the executions of {@code task} ({@link #SCHEDULE_TASK} or {@link #POLL_TASK}) in step
     * with {@code wanted}: adds those missing, moves those whose timing changed to their first time,
     * and removes those not wanted. An execution being fired is left to its fire, which does the same
     * for itself.
     */
    public Reconciled reconcile(String task, java.util.Collection<Wanted> wanted) {
        CustomTask<String> custom = POLL_TASK.equals(task) ? pollTask : scheduleTask;
        Map<String, ScheduledFire> existing = scheduled(task);
        Set<String> ids = new HashSet<>();
        int added = 0;
        int moved = 0;
        int removed = 0;
        for (Wanted w : wanted) {
            ids.add(w.id());
            ScheduledFire execution = existing.get(w.id());
            if (execution == null) {
                added += add(custom, w.id(), w.timing(), w.first()) ? 1 : 0;
            } else if (!w.timing().equals(execution.timing()) && !execution.picked()) {
                moved += move(task, w.id(), w.timing(), w.first()) ? 1 : 0;
            }
        }
        for (ScheduledFire execution : existing.values()) {
            if (!ids.contains(execution.id()) && !execution.picked()) {
                removed += remove(task, execution.id()) ? 1 : 0;
            }
        }
        return new Reconciled(added, moved, removed);
    }

    private boolean add(CustomTask<String> task, String id, String timing, Instant at) {
        return current().scheduleIfNotExists(task.instance(id, timing), at);
    }

    private boolean move(String task, String id, String timing, Instant at) {
        try {
            return current().reschedule(TaskInstanceId.of(task, id), at, timing);
        } catch (RuntimeException e) {
            return false; // picked: the execution in progress sets its next time itself
        }
    }

    private boolean remove(String task, String id) {
        try {
            current().cancel(TaskInstanceId.of(task, id));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Map<String, ScheduledFire> scheduled(String task) {
        Map<String, ScheduledFire> found = new TreeMap<>();
        client.fetchScheduledExecutionsForTask(task, String.class, ScheduledExecutionsFilter.all(), e -> found.put(
                e.getTaskInstance().getId(), new ScheduledFire(e.getTaskInstance().getId(), e.getData(), e.getExecutionTime(), e.isPicked())));
        return found;
    }

    private SchedulerClient current() {
        synchronized (this) {
            return scheduler != null ? scheduler : client;
        }
    }

    /** The ids of the runs that have a dispatch execution, picked or not. */
    public Set<String> scheduledRuns() {
        Set<String> ids = new HashSet<>();
        client.fetchScheduledExecutionsForTask(RUN_TASK, Void.class, ScheduledExecutionsFilter.all(), e -> ids.add(e.getTaskInstance().getId()));
        return ids;
    }

    /** Starts polling for due executions in this process, as {@code node}; {@code streams} ticks the polls of streams. */
    public synchronized void start(String node, Handlers work, Fires schedules, Fires streams) {
        start(node, work, schedules, streams, null);
    }

    /**
     * Like {@link #start(String, Handlers, Fires, Fires)}; with {@code checkEvery} set, also the
     * recurring {@value #CHECKS_TASK} (one node at a time, first at start), which calls
     * {@link Handlers#checkConnections}.
     */
    public synchronized void start(String node, Handlers work, Fires schedules, Fires streams, Duration checkEvery) {
        if (scheduler != null) {
            throw new IllegalStateException("the run queue's scheduler is already started");
        }
        this.handlers = work;
        this.fires = schedules;
        this.polls = streams;
        List<RecurringTask<?>> recurring = new java.util.ArrayList<>(List.of(reaperTask, reconcileTask));
        if (checkEvery != null) {
            recurring.add(Tasks.recurring(CHECKS_TASK, FixedDelay.of(checkEvery)).execute((instance, context) -> handlers.checkConnections()));
        }
        var builder = Scheduler.create(dataSource, List.<Task<?>>of(runTask, scheduleTask, pollTask))
                .startTasks(recurring)
                .jdbcCustomization(jdbcCustomization())
                .schedulerName(new SchedulerName.Fixed(node))
                .clock(clock::instant)
                .threads(SCHEDULER_THREADS)
                .pollingInterval(pollInterval)
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(4)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .enableImmediateExecution();
        if (postgres) {
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        scheduler = builder.build();
        scheduler.start();
    }

    /** Stops polling; waits (a few seconds at most) for the dispatches in progress. Nothing when not started. */
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    private Instant dispatch(String runId) {
        try {
            return handlers.dispatch(runId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return clock.instant().plus(RETRY_FAILED_DISPATCH);
        }
    }

    private List<Task<?>> tasks() {
        return List.of(runTask, reaperTask, scheduleTask, reconcileTask, pollTask);
    }

    private JdbcCustomization jdbcCustomization() {
        return postgres ? new PostgreSqlJdbcCustomization(false, false) : new DefaultJdbcCustomization(false);
    }
}
