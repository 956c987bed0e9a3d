package dev.junction.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How connectors, syncs, connections and tenants look on the wire: what they are at a glance, never
 * a secret. A connection shows which secrets it sets and where they come from (a reference such as
 * {@code ${env:CRM_TOKEN}}), never a value.
 */
public final class CatalogViews {
    private CatalogViews() {}

    /** A connector in a list. */
    public record ConnectorSummary(String name, String version, String description, String authType, List<String> streams, List<String> actions) {}

    /** One connector at a glance. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectorView(String name, String version, String description, String baseUrl, AuthView auth, RateLimitView rateLimit,
            List<String> config, List<String> secrets, List<StreamView> streams, List<ActionView> actions) {}

    /** How requests authenticate: the type and its non-secret settings (where an API key goes, an OAuth grant). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuthView(String type, String in, String name, String grant, String tokenUrl, List<String> scopes) {}

    /**
     * The connection's budget: {@code requests} per {@code per} (ISO-8601), requests in flight, learned from headers,
     * and whose it is ({@code scope}: {@code connection}, split among the nodes that call it, or {@code node}); {@code cost},
     * the points the API reports in its answers (a GraphQL API's query cost), when declared.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimitView(Integer requests, String per, Integer maxConcurrency, boolean learnFromHeaders, String window, String scope,
            CostView cost) {}

    /** Where the answers say how many points are left, what a call cost, how fast points come back, the size, the window's reset. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CostView(String available, String requested, String restoreRate, String maximum, String resetIn) {}

    /** A readable stream: its request, key, cursor and how it pages. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StreamView(String name, String method, String path, String primaryKey, String cursorField, String pagination, String format,
            String parent) {}

    /** A write: its request and batch limits ({@code maxRecords} per call, {@code maxBytes}, 0 for none). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActionView(String name, String method, String path, Integer batchMaxRecords, Long batchMaxBytes, String idempotencyKeyHeader,
            boolean perRecordResults) {}

    /** A sync in a list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncSummary(String name, String description, boolean perTenant, SideView source, SideView destination, String schedule) {}

    /** One sync: its sides, mode, schedule and mapping lines. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncView(String name, String description, boolean perTenant, SideView source, SideView destination, String schedule,
            BatchView batch, String onRowError, List<MappingLine> mapping) {}

    /**
     * One side of a sync: a connection (or, per tenant, a connector) with its stream or action; or a
     * SQL query through a database connection, or a file. {@code mode} is full/incremental for a source and
     * upsert/insert/update/mirror for a destination.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SideView(String connection, String connector, String stream, String action, String key, String mode, String sqlQuery,
            String file) {}

    public record BatchView(int size, int concurrency, long maxBytes) {}

    /** A mapping line: the destination field and where its value comes from, written as in YAML. */
    public record MappingLine(String target, String source) {}

    /** A connection in a list: whose it is and its status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionSummary(String name, String connector, String tenant, String environment, String status, Instant statusAt) {}

    /**
     * One connection. {@code config} shows values as written (literals, or references); {@code secrets}
     * shows only where each secret comes from, never its value; {@code account} is the connected account
     * the connect flow learned (userinfo or the connector's {@code auth.identity}), when it learned one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionView(String name, String connector, String tenant, String environment, String status, String statusDetail,
            Instant statusAt, Map<String, ValueView> config, Map<String, ValueView> secrets, List<String> mappingOverrides, boolean database,
            String checkMethod, CheckView lastCheck, AccountView account, boolean primary, WebhookStatusView webhook) {
        /** This view with the connected account (null: none known). */
        public ConnectionView withAccount(AccountView value) {
            return new ConnectionView(name, connector, tenant, environment, status, statusDetail, statusAt, config, secrets, mappingOverrides, database,
                    checkMethod, lastCheck, value, primary, webhook);
        }

        /** This view with its webhook at the provider (null: its connector registers none). */
        public ConnectionView withWebhook(WebhookStatusView value) {
            return new ConnectionView(name, connector, tenant, environment, status, statusDetail, statusAt, config, secrets, mappingOverrides, database,
                    checkMethod, lastCheck, account, primary, value);
        }
    }

    /**
     * A connection's webhook at its provider, when its connector registers one: whether a registration is kept (never its
     * answer), the URL it was registered at, when it was registered or last renewed, and until when a failed renewal waits.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookStatusView(boolean registered, String url, Instant renewedAt, Instant renewalRetryAt) {}

    /** The connected account: the provider's id for it and a name to show (an e-mail, a login); either may be absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccountView(String id, String name) {}

    /**
     * One health check of a connection: {@code status} ok, failing, needs_reauth or unknown; {@code httpStatus} the API's
     * answer (null when none: a network failure, or nothing was sent); {@code error} why it was not ok (redacted);
     * {@code trigger} api, cli or schedule.
     */
    public record CheckView(long id, Instant checkedAt, String status, Integer httpStatus, long durationMillis, String error, String trigger) {}

    /**
     * A configured value: {@code value} for a literal config value; {@code reference} ({@code ${env:NAME}},
     * {@code ${file:PATH}}) for a value resolved where the engine runs; {@code set} alone for a secret
     * written inline (never shown); {@code stored: true} for a value given through the API or the connect
     * page, kept encrypted in the store and never returned.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ValueView(boolean set, String value, String reference, Boolean stored) {}

    /** A connection's health: its status and what its APIs said about endpoints going away. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthView(String name, String status, String statusDetail, Instant statusAt, List<SignalView> signals, String checkMethod,
            CheckView lastCheck) {}

    /** A {@code Deprecation}, {@code Sunset} or {@code Warning} header an API sent for an endpoint. */
    public record SignalView(String method, String path, String kind, String value, Instant firstSeen, Instant lastSeen) {}

    /** A tenant: the names of its connections. */
    public record TenantSummary(String name, List<String> connections) {}

    /** A tenant with its connections and their status. */
    public record TenantView(String name, List<ConnectionSummary> connections) {}
}
