package dev.junction.store;

import java.time.Instant;

/**
 * A record that failed permanently: which run and sync, its destination key, why, and the mapped
 * payload (JSON) that could not be written, so it can be replayed.
 */
public record DeadLetter(long id, Instant at, String runId, String sync, String recordKey, String reason, String payload) {}
