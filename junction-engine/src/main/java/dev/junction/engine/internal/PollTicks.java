package dev.junction.engine.internal;

import dev.junction.runtime.Tenants;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.PollState;
import dev.junction.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a poll's {@value QueueScheduler#POLL_TASK} execution does when it comes due, and how the
 * executions are kept in step with the applied definitions. A poll is a connection's stream read
 * for changes on behalf of every sync that subscribes to it ({@code on: { poll: { every } }} in a
 * sync whose source is that stream; a per-tenant sync subscribes to each eligible tenant's
 * connection). One execution per poll, so one node ticks a given poll at a time, every shortest
 * period of its subscribers, at a fixed offset within the period taken from a hash of its id, so
 * that many polls of one period spread their ticks over it.
 *
 * <p>A tick reads the stream from the poll's cursor ({@link PollRead}), stores one inbox event per
 * changed record and subscriber, and only then moves the cursor to the highest value read. A tick
 * that fails moves nothing: the next one reads from the same cursor and catches up. A tick that
 * comes late (no node was running) is not repeated: the next one reads every change since the cursor.
 */
public final class PollTicks implements QueueScheduler.Fires {
    private static final Logger LOG = LoggerFactory.getLogger(PollTicks.class);
    /** The first tick's outcome: the cursor was set, no event stored. */
    public static final String BASELINE = "baseline";
    public static final String OK = "ok";
    public static final String FAILED = "failed";

    /**
     * One poll: a connection's stream, that connection's tenant, the shortest period of its
     * subscribers, and the subscribers' inbox targets ({@code sync:NAME}, then {@code flow:NAME}), by name.
     */
    public record Target(String connection, String stream, String tenant, Duration every, List<String> subscribers) {
        public String id() {
            return id(connection, stream);
        }

        /** How the period is kept as the execution's data, to see when it changed. */
        public String timing() {
            return every.toString();
        }

        public static String id(String connection, String stream) {
            return connection + "/" + stream;
        }
    }

    private final Store store;
    private final Supplier<LoadResult> definitions;
    private final QueueScheduler scheduler;
    private final PollRead read;
    private final Clock clock;
    private volatile LoadResult reconciled;

    public PollTicks(Store store, Supplier<LoadResult> definitions, QueueScheduler scheduler, PollRead read, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.scheduler = scheduler;
        this.read = read;
        this.clock = clock;
    }

