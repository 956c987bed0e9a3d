package dev.junction.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.internal.AuditDetail;
import dev.junction.store.AuditEntry;
import dev.junction.store.AuditLogRepository;
import dev.junction.store.AuditPage;
import dev.junction.store.AuditQuery;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The audit log: who changed what, when, and how it went. Adapters record every mutating call
 * (API and CLI), successful or not, after it is decided; the time is the engine clock's.
 *
 * <pre>{@code
 * audit.record(principal, "runs.cancel", "run", runId, AuditLog.OK, Map.of("sync", "crm-to-erp"));
 * audit.record(principal, "definitions.apply", "Sync", "crm-to-erp", "409", Map.of("expectedVersion", 3));
 * }</pre>
 *
 * A detail is a small JSON object; values under secret-looking names are replaced by {@code ***}
 * before anything is stored (see {@link AuditDetail}), but callers should not pass secrets at all.
 */
public final class AuditLog {
    /** The outcome of a call that did what it was asked. */
    public static final String OK = "ok";

    private final AuditLogRepository entries;
    private final Clock clock;
    private final AuditDetail details;

    public AuditLog(AuditLogRepository entries, Clock clock) {
        this.entries = Objects.requireNonNull(entries, "entries");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.details = new AuditDetail(new ObjectMapper());
    }

    /**
     * Records a call now.
     *
     * @param actor who made it; the entry's tenant is the actor's
     * @param action what was done, e.g. {@code definitions.apply}, {@code runs.start}, {@code tokens.revoke}
     * @param objectType the kind of object acted on, e.g. {@code Sync}, {@code run}, {@code token}; may be null
     * @param objectId which one; may be null
     * @param outcome {@link #OK}, or what went wrong: an HTTP status ({@code "409"}) or an error type
     * @param detail more about the call (kept small, secrets hidden); may be null
     * @return the entry as stored
     */
    public AuditEntry record(Principal actor, String action, String objectType, String objectId, String outcome, Map<String, ?> detail) {
        Objects.requireNonNull(actor, "actor");
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("audit record: the action is missing (e.g. runs.start)");
        }
        if (outcome == null || outcome.isBlank()) {
            throw new IllegalArgumentException("audit record of " + action + ": the outcome is missing (ok, an HTTP status or an error type)");
        }
        return entries.append(new AuditEntry(0, clock.instant(), actor.id(), actor.tenant(), action, objectType, objectId, outcome,
                details.toJson(detail)));
    }

    /** A page of entries, newest first; pass {@link AuditPage#nextCursor()} to {@link AuditQuery#after} for the next. */
    public AuditPage query(AuditQuery query) {
        return entries.find(query);
    }

    /** Deletes the entries older than {@code age} (retention). @return how many */
    public long deleteOlderThan(Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("audit retention: the age must not be negative, was " + age);
        }
        return entries.deleteOlderThan(clock.instant().minus(age));
    }
}
