package dev.junction.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.spec.AlertSpec;
import dev.junction.spec.AlertSpec.Type;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What an event of the engine's outbound events ({@code run.failed}, {@code schema.drifted}, ...)
 * says about each alert rule: the condition holds for a subject ({@link Verdict#holds}), clears for
 * it, or the event is not about the rule. Pure: the caller stores what changes.
 *
 * <p>The extension point is {@link #ON_EVENT}, one {@link EventCondition} per condition type that is
 * decided by events: a new event-driven condition (say, {@code audit-failed} on an
 * {@code audit.mismatch} event) is a new {@link Type} and one entry here. Conditions decided by the
 * clock (no successful run, inbox lag, connection status, Deprecation/Sunset) are in
 * {@code Alerts.evaluate}.
 */
public final class AlertConditions {
    /** The HTTP client's words when it gave up: {@code ... after 5 attempts}. */
    static final Pattern RETRIES_EXHAUSTED = Pattern.compile("after \\d+ attempts");

    private AlertConditions() {}

    /** What an alert is about: its key (with the rule, the de-duplication key) and its parts. */
    public record Subject(String key, String tenant, String sync, String connection) {
        static Subject of(String sync, String connection, String tenant, String extra) {
            StringBuilder key = new StringBuilder();
            part(key, "sync", sync);
            part(key, "connection", connection);
            part(key, "tenant", tenant);
            if (extra != null) {
                key.append(key.isEmpty() ? "" : " ").append(extra);
            }
            return new Subject(key.isEmpty() ? "all" : key.toString(), tenant, sync, connection);
        }

        private static void part(StringBuilder key, String name, String value) {
            if (value != null) {
                key.append(key.isEmpty() ? "" : " ").append(name).append('=').append(value);
            }
        }
    }

    /** The condition holds for the subject ({@code summary} says how), or has cleared for it ({@code holds} false). */
    public record Verdict(Subject subject, boolean holds, String summary) {}

    /** Decides a rule from one event; {@code connectionsOf} gives a sync's source and destination connections. */
    @FunctionalInterface
    public interface EventCondition {
        List<Verdict> on(AlertSpec rule, String type, String tenant, JsonNode data, Function<String, List<String>> connectionsOf);
    }

    /** The conditions decided by events, by type: the one place to add one. */
    public static final Map<Type, EventCondition> ON_EVENT = new EnumMap<>(Map.of(
            Type.RUN_FAILED, AlertConditions::runFailed,
            Type.FAILED_RECORDS, AlertConditions::failedRecords,
            Type.RETRIES_EXHAUSTED, AlertConditions::retriesExhausted,
            Type.SCHEMA_DRIFT, AlertConditions::schemaDrift,
            Type.CONNECTION_UNHEALTHY, AlertConditions::needsReauth,
            Type.AUDIT_DIFFERENCES, AlertConditions::auditDifferences));

    /** Every verdict of the event about {@code rule} (none when it is not about the rule or out of its scope). */
    public static List<Verdict> on(AlertSpec rule, String type, String tenant, JsonNode data, Function<String, List<String>> connectionsOf) {
        EventCondition condition = ON_EVENT.get(rule.condition().type());
        return condition == null ? List.of() : condition.on(rule, type, tenant, data, connectionsOf);
    }

    private static List<Verdict> runFailed(AlertSpec rule, String type, String tenant, JsonNode data, Function<String, List<String>> connectionsOf) {
        Subject subject = runSubject(rule, type, data, connectionsOf);
        if (subject == null) {
            return List.of();
        }
        if (type.equals("run.failed")) {
            return List.of(new Verdict(subject, true, "Run " + text(data, "runId") + " of " + text(data, "sync") + tenantPart(data) + " failed: "
                    + text(data, "error")));
        }
        return type.equals("run.succeeded") ? List.of(new Verdict(subject, false, null)) : List.of();
    }

    private static List<Verdict> failedRecords(AlertSpec rule, String type, String tenant, JsonNode data, Function<String, List<String>> connectionsOf) {
        Subject subject = runSubject(rule, type, data, connectionsOf);
        if (subject == null || !type.equals("run.succeeded")) {
            return List.of();
        }
        long failed = data.path("counters").path("failed").asLong();
        long read = data.path("counters").path("read").asLong();
        AlertSpec.Condition c = rule.condition();
        boolean overCount = c.count() != null && failed >= c.count();
        boolean overShare = c.percent() != null && read > 0 && failed * 100.0 / read >= c.percent();
        if (!overCount && !overShare) {
            return List.of(new Verdict(subject, false, null));
        }
        String share = read > 0 ? String.format(java.util.Locale.ROOT, " (%.1f%% of %d read)", failed * 100.0 / read, read) : "";
        return List.of(new Verdict(subject, true, "Run " + text(data, "runId") + " of " + text(data, "sync") + tenantPart(data) + " dead-lettered "
                + failed + " records" + share + "; list them with GET /api/v1/deadletters?run=" + text(data, "runId")));
    }

    private static List<Verdict> retriesExhausted(AlertSpec rule, String type, String tenant, JsonNode data,
            Function<String, List<String>> connectionsOf) {
        Subject subject = runSubject(rule, type, data, connectionsOf);
        if (subject == null) {
            return List.of();
        }
        String error = type.equals("record.dead_lettered") ? text(data, "reason") : text(data, "error");
        if ((type.equals("run.failed") || type.equals("record.dead_lettered")) && error != null && RETRIES_EXHAUSTED.matcher(error).find()) {
            String what = type.equals("run.failed") ? "Run " + text(data, "runId") : "Record " + text(data, "recordKey") + " of run " + text(data, "runId");
            return List.of(new Verdict(subject, true, what + " of " + text(data, "sync") + tenantPart(data) + " ran out of retries: " + error));
        }
        return type.equals("run.succeeded") ? List.of(new Verdict(subject, false, null)) : List.of();
    }

    private static List<Verdict> auditDifferences(AlertSpec rule, String type, String tenant, JsonNode data,
            Function<String, List<String>> connectionsOf) {
        if (!type.equals("audit.differences")) {
            return List.of();
        }
        String sync = text(data, "sync");
        String auditTenant = text(data, "tenant");
        if (!rule.scope().matches(sync, null, auditTenant)) {
            return List.of();
        }
        return List.of(new Verdict(Subject.of(sync, null, auditTenant, null), true, "Audit " + text(data, "auditId") + " of " + sync
                + (auditTenant == null ? "" : " for tenant " + auditTenant) + " found " + data.path("missing").asLong() + " missing, "
                + data.path("extra").asLong() + " extra and " + data.path("mismatched").asLong() + " mismatched records; see GET /api/v1/audits/"
                + text(data, "auditId")));
    }

    private static List<Verdict> schemaDrift(AlertSpec rule, String type, String tenant, JsonNode data, Function<String, List<String>> connectionsOf) {
        if (!type.equals("schema.drifted")) {
            return List.of();
        }
        String sync = text(data, "sync");
        String connection = text(data, "connection");
        if (!rule.scope().matches(sync, connection, text(data, "tenant"))) {
            return List.of();
        }
        Subject subject = Subject.of(sync, connection, text(data, "tenant"), "stream=" + text(data, "stream"));
        StringBuilder changes = new StringBuilder();
        for (JsonNode change : data.path("changes")) {
            if (changes.length() < 300) {
                changes.append(changes.isEmpty() ? "" : ", ").append(change.path("field").asText()).append(' ').append(change.path("change").asText());
            }
        }
        return List.of(new Verdict(subject, true, "Stream " + text(data, "stream") + " of " + connection + " drifted from its stored schema (run "
                + text(data, "runId") + " of " + sync + "): " + changes));
    }

    private static List<Verdict> needsReauth(AlertSpec rule, String type, String tenant, JsonNode data, Function<String, List<String>> connectionsOf) {
        if (!type.equals("connection.needs_reauth")) {
            return List.of();
        }
        String connection = text(data, "connection");
        String connectionTenant = text(data, "tenant");
        if (!rule.scope().matches(rule.scope().sync(), connection, connectionTenant)) {
            return List.of();
        }
        return List.of(new Verdict(connectionSubject(connection, connectionTenant), true, "Connection " + connection
                + (connectionTenant == null ? "" : " of tenant " + connectionTenant) + " needs to be connected again: " + text(data, "reason")));
    }

    /** The subject of a connection's health (one per connection and tenant, whichever way it was seen). */
    public static Subject connectionSubject(String connection, String tenant) {
        return Subject.of(null, connection, tenant, null);
    }

    /** The subject of a run event in the rule's scope, or null: per sync and tenant. */
    private static Subject runSubject(AlertSpec rule, String type, JsonNode data, Function<String, List<String>> connectionsOf) {
        if (!type.startsWith("run.") && !type.equals("record.dead_lettered")) {
            return null;
        }
        String sync = text(data, "sync");
        String tenant = text(data, "tenant");
        AlertSpec.Scope scope = rule.scope();
        if (!scope.matches(sync, scope.connection(), tenant) || scope.connection() != null && !connectionsOf.apply(sync).contains(scope.connection())) {
            return null;
        }
        return syncSubject(sync, tenant);
    }

    /** The subject of a sync's runs (one per sync and tenant). */
    public static Subject syncSubject(String sync, String tenant) {
        return Subject.of(sync, null, tenant, null);
    }

    private static String tenantPart(JsonNode data) {
        String tenant = text(data, "tenant");
        return tenant == null ? "" : " (tenant " + tenant + ")";
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