    /** Every poll the definitions ask for, by id; a tenant that cannot run a per-tenant sync (its connections are ambiguous) has none of it. */
    public static Map<String, Target> targets(LoadResult definitions) {
        Map<String, Duration> every = new TreeMap<>();
        Map<String, List<String>> subscribers = new TreeMap<>();
        Map<String, String[]> streams = new TreeMap<>();
        definitions.syncs().values().stream().sorted(java.util.Comparator.comparing(SyncSpec::name)).forEach(sync -> {
            SyncSpec.Poll poll = sync.triggers() == null ? null : sync.triggers().poll();
            if (poll == null || sync.source() == null || sync.source().stream() == null || sync.source().sql() != null || sync.source().file() != null) {
                return;
            }
            List<String> connections = new ArrayList<>();
            if (!sync.perTenant()) {
                connections.add(sync.source().connection());
            } else {
                for (String tenant : Tenants.eligible(definitions, sync)) {
                    try {
                        connections.add(Tenants.bind(definitions, sync, tenant).source().connection());
                    } catch (dev.junction.JunctionException e) {
                        // the tenant cannot run the sync (several connections of one connector, say): it has no poll, as its runs would fail
                        LOG.debug("Sync '{}' has no poll for tenant '{}': {}", sync.name(), tenant, e.getMessage());
                    }
                }
            }
            for (String connection : connections) {
                if (connection == null || !definitions.connections().containsKey(connection)) {
                    continue;
                }
                String id = Target.id(connection, sync.source().stream());
                streams.put(id, new String[] {connection, sync.source().stream()});
                every.merge(id, poll.every(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                subscribers.computeIfAbsent(id, k -> new ArrayList<>()).add(WebhookEvents.SYNC_TARGET + sync.name());
            }
        });
        definitions.flows().values().stream().sorted(java.util.Comparator.comparing(dev.junction.spec.FlowSpec::name)).forEach(flow -> {
            dev.junction.spec.FlowSpec.Poll poll = flow.trigger() == null ? null : flow.trigger().poll();
            if (poll == null || !definitions.connections().containsKey(poll.connection())) {
                return;
            }
            String id = Target.id(poll.connection(), poll.stream());
            streams.put(id, new String[] {poll.connection(), poll.stream()});
            every.merge(id, poll.every(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            subscribers.computeIfAbsent(id, k -> new ArrayList<>()).add(WebhookEvents.FLOW_TARGET + flow.name());
        });
        Map<String, Target> targets = new TreeMap<>();
        streams.forEach((id, cs) -> {
            ConnectionSpec connection = definitions.connections().get(cs[0]);
            targets.put(id, new Target(cs[0], cs[1], connection.tenant(), every.get(id), List.copyOf(subscribers.get(id))));
        });
        return targets;
    }

    /**
     * The poll's first tick after {@code now}: ticks fall on {@code offset + k × every}, the offset a
     * hash of the poll's id within the period, so polls of one period do not all tick at once.
     */
    public static Instant nextTick(String id, Duration every, Instant now) {
        long period = Math.max(1, every.toMillis());
        long offset = Math.floorMod(id.hashCode() * 2654435761L, period);
        long k = Math.floorDiv(now.toEpochMilli() - offset, period) + 1;
        return Instant.ofEpochMilli(k * period + offset);
    }

    @Override
    public QueueScheduler.Next fire(String id, String timing, Instant due) {
        LoadResult applied = definitions.get();
        Target target = targets(applied).get(id);
        if (target == null) {
            LOG.info("Poll {} is no longer asked for by any applied sync; its execution is removed", id);
            return null;
        }
        tick(applied, target);
        return new QueueScheduler.Next(nextTick(id, target.every(), clock.instant()), target.timing());
    }

    /** Reads the poll's stream once, stores its changes, then moves its cursor. @return the poll's state as recorded */
    public PollState tick(LoadResult applied, Target target) {
        PollState before = store.polls().find(target.connection(), target.stream())
                .orElse(PollState.fresh(target.connection(), target.stream(), target.tenant()));
        boolean baseline = before.cursorMovedAt() == null;
        PollState after;
        try {
            PollRead.Result found = read.read(applied, target, before.cursor(), new java.util.HashSet<>(before.atCursor()), baseline);
            String cursor = PollRead.higher(before.cursor(), found.highest());
            Instant now = clock.instant();
            boolean moved = baseline || !Objects.equals(cursor, before.cursor());
            after = new PollState(target.connection(), target.stream(), target.tenant(), cursor, atCursor(before, found, cursor),
                    moved ? now : before.cursorMovedAt(), now,
                    baseline ? BASELINE : OK, found.note(), found.records(), found.events());
            if (found.events() > 0) {
                LOG.info("Poll {} stored {} event(s) for {}; cursor {}", target.id(), found.events(), target.subscribers(), cursor);
            }
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("Poll {} failed; its cursor stays at {} and the next tick reads from there: {}", target.id(), before.cursor(), reason);
            after = new PollState(target.connection(), target.stream(), target.tenant(), before.cursor(), before.atCursor(), before.cursorMovedAt(),
                    clock.instant(),
                    FAILED, reason, 0, 0);
        }
        if (!store.polls().record(after, before.cursor())) {
            LOG.warn("Poll {}: another tick moved the cursor from {} meanwhile; this tick's outcome is not recorded (its events are in the inbox)",
                    target.id(), before.cursor());
        }
        return after;
    }

    /** The keys seen at the new cursor: the read's at its highest value when that is the cursor (with those seen before when it did not move). */
    private static List<String> atCursor(PollState before, PollRead.Result found, String cursor) {
        if (found.highest() == null || !Integer.valueOf(0).equals(dev.junction.sync.internal.CursorOrder.compare(found.highest(), cursor))) {
            return before.atCursor();
        }
        if (before.cursor() == null || !Objects.equals(before.cursor(), cursor)) {
            return found.atHighest();
        }
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(before.atCursor());
        keys.addAll(found.atHighest());
        return keys.stream().limit(PollState.MAX_AT_CURSOR).toList();
    }

    @Override
    public void reconcileIfChanged() {
        LoadResult now = definitions.get();
        if (now != reconciled) {
            reconcile(now);
        }
    }

    /**
     * Adds an execution for every poll the definitions ask for that has none (first tick: the next
     * of its ticks), moves those whose period changed, and removes those of polls that are gone. An
     * execution ticking now is left to its tick, which does the same for itself.
     */
    public synchronized void reconcile(LoadResult applied) {
        Instant now = clock.instant();
        QueueScheduler.Reconciled done = scheduler.reconcile(QueueScheduler.POLL_TASK, targets(applied).values().stream()
                .map(t -> new QueueScheduler.Wanted(t.id(), t.timing(), nextTick(t.id(), t.every(), now))).toList());
        reconciled = applied;
        if (done.any()) {
            LOG.info("Polls in step with the definitions: {} added, {} moved to a new period, {} removed", done.added(), done.moved(), done.removed());
        }
    }
}
