package dev.junction.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One mutating call, as the audit log keeps it.
 *
 * @param id assigned by the store on append (0 before)
 * @param at when the call was made
 * @param actor who made it: a token id, or {@code local:<os user>} for a local command
 * @param tenant the tenant the actor is limited to; null for an actor of every tenant
 * @param action what was done, e.g. {@code definitions.apply}, {@code runs.cancel}, {@code tokens.create}
 * @param objectType the kind of object acted on, e.g. {@code Sync}, {@code run}, {@code token}; may be null
 * @param objectId which one; may be null
 * @param outcome {@code ok}, or what went wrong: an HTTP status or an error type
 * @param detail a small JSON object with more about the call, never secrets; may be null
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String tenant,
        String action,
        String objectType,
        String objectId,
        String outcome,
        String detail) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The same entry with the id the store gave it. */
    public AuditEntry withId(long newId) {
        return new AuditEntry(newId, at, actor, tenant, action, objectType, objectId, outcome, detail);
    }
}
