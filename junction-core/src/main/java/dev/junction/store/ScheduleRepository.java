package dev.junction.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable side of sync schedules: pauses, each schedule's last fire, and a bounded history of
 * fires. A schedule is a sync and a tenant (null: a classic sync, or a per-tenant sync as a whole).
 */
public interface ScheduleRepository {
    /** The schedule's state; empty when it was never paused nor fired. */
    Optional<ScheduleState> find(String sync, String tenant);

    /** Every stored state of {@code sync} (null: of every sync), by sync then tenant (none first). */
    List<ScheduleState> list(String sync);

    /** Pauses or resumes the schedule from {@code at} on; a schedule without a state gets one. */
    void setPaused(String sync, String tenant, boolean paused, Instant at);

    /**
     * Records a fire as the schedule's last, and in its history, keeping only the newest {@code keep}
     * fires of the schedule (older ones are deleted in the same transaction).
     *
     * @return the tick as stored, with its id
     */
    ScheduleTick recordFire(ScheduleTick tick, int keep);

    /** The newest fires of the sync, newest first: of {@code tenant}, or of every tenant (and none) when it is null. */
    List<ScheduleTick> ticks(String sync, String tenant, int limit);
}
