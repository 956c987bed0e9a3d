package dev.junction.store;

import java.time.Instant;

/**
 * The runtime state of a connection (its definition lives in {@link DefinitionRepository}):
 * which connector and tenant it belongs to, its environment and its last known health.
 */
public record ConnectionRecord(
        String name, String connector, String tenant, String environment, String status, String statusDetail, Instant updatedAt) {}
