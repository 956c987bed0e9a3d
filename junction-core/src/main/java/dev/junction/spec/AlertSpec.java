package dev.junction.spec;

import java.time.Duration;
import java.util.List;

/**
 * An alert rule: a condition, the scope it watches (sync, connection, tenant; each null for any), the
 * channels told when it fires and when it resolves. The engine fires an alert once per rule and
 * subject while the condition holds and resolves it when it clears. See docs/operations.md ("Alerts")
 * and the Alert section of {@link SpecLoader}.
 *
 * @param renotify while firing, tell the channels again this often; null: once
 * @param resolveAfter for conditions seen as one-off events (schema drift, Deprecation/Sunset, retries
 *     exhausted, a needed re-authorization): resolved when not seen again for this long
 * @param coolDown after an alert of a subject resolves, a new one of the same subject within this
 *     long is recorded but its channels are told only when the cool-down has passed and it still
 *     fires (a flapping condition pages once); null: none
 */
public record AlertSpec(String name, String description, Condition condition, Scope scope, List<String> channels, String severity,
        Duration renotify, Duration resolveAfter, Duration coolDown, SourceLocation location) implements Spec {

    public static final String KIND = "Alert";
    /** Severities, most urgent first (PagerDuty's words). */
    public static final List<String> SEVERITIES = List.of("critical", "error", "warning", "info");
    public static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofHours(24);

    @Override
    public String kind() {
        return KIND;
    }

    /** The conditions a rule can watch, by their YAML name. */
    public enum Type {
        /** A run ended failed ({@code run.failed}); resolved by the next run of the sync that does not fail. */
        RUN_FAILED("run-failed"),
        /** A run dead-lettered at least {@code count} records, or at least {@code percent} of those it read; resolved by a run below both. */
        FAILED_RECORDS("failed-records"),
        /** A run failed or a record was dead-lettered after the HTTP client's retries ran out ({@code after N attempts}). */
        RETRIES_EXHAUSTED("retries-exhausted"),
        /** A connection needs to be connected again ({@code connection.needs_reauth}) or its health checks fail; resolved when it is ok. */
        CONNECTION_UNHEALTHY("connection-unhealthy"),
        /** A run's source showed fields or types its stored schema lacked ({@code schema.drifted}). */
        SCHEMA_DRIFT("schema-drift"),
        /** An API answered with a {@code Deprecation} or {@code Sunset} header (per connection). */
        DEPRECATION("deprecation"),
        /** A sync (per tenant) had no successful run within {@code within}; checked periodically. */
        NO_SUCCESSFUL_RUN("no-successful-run"),
        /** The oldest pending inbox event has waited more than {@code above}; checked periodically. */
        INBOX_LAG("inbox-lag"),
        /** A reconciliation audit found records missing, extra or different at the destination ({@code audit.differences}). */
        AUDIT_DIFFERENCES("audit-differences");

        private final String yamlName;

        Type(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static List<String> yamlNames() {
            return java.util.Arrays.stream(values()).map(Type::yamlName).toList();
        }

        public static Type of(String yamlName) {
            return java.util.Arrays.stream(values()).filter(t -> t.yamlName.equals(yamlName)).findFirst().orElse(null);
        }
    }

    /**
     * @param count failed-records: at least this many dead letters in one run (null: not checked)
     * @param percent failed-records: at least this share of the records read, 0 to 100 (null: not checked)
     * @param within no-successful-run: the longest time without a successful run
     * @param above inbox-lag: the longest a pending event may wait
     */
    public record Condition(Type type, Integer count, Double percent, Duration within, Duration above) {}

    /** What a rule watches; null parts match anything. */
    public record Scope(String sync, String connection, String tenant) {
        public static final Scope ANY = new Scope(null, null, null);

        /** Whether a subject with these parts is in scope (a null part of the subject matches only an open part of the scope). */
        public boolean matches(String sync, String connection, String tenant) {
            return (this.sync == null || this.sync.equals(sync)) && (this.connection == null || this.connection.equals(connection))
                    && (this.tenant == null || this.tenant.equals(tenant));
        }
    }
}
