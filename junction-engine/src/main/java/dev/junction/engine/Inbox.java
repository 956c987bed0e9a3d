package dev.junction.engine;

import dev.junction.engine.internal.GroupCommitter;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.store.InboxRepository;
import dev.junction.store.InboxRepository.Appended;
import dev.junction.store.InboxRepository.NewEvent;
import dev.junction.store.InboxStats;
import dev.junction.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The durable inbox as the engine offers it: request threads {@link #accept} verified events, which
 * are stored before this returns; workers claim and settle them; operators list, replay and purge.
 *
 * <p><b>Group commit.</b> Many threads accept at once; one committer gathers what they queued into
 * one {@link InboxRepository#append} (one transaction, one flush to H2's file or one fsync on
 * PostgreSQL), so throughput does not pay one flush per event. A caller returns when the batch holding
 * its events is durable. A batch that fails fails every caller in it with the store's error: no
 * event is reported stored unless it is. The queue is bounded: when it stays full for the settings'
 * offer timeout a caller gets {@link Unavailable} (an HTTP adapter answers 503, and the sender
 * retries). Closing the inbox lets the batch in flight finish and refuses the rest with
 * {@link Unavailable}; nothing is lost silently.
 *
 * <p>See {@link InboxRepository} for statuses, claims, fencing, order and dedup.
 */
public final class Inbox implements AutoCloseable {
    private final InboxRepository repository;
    private final Clock clock;
    private final GroupCommitter<NewEvent, Appended> committer;

    /**
     * How the group commit works.
     *
     * @param maxBatch about how many events one append takes (a caller's events are never split)
     * @param maxQueued how many accept calls may wait for the committer
     * @param offerTimeout how long a caller waits for room in a full queue before {@link Unavailable}
     */
    public record Settings(int maxBatch, int maxQueued, Duration offerTimeout) {
        /** 500 events a batch, 10,000 waiting calls, 2 s for room. */
        public static final Settings DEFAULT = new Settings(500, 10_000, Duration.ofSeconds(2));

        public Settings {
            if (maxBatch <= 0 || maxQueued <= 0) {
                throw new IllegalArgumentException("inbox settings: maxBatch and maxQueued must be positive, were " + maxBatch + " and " + maxQueued);
            }
            Objects.requireNonNull(offerTimeout, "offerTimeout");
        }
    }

    /** The inbox cannot take events now: it is closed, or overloaded. Nothing of the call was stored; the sender should retry. */
    public static final class Unavailable extends EngineException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Inbox(InboxRepository repository, Clock clock, Settings settings) {
        this.repository = repository;
        this.clock = clock;
        this.committer = new GroupCommitter<>("inbox", repository::append, settings.maxBatch(), settings.maxQueued(), settings.offerTimeout());
    }

    /** Stores one event, durably, before it returns; see {@link #accept(List)}. */
    public Appended accept(NewEvent event) {
        return accept(List.of(event)).getFirst();
    }

    /**
     * Stores the events, durably, before it returns: all of them (each accepted or a duplicate), or
     * none when this throws.
     *
     * @return one answer per event, in order: accepted with its new id, or a duplicate with the stored event's id
     * @throws Unavailable when the inbox is closed or overloaded
     * @throws StoreException when the store failed the batch holding these events
     * @throws EngineException when interrupted while the events were being stored (they may or may not be)
     */
    public List<Appended> accept(List<NewEvent> events) {
        CompletableFuture<List<Appended>> answer;
        try {
            answer = committer.submit(events);
        } catch (RejectedExecutionException e) {
            throw new Unavailable(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while waiting for room in the inbox: nothing was stored", e);
        }
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while " + events.size() + " inbox event(s) were being stored: they may or may not be", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), events.size());
        }
    }

    /** The caller's own exception for its batch's failure, with the committer's as its cause. */
    private static RuntimeException failure(Throwable cause, int events) {
        return switch (cause) {
            case RejectedExecutionException e -> new Unavailable(e.getMessage(), e);
            case StoreException e -> new StoreException("could not store " + events + " inbox event(s): " + e.getMessage(), e);
            default -> new EngineException("could not store " + events + " inbox event(s): " + cause, cause);
        };
    }

    /** How many accepted events wait for the committer (not counting the batch being stored), for metrics. */
    public int queued() {
        return committer.queuedItems();
    }

    /** Claims up to {@code limit} due events for {@code worker} for {@code lease}; see {@link InboxRepository#claim}. */
    public List<InboxEvent> claim(String worker, int limit, Duration lease) {
        return repository.claim(worker, limit, lease, clock.instant());
    }

    /** Extends every claim {@code worker} holds to now + {@code lease}; see {@link InboxRepository#extendClaims}. @return how many */
    public int extendClaims(String worker, Duration lease) {
        Instant now = clock.instant();
        return repository.extendClaims(worker, now.plus(lease), now);
    }

    /** Marks a claimed event done. @return false when {@code worker} no longer holds its claim */
    public boolean complete(long id, String worker) {
        return repository.complete(id, worker, clock.instant());
    }

    /** Marks claimed events done, in one statement per few hundred. @return how many {@code worker} still held */
    public int completeAll(java.util.Collection<Long> ids, String worker) {
        return ids.isEmpty() ? 0 : repository.completeAll(ids, worker, clock.instant());
    }

    /** Puts a claimed event back, due at {@code nextAttemptAt}. @return false when {@code worker} no longer holds its claim */
    public boolean retry(long id, String worker, String error, Instant nextAttemptAt) {
        return repository.retry(id, worker, error, nextAttemptAt, clock.instant());
    }

    /** Marks a claimed event dead. @return false when {@code worker} no longer holds its claim */
    public boolean deadLetter(long id, String worker, String error) {
        return repository.deadLetter(id, worker, error, clock.instant());
    }

    /**
     * Makes a dead event pending again, due now, its attempts reset.
     *
     * @return the event as it is now
     * @throws EngineException.NotFound when there is no such event
     * @throws EngineException.Conflict when it is not dead
     */
    public InboxEvent replay(long id) {
        InboxEvent event = get(id);
        if (!repository.replay(id, clock.instant())) {
            InboxEvent now = get(id);
            throw new EngineException.Conflict("inbox event " + id + " is " + now.status().label() + ", not dead: only dead events are replayed"
                    + (event.status() == InboxEvent.Status.DEAD ? " (it was replayed meanwhile)" : ""));
        }
        return get(id);
    }

    /** Deletes one bounded batch of events finished (done or ignored) before {@code before}. @return how many */
    public int purge(Instant before, int batchSize) {
        return repository.purge(before, batchSize);
    }

    /**
     * Deletes every event finished (done or ignored) before {@code before}, in batches of
     * {@code batchSize}, each its own short transaction, so a large backlog never holds the table.
     *
     * @return how many it deleted
     */
    public long purgeFinished(Instant before, int batchSize) {
        long total = 0;
        for (int deleted = batchSize; deleted == batchSize; ) {
            deleted = repository.purge(before, batchSize);
            total += deleted;
        }
        return total;
    }

    /** Counts by status and the oldest pending event's age, now. */
    public InboxStats stats() {
        return repository.stats(clock.instant());
    }

    /** The events the query selects, oldest first. */
    public List<InboxEvent> list(InboxQuery query) {
        return repository.list(query);
    }

    public Optional<InboxEvent> find(long id) {
        return repository.find(id);
    }

    /** @throws EngineException.NotFound when there is no such event (or it was purged) */
    public InboxEvent get(long id) {
        return repository.find(id).orElseThrow(() -> new EngineException.NotFound(
                "no inbox event with id " + id + " (processed events are purged after the retention period)"));
    }

    /** Refuses new events, fails those still queued with {@link Unavailable}, and waits for the batch being stored. */
    @Override
    public void close() {
        committer.close();
    }
}
