package dev.junction.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable inbox: verified webhook events (and changes polls found) stored before their sender
 * is answered, then claimed and processed by workers, retried with backoff, dead-lettered when they
 * keep failing, and purged once processed.
 *
 * <p><b>Durability.</b> {@link #append} is durable when it returns: on PostgreSQL the commit is
 * fsynced; on the embedded H2 store it is written to the database file (surviving {@code kill -9},
 * though not a power loss, as H2 does not fsync). The other writes on a worker's path (claim,
 * complete, retry) may reach H2's file up to its write delay later: a crash loses at most the
 * newest of them, and the event is then claimed and processed again (processing is idempotent).
 *
 * <p><b>Dedup.</b> An event is identified by its {@code source} (connection), its provider
 * {@code eventId} and its {@code target} (subscriber): a delivery with the same three as a stored
 * event is a {@link Outcome#DUPLICATE}, whatever that event's status. Dedup lasts as long as the
 * row exists, that is until {@link #purge} removes it (after the retention period for processed
 * events; dead events are never purged): a provider that redelivers after that is seen as new.
 *
 * <p><b>Claims.</b> Workers {@link #claim} due events with {@code FOR UPDATE SKIP LOCKED}, so
 * workers of many processes on one database never claim one event twice at once. A claim lasts
 * until its lease ends; an event whose claim ended without an outcome is due again. Only the worker
 * named in the claim may record its outcome ({@link #complete}, {@link #retry}, {@link #deadLetter}),
 * so a worker that was too slow and lost the event cannot overwrite the outcome of the one that
 * claimed it next. A worker name must be unique to one claiming loop (e.g. node id and thread).
 *
 * <p><b>Order.</b> Events are claimed oldest due first. An {@linkplain NewEvent#ordered() ordered}
 * event with a record key is claimable only once no older event of the same target and record key
 * is unfinished (pending, in backoff or claimed): events about one record are processed in arrival
 * order. A dead event does not hold back later ones.
 */
public interface InboxRepository {
    /** How the inbox answered one event of an {@link #append}. */
    enum Outcome {
        /** Stored now, under a new id. */
        ACCEPTED,
        /** An event with the same source, event id and target was already stored (or came earlier in the same list). */
        DUPLICATE
    }

    /**
     * An event to store.
     *
     * @param source the connection it came through (not blank)
     * @param tenant that connection's tenant; null for none
     * @param eventId the provider's id for the event (not blank); the dedup key, see {@link InboxRepository}
     * @param eventType the provider's event type; may be null
     * @param recordKey the key of the record it is about; may be null (then it is never held back by order)
     * @param target the subscriber that will process it, e.g. {@code sync:crm-to-helpdesk}; null when none
     *     subscribes, and the event is stored {@link InboxEvent.Status#IGNORED} (visible, never claimed)
     * @param payload the body (JSON) as received (not null)
     * @param receivedAt when it was received (not null); an accepted event is due from then
     * @param ordered whether it must wait for older events of the same target and record key
     * @param ignoredBecause for an event without a target, why it is ignored (such as an app-level
     *     delivery no connection's routing value matches); null: {@link InboxEvent#NO_SUBSCRIBER}.
     *     Must be null for an event with a target
     */
    record NewEvent(String source, String tenant, String eventId, String eventType, String recordKey, String target, byte[] payload,
            Instant receivedAt, boolean ordered, String ignoredBecause) {
        /** An event ignored, when it has no target, because no one subscribes. */
        public NewEvent(String source, String tenant, String eventId, String eventType, String recordKey, String target, byte[] payload,
                Instant receivedAt, boolean ordered) {
            this(source, tenant, eventId, eventType, recordKey, target, payload, receivedAt, ordered, null);
        }

        /** @throws IllegalArgumentException naming the field that is missing or blank */
        public NewEvent {
            requireText(source, "source");
            requireText(eventId, "eventId");
            if (target != null && target.isBlank()) {
                throw new IllegalArgumentException("inbox event '" + eventId + "' of '" + source + "': target must be null (no subscriber) or not blank");
            }
            if (payload == null) {
                throw new IllegalArgumentException("inbox event '" + eventId + "' of '" + source + "': payload is missing");
            }
            Objects.requireNonNull(receivedAt, "receivedAt");
            if (target != null && ignoredBecause != null) {
                throw new IllegalArgumentException("inbox event '" + eventId + "' of '" + source + "': only an event without a target is ignored,"
                        + " but this one is for '" + target + "'");
            }
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("inbox event: " + name + " must not be blank");
            }
        }

        /** Without the payload, which is the sender's data. */
        @Override
        public String toString() {
            return "NewEvent[source=" + source + ", tenant=" + tenant + ", eventId=" + eventId + ", eventType=" + eventType + ", recordKey=" + recordKey
                    + ", target=" + target + ", ordered=" + ordered + (ignoredBecause == null ? "" : ", ignoredBecause=" + ignoredBecause) + ", "
                    + payload.length + " bytes]";
        }
    }

    /** How one event of an {@link #append} was answered: the id of the event stored now, or of the one stored before. */
    record Appended(long id, Outcome outcome) {
        public boolean duplicate() {
            return outcome == Outcome.DUPLICATE;
        }
    }

    /**
     * Stores the events in one transaction, durable when this returns (see {@link InboxRepository}).
     * Each event is {@link Outcome#ACCEPTED} with its new id, or a {@link Outcome#DUPLICATE} with the
     * id of the stored event it repeats (also when the repeated one is earlier in {@code events}).
     * Accepted events get ids in list order. All or nothing: when this throws, none was stored.
     *
     * @return one answer per event, in the order of {@code events}
     * @throws StoreException when the database fails; nothing of the list is stored
     */
    List<Appended> append(List<NewEvent> events);

    /**
     * Claims up to {@code limit} due events for {@code worker} until {@code now + lease}, oldest due
     * first: pending events whose next attempt is at or before {@code now}, and claimed events whose
     * claim ended. Events other transactions are claiming are skipped, never waited for. Ordered
     * events wait for older unfinished events of their target and record key. Each claimed event's
     * attempts go up by one.
     *
     * @return the claimed events, in CLAIMED status, oldest due first; empty when none is due
     */
    List<InboxEvent> claim(String worker, int limit, Duration lease, Instant now);

    /**
     * Extends every claim {@code worker} holds to {@code until}: a worker still processing its events
     * renews their claims well before they end, so claims can be short and the events of a worker
     * that died (kill -9, a lost node) are due again soon after, without a long processing being
     * taken over while it runs.
     *
     * @return how many claims it extended
     */
    int extendClaims(String worker, Instant until, Instant now);

    /** Marks the event DONE, if {@code worker} holds its claim. @return whether it did */
    boolean complete(long id, String worker, Instant now);

    /**
     * {@link #complete} for several events at once (a page of a run): those {@code worker} holds
     * become DONE. @return how many did
     */
    default int completeAll(java.util.Collection<Long> ids, String worker, Instant now) {
        int done = 0;
        for (long id : ids) {
            done += complete(id, worker, now) ? 1 : 0;
        }
        return done;
    }

    /**
     * Puts the event back to PENDING, due at {@code nextAttemptAt}, with {@code error} as its reason,
     * if {@code worker} holds its claim. @return whether it did
     */
    boolean retry(long id, String worker, String error, Instant nextAttemptAt, Instant now);

    /** Marks the event DEAD with {@code error} as its reason, if {@code worker} holds its claim. @return whether it did */
    boolean deadLetter(long id, String worker, String error, Instant now);

    /** Makes a DEAD event PENDING again, due at {@code now}, with its attempts reset to 0. @return whether it was dead */
    boolean replay(long id, Instant now);

    /**
     * Deletes at most {@code batchSize} DONE or IGNORED events that finished before
     * {@code finishedBefore}, in one short transaction, so a large backlog never holds locks long.
     * Call it again until it returns less than {@code batchSize}.
     *
     * @return how many it deleted
     */
    int purge(Instant finishedBefore, int batchSize);

    Optional<InboxEvent> find(long id);

    /** The events {@code query} selects, oldest (lowest id) first, with ids above its {@code afterId}. */
    List<InboxEvent> list(InboxQuery query);

    /** Counts by status and the oldest pending event's age at {@code now}. */
    InboxStats stats(Instant now);
}
