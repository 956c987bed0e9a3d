package dev.junction.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.internal.PollRead;
import dev.junction.engine.internal.PollTicks;
import dev.junction.engine.internal.QueueScheduler;
import dev.junction.engine.internal.WebhookEvents;
import dev.junction.http.PipelineListener;
import dev.junction.store.PollState;
import dev.junction.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polling triggers, for APIs without webhooks: a sync with {@code on: { poll: { every: 1m } }} gets
 * one inbox event per record of its source stream that changed, as if a webhook had told it (its
 * runs have trigger {@code poll}). One poll per connection and stream, whatever the number of
 * syncs that subscribe to it: one cursor, one read per tick, one event per change and subscriber.
 * Each poll is an execution of the run queue's db-scheduler (task {@value QueueScheduler#POLL_TASK},
 * shared by the nodes on one PostgreSQL, so one node ticks a given poll at a time), ticking in
 * processes that started the queue. See {@link PollTicks} for a tick and {@link PollRead} for a read.
 *
 * <p>The executions follow the applied definitions: {@link #reconcile} runs when the queue starts,
 * after every apply, rollback or delete through this engine, and every 10 s on one node.
 */
public final class Polls {
    private static final Logger LOG = LoggerFactory.getLogger(Polls.class);

    /**
     * One poll: the connection and stream it reads, the connection's tenant, its period (the shortest
     * of its subscribers'), the syncs that subscribe (by name) and flows ({@code flow:NAME}), its
     * cursor and last tick (see {@link PollState}), and its next tick (null when it has no execution yet).
     */
    public record Entry(String connection, String stream, String tenant, Duration every, List<String> subscribers, String cursor,
            Instant cursorMovedAt, Instant lastTickAt, String lastOutcome, String lastReason, long lastRecords, long lastEvents, Instant nextTick) {}

    private final Store store;
    private final Definitions definitions;
    private final QueueScheduler scheduler;
    private final PollTicks ticks;

    Polls(Store store, Definitions definitions, RunQueue queue, Connections connections, Inbox inbox, Runnable stored, ObjectMapper json,
            Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.scheduler = queue.scheduler();
        PollRead read = new PollRead(connections.secrets(), () -> connections.pipeline(PipelineListener.NONE, true), inbox::accept, stored, json,
                clock);
        this.ticks = new PollTicks(store, definitions::applied, scheduler, read, clock);
    }

    /** What the run queue's scheduler does with the poll executions. */
    QueueScheduler.Fires ticks() {
        return ticks;
    }

    /** Every poll the applied definitions ask for, or those of connections of {@code tenant} (null: all), by connection then stream. */
    public List<Entry> list(String tenant) {
        Map<String, QueueScheduler.ScheduledFire> executions = scheduler.scheduledPolls();
        List<Entry> entries = new ArrayList<>();
        for (PollTicks.Target target : PollTicks.targets(definitions.applied()).values()) {
            if (tenant != null && !tenant.equals(target.tenant())) {
                continue;
            }
            PollState state = store.polls().find(target.connection(), target.stream())
                    .orElse(PollState.fresh(target.connection(), target.stream(), target.tenant()));
            QueueScheduler.ScheduledFire execution = executions.get(target.id());
            entries.add(new Entry(target.connection(), target.stream(), target.tenant(), target.every(),
                    target.subscribers().stream().map(s -> WebhookEvents.syncOf(s) != null ? WebhookEvents.syncOf(s) : s).toList(), state.cursor(),
                    state.cursorMovedAt(), state.lastTickAt(),
                    state.lastOutcome(), state.lastReason(), state.lastRecords(), state.lastEvents(), execution == null ? null : execution.at()));
        }
        return entries;
    }

    /**
     * Brings the poll executions in step with the applied definitions: adds the new ones, moves those
     * whose period changed, removes those no sync asks for any more (their cursors are kept: a poll
     * asked for again resumes from its cursor).
     */
    public void reconcile() {
        ticks.reconcile(definitions.applied());
    }

    /** {@link #reconcile}, logging instead of throwing: a store that fails now is retried by the periodic pass. */
    void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("Could not bring the polls in step with the definitions ({}); the next pass will", e.getMessage());
        }
    }
}
