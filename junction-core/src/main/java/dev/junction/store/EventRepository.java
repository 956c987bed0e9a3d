package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Junction's outbound events: the subscriptions (their signing secrets encrypted at rest) and the
 * outbox of deliveries. Several processes may deliver from one store: {@link #claimDue} hands each
 * due delivery to one of them ({@code FOR UPDATE SKIP LOCKED}). Thread-safe.
 */
public interface EventRepository {
    /** A subscription's signing secrets: the current one and, for a while after a rotation, the one before. */
    record Secrets(String current, String previous) {
        @Override
        public String toString() {
            return "Secrets[hidden]";
        }
    }

    /** What one delivery attempt came to. */
    record Attempt(EventDelivery.Status status, Integer statusCode, String error, Instant nextAttemptAt, Instant at) {}

    /**
     * Stores a new subscription with its secret (encrypted with its tenant's data key).
     *
     * @throws StoreException when one with that id exists
     */
    void create(EventSubscription subscription, String secret);

    Optional<EventSubscription> find(String id);

    /** Oldest first; {@code tenant} null for every subscription, otherwise only that tenant's. */
    List<EventSubscription> list(String tenant);

    /** The active subscriptions, to match an emitted event against. */
    List<EventSubscription> active();

    /** Replaces url, event types and description. @return false when there is no such subscription */
    boolean update(String id, String url, List<String> eventTypes, String description, Instant at);

    /** The secrets to sign with: the previous one only until {@code now} passes its expiry. */
    Optional<Secrets> secrets(String id, Instant now);

    /**
     * Replaces the secret; the one it replaces still signs until {@code previousUntil} (null: not at all).
     * @return false when there is no such subscription
     */
    boolean rotateSecret(String id, String secret, Instant previousUntil, Instant at);

    /**
     * Sets it active (its failure count back to 0), or disables an active one with a reason (a disabled
     * one keeps the reason it was disabled for: of several attempts failing at once, the first disables it).
     * @return whether it changed
     */
    boolean setStatus(String id, EventSubscription.Status status, String reason, Instant at);

    /** Deletes it and its deliveries. @return false when there was none */
    boolean delete(String id);

    /** Stores deliveries, all or none, durably before it returns. */
    void enqueue(List<EventDelivery> deliveries);

    /**
     * Claims at most {@code limit} due deliveries of active subscriptions (pending or failed, next
     * attempt at or before {@code now}), soonest due first, skipping rows another process holds, and
     * moves their next attempt to {@code leaseUntil}: no other process claims them meanwhile, and a
     * process that dies while delivering leaves them due again then.
     */
    List<EventDelivery> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Records an attempt of a delivery (attempts + 1) and, with it, the subscription's failure count:
     * back to 0 after a delivered one, + 1 after a failed or dead one.
     *
     * @return the subscription's consecutive failures now
     */
    int recordAttempt(EventDelivery delivery, Attempt attempt);

    Optional<EventDelivery> findDelivery(String id);

    /**
     * Makes a parked delivery ({@link EventDelivery#parked}) due at {@code at} with its payload.
     *
     * @return false when there is no such parked delivery (none was stored, or it was released before)
     */
    boolean release(String id, String payload, Instant at);

    /** A subscription's deliveries, newest first, at most {@code limit}; {@code status} null for all. */
    List<EventDelivery> deliveries(String subscriptionId, EventDelivery.Status status, int limit);

    /**
     * Deletes at most {@code limit} delivered or dead deliveries last changed before {@code before}
     * (one bounded statement; call again while it returns {@code limit}). @return how many
     */
    int purge(Instant before, int limit);
}
