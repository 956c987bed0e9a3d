package dev.junction.store;

import java.time.Instant;

/**
 * One applied definition: its kind ({@code Connector}, {@code Connection}, {@code Sync}), its name,
 * the YAML text exactly as applied, the file it came from, and a checksum of the text.
 */
public record StoredDefinition(String kind, String name, String source, String origin, String checksum, Instant appliedAt) {}
