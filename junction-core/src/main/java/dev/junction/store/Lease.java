package dev.junction.store;

import java.time.Instant;

/** A sync's run lease: held by {@code owner} (a run id) until {@code expiresAt} unless renewed. */
public record Lease(String sync, String owner, Instant acquiredAt, Instant expiresAt) {}
