package dev.junction.spec;

import java.time.Duration;

/** A client-side budget: at most {@code requests} per {@code per}, shared by every run on the connection within one process. */
public record RateLimitSpec(int requests, Duration per) {}
