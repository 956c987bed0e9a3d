package dev.junction.spec;

import java.time.Duration;

/**
 * Per-connector timeouts; a null part keeps the process default. {@code connect}: opening a
 * connection; {@code read}: one attempt, from sending to the end of the response; {@code total}:
 * one call with all its retries and waits (no retry is started that would end past it).
 */
public record TimeoutSpec(Duration connect, Duration read, Duration total) {}
