package dev.junction.server;

import dev.junction.engine.Retention;
import dev.junction.engine.Traces;
import dev.junction.store.RetentionRepository.Table;
import java.util.List;
import java.util.Map;

/** The server config's keys: which are sections, lists or maps, and the environment variable that overrides each ({@link ServerConfigLoader}). */
final class ServerConfigKeys {
    private ServerConfigKeys() {}

    /** Top-level keys (and {@code store.*}) with the environment variable that overrides each. */
    static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("host", "JUNCTION_HOST"),
            Map.entry("port", "JUNCTION_PORT"),
            Map.entry("publicBaseUrl", "JUNCTION_PUBLIC_BASE_URL"),
            Map.entry("store.url", "JUNCTION_STORE_URL"),
            Map.entry("store.user", "JUNCTION_STORE_USER"),
            Map.entry("store.password", "JUNCTION_STORE_PASSWORD"),
            Map.entry("maxRequestBody", "JUNCTION_MAX_REQUEST_BODY"),
            Map.entry("trustedProxies", "JUNCTION_TRUSTED_PROXIES"),
            Map.entry("workers", "JUNCTION_WORKERS"),
            Map.entry("shutdownGrace", "JUNCTION_SHUTDOWN_GRACE"),
            Map.entry("connectReturnUrls", "JUNCTION_CONNECT_RETURN_URLS"),
            Map.entry("egress.allowPrivate", "JUNCTION_EGRESS_ALLOW_PRIVATE"),
            Map.entry("egress.allow", "JUNCTION_EGRESS_ALLOW"),
            Map.entry("egress.maxRedirects", "JUNCTION_EGRESS_MAX_REDIRECTS"),
            Map.entry("egress.maxResponseBody", "JUNCTION_EGRESS_MAX_RESPONSE_BODY"),
            Map.entry("egress.proxy", "JUNCTION_EGRESS_PROXY"),
            Map.entry("egress.noProxy", "JUNCTION_EGRESS_NO_PROXY"),
            Map.entry("secrets.allowEnv", "JUNCTION_SECRETS_ALLOW_ENV"),
            Map.entry("secrets.allowFiles", "JUNCTION_SECRETS_ALLOW_FILES"),
            Map.entry("secrets.maxFileSize", "JUNCTION_SECRETS_MAX_FILE_SIZE"),
            Map.entry("connectionChecks", "JUNCTION_CONNECTION_CHECKS"),
            Map.entry("flowRetention", "JUNCTION_FLOW_RETENTION"),
            Map.entry("metrics.allowFrom", "JUNCTION_METRICS_ALLOW_FROM"),
            Map.entry("metrics.port", "JUNCTION_METRICS_PORT"),
            Map.entry("metrics.tenantLabel", "JUNCTION_METRICS_TENANT_LABEL"),
            Map.entry("logging.format", "JUNCTION_LOG_FORMAT"),
            Map.entry("logging.levels", "JUNCTION_LOG_LEVEL"),
            Map.entry("tracing.endpoint", Traces.ENDPOINT_ENV),
            Map.entry("tracing.serviceName", Traces.SERVICE_NAME_ENV),
            Map.entry("tracing.sampleRatio", Traces.SAMPLE_RATIO_ENV),
            Map.entry("retention.every", Retention.EVERY_ENV),
            Map.entry("retention.batchSize", Retention.BATCH_SIZE_ENV),
            Map.entry("retention.exchanges.maxAge", Retention.variable(Table.EXCHANGES, true)),
            Map.entry("retention.exchanges.maxRows", Retention.variable(Table.EXCHANGES, false)),
            Map.entry("retention.runs.maxAge", Retention.variable(Table.RUNS, true)),
            Map.entry("retention.runs.maxRows", Retention.variable(Table.RUNS, false)),
            Map.entry("retention.deadLetters.maxAge", Retention.variable(Table.DEAD_LETTERS, true)),
            Map.entry("retention.deadLetters.maxRows", Retention.variable(Table.DEAD_LETTERS, false)),
            Map.entry("retention.audit.maxAge", Retention.variable(Table.AUDIT_LOG, true)),
            Map.entry("retention.audit.maxRows", Retention.variable(Table.AUDIT_LOG, false)),
            Map.entry("console.oidc.issuer", "JUNCTION_CONSOLE_OIDC_ISSUER"),
            Map.entry("console.oidc.name", "JUNCTION_CONSOLE_OIDC_NAME"),
            Map.entry("console.oidc.clientId", "JUNCTION_CONSOLE_OIDC_CLIENT_ID"),
            Map.entry("console.oidc.clientSecret", "JUNCTION_CONSOLE_OIDC_CLIENT_SECRET"),
            Map.entry("console.oidc.scopes", "JUNCTION_CONSOLE_OIDC_SCOPES"),
            Map.entry("console.oidc.roleClaim", "JUNCTION_CONSOLE_OIDC_ROLE_CLAIM"),
            Map.entry("console.oidc.roles", "JUNCTION_CONSOLE_OIDC_ROLES"),
            Map.entry("console.oidc.tenantClaim", "JUNCTION_CONSOLE_OIDC_TENANT_CLAIM"),
            Map.entry("console.oidc.allowedEmailDomains", "JUNCTION_CONSOLE_OIDC_ALLOWED_EMAIL_DOMAINS"),
            Map.entry("console.oidc.groupsClaim", "JUNCTION_CONSOLE_OIDC_GROUPS_CLAIM"),
            Map.entry("console.oidc.requiredGroups", "JUNCTION_CONSOLE_OIDC_REQUIRED_GROUPS"));
    static final List<String> TOP_KEYS = List.of("host", "port", "publicBaseUrl", "store", "maxRequestBody", "trustedProxies", "workers", "shutdownGrace",
            "connectReturnUrls", "egress", "secrets", "connectionChecks", "flowRetention", "metrics", "logging", "tracing", "retention", "console");
    static final List<String> STORE_KEYS = List.of("url", "user", "password");
    /** Keys that hold a mapping of their own, with its keys. */
    static final Map<String, List<String>> SECTIONS = Map.ofEntries(
            Map.entry("store", STORE_KEYS),
            Map.entry("egress", List.of("allowPrivate", "allow", "maxRedirects", "maxResponseBody", "proxy", "noProxy")),
            Map.entry("secrets", List.of("allowEnv", "allowFiles", "maxFileSize")),
            Map.entry("metrics", List.of("allowFrom", "port", "tenantLabel")),
            Map.entry("logging", List.of("format", "levels")),
            Map.entry("tracing", List.of("endpoint", "serviceName", "sampleRatio")),
            Map.entry("retention", List.of("every", "batchSize", "exchanges", "runs", "deadLetters", "audit")),
            Map.entry("retention.exchanges", List.of("maxAge", "maxRows")),
            Map.entry("retention.runs", List.of("maxAge", "maxRows")),
            Map.entry("retention.deadLetters", List.of("maxAge", "maxRows")),
            Map.entry("retention.audit", List.of("maxAge", "maxRows")),
            Map.entry("console", List.of("oidc")),
            Map.entry("console.oidc", List.of("issuer", "name", "clientId", "clientSecret", "scopes", "roleClaim", "roles", "tenantClaim",
                    "allowedEmailDomains", "groupsClaim", "requiredGroups")));
    /** Keys whose value may be a list (or one comma-separated text). */
    static final java.util.Set<String> LISTS = java.util.Set.of("trustedProxies", "connectReturnUrls", "egress.allow", "egress.noProxy", "secrets.allowEnv", "secrets.allowFiles",
            "metrics.allowFrom", "console.oidc.scopes", "console.oidc.allowedEmailDomains", "console.oidc.requiredGroups");
    /** Keys whose value may be a mapping of names to values (or one {@code a=x,b=y} text). */
    static final java.util.Set<String> MAPS = java.util.Set.of("logging.levels", "console.oidc.roles");
}
