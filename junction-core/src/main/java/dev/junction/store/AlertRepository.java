package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Alerts (episodes of rules' conditions) and the outbox of their notifications. Firing is
 * race-free across processes: of two processes that see the same condition at once, one stores the
 * alert and the other learns it is already firing, so channels hear of it once.
 */
public interface AlertRepository {
    /**
     * Stores a firing alert unless one of the same rule and subject is firing already, together with
     * its notifications, in one transaction.
     *
     * @return true when stored; false when one was already firing (nothing stored)
     */
    boolean fire(AlertRecord alert, List<AlertNotification> notifications);

    /** The firing alert of a rule and subject. */
    Optional<AlertRecord> firing(String rule, String subject);

    /** Every firing alert, oldest first. */
    List<AlertRecord> firing();

    /** Marks the condition seen holding again at {@code at}. */
    void seen(String id, Instant at);

    /**
     * Resolves a firing alert at {@code at} and stores its notifications, in one transaction.
     *
     * @return false when it was not firing (resolved by another process meanwhile: nothing stored)
     */
    boolean resolve(String id, Instant at, List<AlertNotification> notifications);

    /** Records that a firing alert's channels are told again, storing the notifications. */
    void renotify(String id, Instant at, List<AlertNotification> notifications);

    Optional<AlertRecord> find(String id);

    /** Newest first (by when they fired); {@code tenant} null for every alert; {@code status} null for both. */
    List<AlertRecord> list(String tenant, AlertRecord.Status status, int limit);

    /** Stores notifications (a test send), due now. */
    void enqueue(List<AlertNotification> notifications);

    /** Claims due notifications: each is hidden from other processes until {@code leaseUntil}. Oldest due first. */
    List<AlertNotification> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Records an attempt: its status ({@code DELIVERED}, {@code FAILED} with {@code nextAttemptAt},
     * {@code DEAD}), the error (null when delivered).
     */
    void recordAttempt(String id, AlertNotification.Status status, Instant nextAttemptAt, String error, Instant at);

    Optional<AlertNotification> findNotification(String id);

    /** Newest first; {@code alertId} null for every notification. */
    List<AlertNotification> notifications(String alertId, int limit);

    /** The newest alert of a rule and subject, firing or resolved. */
    Optional<AlertRecord> latest(String rule, String subject);

    void addSilence(AlertSilence silence);

    /** Silences not ended at {@code at} (current and future), soonest ending first. */
    List<AlertSilence> silences(Instant at);

    /** @return false when there is no such silence */
    boolean deleteSilence(String id);

    /**
     * Deletes final notifications (delivered, dead), resolved alerts and ended silences last changed
     * before {@code before}, at most about {@code limit} rows.
     */
    int purge(Instant before, int limit);
}
