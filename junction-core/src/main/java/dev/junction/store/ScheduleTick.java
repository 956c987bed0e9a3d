package dev.junction.store;

import java.time.Instant;

/**
 * One fire of a sync's schedule and what came of it: {@code queued} (run {@code runId}),
 * {@code skipped} (a run of the sync was still queued or running), {@code missed} (it came more than
 * a period late and the schedule does not catch up) or {@code failed} (the run could not be queued),
 * with the reason.
 *
 * @param id the store's sequence number (0 before it is stored)
 * @param dueAt when the fire was due
 * @param firedAt when a scheduler got to it
 */
public record ScheduleTick(long id, String sync, String tenant, Instant dueAt, Instant firedAt, String outcome, String runId, String reason) {}
