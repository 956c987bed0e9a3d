package dev.junction.audit;

/**
 * One record of one side as an audit keeps it: its key and the comparable text of each compared
 * field (null: nothing), in the order of {@link AuditRules#fields()}. {@code key} is null when the
 * record has no key value.
 */
public record AuditEntry(String key, String[] values) {}
