package dev.junction.server;

import dev.junction.engine.Principal;
import java.util.Map;
import java.util.Objects;

/**
 * One mutating call as the server hands it to its {@link Auditor}, after the call was answered.
 *
 * @param actor who called (the token's principal)
 * @param action the route's operationId, e.g. {@code definitions.apply}
 * @param objectType what kind of object it acted on ({@link ApiRequest#auditObject}, else the route's tag)
 * @param objectId which one (else the route's path parameters joined by {@code /}); may be null
 * @param status the HTTP status it was answered with, errors included
 * @param detail small facts: method, path, the problem type of a refusal, and what the handler added
 */
public record AuditEvent(Principal actor, String action, String objectType, String objectId, int status, Map<String, Object> detail) {
    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        detail = Map.copyOf(detail);
    }
}
