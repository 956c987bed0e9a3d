package dev.junction.spec;

import java.util.List;
import java.util.Map;

/**
 * A connector used by one tenant in one environment. Secret values are only references
 * ({@code ${env:NAME}}, {@code ${file:PATH}}); config values may be literals or references.
 * {@code mappingOverrides} holds, per sync name, mapping lines this connection (tenant) puts on top
 * of the sync's default mapping: a line with the same target replaces the default one, a new
 * target is added (custom fields). A database connection names no connector and holds a
 * {@code database} instead (null for a connection of a connector): SQL sources read through it.
 * {@code primary} marks, among a tenant's several connections of one connector, the one its
 * per-tenant syncs use (see {@link dev.junction.runtime.Tenants}).
 *
 * <p>{@code rateLimit}, {@code retry}, {@code timeouts} and {@code exchangeLog}, when set (not null),
 * replace the connector's block of that name as a whole for this connection (two customers of one
 * API often have different plan limits); null keeps the connector's. See the {@code effective…}
 * methods.
 */
public record ConnectionSpec(
        String name,
        String connector,
        String tenant,
        String environment,
        Map<String, ValueRef> config,
        Map<String, ValueRef> secrets,
        SourceLocation location,
        Map<String, List<FieldMapping>> mappingOverrides,
        DatabaseSpec database,
        DefinitionTrust trust,
        boolean primary,
        RateLimitSpec rateLimit,
        RetrySpec retry,
        TimeoutSpec timeouts,
        ExchangeLogSpec exchangeLog,
        ValueRef proxy)
        implements Spec {
    /** The tenant of a connection that names none: the operator's own connections. */
    public static final String DEFAULT_TENANT = "default";

    public ConnectionSpec {
        mappingOverrides = mappingOverrides == null ? Map.of() : mappingOverrides;
        trust = trust == null ? DefinitionTrust.OPERATOR : trust;
    }

    /** Through the process's outbound proxy (if any). */
    public ConnectionSpec(
            String name, String connector, String tenant, String environment, Map<String, ValueRef> config, Map<String, ValueRef> secrets,
            SourceLocation location, Map<String, List<FieldMapping>> mappingOverrides, DatabaseSpec database, DefinitionTrust trust, boolean primary,
            RateLimitSpec rateLimit, RetrySpec retry, TimeoutSpec timeouts, ExchangeLogSpec exchangeLog) {
        this(name, connector, tenant, environment, config, secrets, location, mappingOverrides, database, trust, primary, rateLimit, retry, timeouts,
                exchangeLog, null);
    }

    /** Without limits of its own: the connector's rateLimit, retry, timeouts and exchangeLog apply. */
    public ConnectionSpec(
            String name, String connector, String tenant, String environment, Map<String, ValueRef> config, Map<String, ValueRef> secrets,
            SourceLocation location, Map<String, List<FieldMapping>> mappingOverrides, DatabaseSpec database, DefinitionTrust trust, boolean primary) {
        this(name, connector, tenant, environment, config, secrets, location, mappingOverrides, database, trust, primary, null, null, null, null);
    }

    /** An operator's connection (as loaded from YAML). */
    public ConnectionSpec(
            String name, String connector, String tenant, String environment, Map<String, ValueRef> config, Map<String, ValueRef> secrets,
            SourceLocation location, Map<String, List<FieldMapping>> mappingOverrides, DatabaseSpec database) {
        this(name, connector, tenant, environment, config, secrets, location, mappingOverrides, database, DefinitionTrust.OPERATOR, false);
    }

    /** This connection with {@code value} as its trust. */
    public ConnectionSpec withTrust(DefinitionTrust value) {
        return new ConnectionSpec(name, connector, tenant, environment, config, secrets, location, mappingOverrides, database, value, primary,
                rateLimit, retry, timeouts, exchangeLog, proxy);
    }

    /** This connection marked (or not) as its tenant's primary connection of its connector. */
    public ConnectionSpec withPrimary(boolean value) {
        return new ConnectionSpec(name, connector, tenant, environment, config, secrets, location, mappingOverrides, database, trust, value,
                rateLimit, retry, timeouts, exchangeLog, proxy);
    }

    /** This connection keeping {@code value} of its successful attempts in the exchange log. */
    public ConnectionSpec withExchangeLog(ExchangeLogSpec value) {
        return new ConnectionSpec(name, connector, tenant, environment, config, secrets, location, mappingOverrides, database, trust, primary,
                rateLimit, retry, timeouts, value, proxy);
    }

    /** Whether a tenant stands behind it: it may not read the server's environment or files, nor reach private addresses unless allowed. */
    public boolean isTenantApplied() {
        return trust == DefinitionTrust.TENANT;
    }

    public ConnectionSpec(
            String name, String connector, String tenant, String environment, Map<String, ValueRef> config, Map<String, ValueRef> secrets,
            SourceLocation location, Map<String, List<FieldMapping>> mappingOverrides) {
        this(name, connector, tenant, environment, config, secrets, location, mappingOverrides, null, DefinitionTrust.OPERATOR, false);
    }

    public ConnectionSpec(
            String name, String connector, String tenant, String environment, Map<String, ValueRef> config, Map<String, ValueRef> secrets,
            SourceLocation location) {
        this(name, connector, tenant, environment, config, secrets, location, Map.of());
    }

    /** The tenant whose data key and stored values hold this connection's: its own, or {@value #DEFAULT_TENANT} when it names none. */
    public String owningTenant() {
        return tenant == null ? DEFAULT_TENANT : tenant;
    }

    /**
     * Whether this is an operator's connection: it names no tenant (its tenant is {@value #DEFAULT_TENANT}).
     * An app's operator connection holds the app's own credentials, such as the signing secret of
     * the webhooks the app receives for every customer.
     */
    public boolean isOperators() {
        return tenant == null || DEFAULT_TENANT.equals(tenant);
    }

    /** Whether this is a database connection (SQL sources read through it) rather than a connection of a connector. */
    public boolean isDatabase() {
        return database != null;
    }

    /** This connection's rate limit, else its connector's (null: no declared limit). */
    public RateLimitSpec effectiveRateLimit(ConnectorSpec of) {
        return rateLimit != null ? rateLimit : of.rateLimit();
    }

    /** This connection's retry settings, else its connector's. */
    public RetrySpec effectiveRetry(ConnectorSpec of) {
        return retry != null ? retry : of.retry();
    }

    /** This connection's timeouts, else its connector's (null: the process defaults). */
    public TimeoutSpec effectiveTimeouts(ConnectorSpec of) {
        return timeouts != null ? timeouts : of.timeouts();
    }

    /** What the exchange log keeps of this connection's successful attempts: its own setting, else its connector's. */
    public ExchangeLogSpec effectiveExchangeLog(ConnectorSpec of) {
        return exchangeLog != null ? exchangeLog : of.exchangeLog();
    }

    @Override
    public String kind() {
        return "Connection";
    }
}
