package dev.junction.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.junction.engine.Retention;
import dev.junction.engine.Traces;
import dev.junction.http.EgressProxy;
import dev.junction.server.internal.ConfigValues;
import dev.junction.store.RetentionRepository.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads a {@link ServerConfig}: defaults, then a YAML or JSON file, then {@code JUNCTION_*} environment
 * variables (the caller applies command-line flags last). Unknown keys and bad values fail with the
 * file, line and column, or the variable's name.
 *
 * <pre>{@code
 * host: 0.0.0.0                  # JUNCTION_HOST
 * port: 8080                     # JUNCTION_PORT
 * publicBaseUrl: https://junction.example.com   # JUNCTION_PUBLIC_BASE_URL
 * store:
 *   url: jdbc:postgresql://db:5432/junction     # JUNCTION_STORE_URL
 *   user: junction                              # JUNCTION_STORE_USER
 *   password: ${env:DB_PASSWORD}                # JUNCTION_STORE_PASSWORD
 * maxRequestBody: 1MiB           # JUNCTION_MAX_REQUEST_BODY
 * trustedProxies: [10.0.0.0/8]   # JUNCTION_TRUSTED_PROXIES (comma-separated)
 * connectReturnUrls: [https://app.example.com/integrations/]   # JUNCTION_CONNECT_RETURN_URLS (comma-separated)
 * workers: 8                     # JUNCTION_WORKERS
 * shutdownGrace: 30s             # JUNCTION_SHUTDOWN_GRACE
 * egress:                        # requests made through connections (docs/egress.md)
 *   allowPrivate: false          # JUNCTION_EGRESS_ALLOW_PRIVATE: tenants' connections may reach private/loopback addresses
 *   allow: [10.1.0.0/16, crm.internal.example]  # JUNCTION_EGRESS_ALLOW: ... these ones only
 *   maxRedirects: 5              # JUNCTION_EGRESS_MAX_REDIRECTS
 *   maxResponseBody: 32MiB       # JUNCTION_EGRESS_MAX_RESPONSE_BODY
 *   proxy: http://proxy.corp:3128   # JUNCTION_EGRESS_PROXY (or none); unset: HTTPS_PROXY / HTTP_PROXY
 *   noProxy: [.corp.example]     # JUNCTION_EGRESS_NO_PROXY (comma-separated); with proxy only (else NO_PROXY)
 * secrets:                       # what the operator's ${env:} / ${file:} may read
 *   allowEnv: [ACME_*]           # JUNCTION_SECRETS_ALLOW_ENV (empty: every variable but the master key)
 *   allowFiles: [/run/secrets]   # JUNCTION_SECRETS_ALLOW_FILES (empty: any regular file)
 *   maxFileSize: 1MiB            # JUNCTION_SECRETS_MAX_FILE_SIZE
 * connectionChecks: 15m          # JUNCTION_CONNECTION_CHECKS (or off)
 * flowRetention: 30d             # JUNCTION_FLOW_RETENTION: ended flow executions are purged after this (or forever)
 * metrics:
 *   allowFrom: [127.0.0.1/32, 10.0.0.0/8]   # JUNCTION_METRICS_ALLOW_FROM (comma-separated): scrape /metrics without a token
 *   port: 9090                   # JUNCTION_METRICS_PORT: serve /metrics only there
 *   tenantLabel: true            # JUNCTION_METRICS_TENANT_LABEL: false sums record counts over tenants
 * logging:
 *   format: json                 # JUNCTION_LOG_FORMAT: text (default) or json
 *   levels: { dev.junction.http: debug }      # JUNCTION_LOG_LEVEL: dev.junction.http=debug,com.zaxxer=warn
 * tracing:                       # off unless an endpoint is set
 *   endpoint: http://otel-collector:4318      # JUNCTION_TRACING_ENDPOINT: an OTLP/HTTP receiver
 *   serviceName: junction        # JUNCTION_TRACING_SERVICE_NAME
 *   sampleRatio: 0.25            # JUNCTION_TRACING_SAMPLE_RATIO: share of traces kept (default 1)
 * retention:                     # purged in batches by a background job (docs/operations.md)
 *   every: 1h                    # JUNCTION_RETENTION_EVERY (off: only junction purge)
 *   batchSize: 1000              # JUNCTION_RETENTION_BATCH_SIZE
 *   exchanges: { maxAge: 30d, maxRows: 1000000 }   # JUNCTION_EXCHANGE_RETENTION, JUNCTION_RETENTION_EXCHANGES_MAX_ROWS
 *   runs: { maxAge: 180d, maxRows: none }          # JUNCTION_RETENTION_RUNS_MAX_AGE, ..._MAX_ROWS
 *   deadLetters: { maxAge: 180d }                  # JUNCTION_RETENTION_DEAD_LETTERS_MAX_AGE, ..._MAX_ROWS
 *   audit: { maxAge: 400d }                        # JUNCTION_RETENTION_AUDIT_MAX_AGE, ..._MAX_ROWS
 * console:
 *   oidc:                        # single sign-on (docs/console.md); off unless issuer is set
 *     issuer: https://login.example.com/realms/acme   # JUNCTION_CONSOLE_OIDC_ISSUER
 *     name: Acme SSO             # JUNCTION_CONSOLE_OIDC_NAME: the button says "Sign in with Acme SSO"
 *     clientId: junction         # JUNCTION_CONSOLE_OIDC_CLIENT_ID
 *     clientSecret: ${env:OIDC_CLIENT_SECRET}     # JUNCTION_CONSOLE_OIDC_CLIENT_SECRET
 *     scopes: [openid, email, profile]            # JUNCTION_CONSOLE_OIDC_SCOPES
 *     roleClaim: groups          # JUNCTION_CONSOLE_OIDC_ROLE_CLAIM
 *     roles: { junction-admins: admin, junction-editors: editor, staff: viewer }   # JUNCTION_CONSOLE_OIDC_ROLES: a=admin,b=editor
 *     tenantClaim: junction_tenant                # JUNCTION_CONSOLE_OIDC_TENANT_CLAIM
 *     allowedEmailDomains: [acme.com]             # JUNCTION_CONSOLE_OIDC_ALLOWED_EMAIL_DOMAINS
 *     groupsClaim: groups        # JUNCTION_CONSOLE_OIDC_GROUPS_CLAIM
 *     requiredGroups: [junction-users]            # JUNCTION_CONSOLE_OIDC_REQUIRED_GROUPS
 * }</pre>
 *
 * {@code JUNCTION_CONFIG} names the file when none is given.
 */
public final class ServerConfigLoader {
    private final Map<String, String> env;

    public ServerConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Defaults, then {@code file} (or {@code JUNCTION_CONFIG}'s; none: skipped), then the environment. */
    public ServerConfig load(Path file) {
        Path source = file != null ? file : env.containsKey("JUNCTION_CONFIG") ? Path.of(env.get("JUNCTION_CONFIG")) : null;
        Map<String, String> values = new HashMap<>();
        Map<String, String> where = new HashMap<>();
        if (source != null) {
            readFile(source, values, where);
        }
        ServerConfigKeys.ENV.forEach((key, variable) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                values.put(key, value);
                where.put(key, variable);
            }
        });
        return build(values, where);
    }

    private static ServerConfig build(Map<String, String> values, Map<String, String> where) {
        ServerConfig config = ServerConfig.defaults();
        config = apply(config, values, where, "host", ConfigValues::host, ServerConfig::withHost);
        config = apply(config, values, where, "port", ConfigValues::port, ServerConfig::withPort);
        config = apply(config, values, where, "publicBaseUrl", ConfigValues::baseUrl, ServerConfig::withPublicBaseUrl);
        config = apply(config, values, where, "maxRequestBody", ConfigValues::size, ServerConfig::withMaxRequestBytes);
        config = apply(config, values, where, "trustedProxies", ConfigValues::cidrs, ServerConfig::withTrustedProxies);
        config = apply(config, values, where, "workers", ConfigValues::positive, ServerConfig::withWorkers);
        config = apply(config, values, where, "shutdownGrace", ConfigValues::duration, ServerConfig::withShutdownGrace);
        config = apply(config, values, where, "connectReturnUrls", ServerConfigLoader::urls, ServerConfig::withConnectReturnUrls);
        config = apply(config, values, where, "egress.allowPrivate", ConfigValues::bool, (c, v) -> c.withEgress(c.egress().withAllowPrivate(v)));
        config = apply(config, values, where, "egress.allow", ConfigValues::list, (c, v) -> c.withEgress(c.egress().withAllow(v)));
        config = apply(config, values, where, "egress.maxRedirects", ConfigValues::nonNegative, (c, v) -> c.withEgress(c.egress().withMaxRedirects(v)));
        config = apply(config, values, where, "egress.maxResponseBody", ConfigValues::size, (c, v) -> c.withEgress(c.egress().withMaxResponseBytes(v)));
        config = apply(config, values, where, "egress.proxy", v -> EgressProxy.of(v, List.of()), (c, v) -> c.withEgress(c.egress().withProxy(v)));
        config = apply(config, values, where, "egress.noProxy", ConfigValues::list, (c, v) -> c.withEgress(c.egress().withProxy(noProxy(c.egress().proxy(), v))));
        config = apply(config, values, where, "secrets.allowEnv", ConfigValues::list, (c, v) -> c.withSecrets(c.secrets().withAllowEnv(v)));
        config = apply(config, values, where, "secrets.allowFiles", ConfigValues::list, (c, v) -> c.withSecrets(c.secrets().withAllowFiles(v)));
        config = apply(config, values, where, "secrets.maxFileSize", ConfigValues::size, (c, v) -> c.withSecrets(c.secrets().withMaxFileBytes(v)));
        config = apply(config, values, where, "connectionChecks", ServerConfigLoader::connectionChecks, (c, every) -> c.withConnectionChecks(every.orElse(null)));
        config = apply(config, values, where, "flowRetention", ServerConfigLoader::flowRetention, (c, keep) -> c.withFlowRetention(keep.orElse(null)));
        config = apply(config, values, where, "metrics.allowFrom", ConfigValues::cidrs, (c, v) -> c.withMetrics(c.metrics().withAllowFrom(v)));
        config = apply(config, values, where, "metrics.port", ConfigValues::port, (c, v) -> c.withMetrics(c.metrics().withPort(v)));
        config = apply(config, values, where, "metrics.tenantLabel", ServerConfigLoader::bool, (c, v) -> c.withMetrics(c.metrics().withTenantLabel(v)));
        config = apply(config, values, where, "logging.format", f -> f.strip().toLowerCase(java.util.Locale.ROOT),
                (c, v) -> c.withLogging(new ServerConfig.LoggingSettings(v, c.logging().levels())));
        config = apply(config, values, where, "logging.levels", String::strip, (c, v) -> c.withLogging(new ServerConfig.LoggingSettings(c.logging().format(), v)));
        config = apply(config, values, where, "tracing.endpoint", String::strip, (c, v) -> c.withTracing(engine(() -> c.tracing().withEndpoint(v))));
        config = apply(config, values, where, "tracing.serviceName", String::strip, (c, v) -> c.withTracing(engine(() -> c.tracing().withServiceName(v))));
        config = apply(config, values, where, "tracing.sampleRatio", v -> engine(() -> Traces.Settings.ratio(v)),
                (c, v) -> c.withTracing(engine(() -> c.tracing().withSampleRatio(v))));
        config = apply(config, values, where, "retention.every", v -> java.util.Optional.ofNullable(engine(() -> Retention.Rule.age(v))),
                (c, v) -> c.withRetention(engine(() -> c.retention().withEvery(v.orElse(null)))));
        config = apply(config, values, where, "retention.batchSize", v -> engine(() -> Retention.batchSize(v)),
                (c, v) -> c.withRetention(engine(() -> c.retention().withBatchSize(v))));
        for (Table table : Table.values()) {
            String prefix = "retention." + Retention.NAMES.get(table);
            config = apply(config, values, where, prefix + ".maxAge", v -> java.util.Optional.ofNullable(engine(() -> Retention.Rule.age(v))),
                    (c, v) -> c.withRetention(engine(() -> c.retention().with(table, rule -> rule.withMaxAge(v.orElse(null))))));
            config = apply(config, values, where, prefix + ".maxRows", v -> java.util.Optional.ofNullable(engine(() -> Retention.Rule.rows(v))),
                    (c, v) -> c.withRetention(engine(() -> c.retention().with(table, rule -> rule.withMaxRows(v.orElse(null))))));
        }
        config = oidc(config, values, where);
        return config.withStore(new ServerConfig.StoreSettings(values.get("store.url"), values.get("store.user"), values.get("store.password")));
    }

    /** {@code console.oidc.*}, checked as a whole once every key is read (the secret is kept as written: a reference stays one). */
    private static ServerConfig oidc(ServerConfig config, Map<String, String> values, Map<String, String> where) {
        String p = "console.oidc.";
        config = apply(config, values, where, p + "issuer", ServerConfigLoader::url, (c, v) -> c.withConsoleOidc(c.consoleOidc().withIssuer(v)));
        config = apply(config, values, where, p + "name", String::strip, (c, v) -> c.withConsoleOidc(c.consoleOidc().withName(v)));
        config = apply(config, values, where, p + "clientId", String::strip,
                (c, v) -> c.withConsoleOidc(c.consoleOidc().withClient(v, c.consoleOidc().clientSecret())));
        config = apply(config, values, where, p + "clientSecret", String::strip,
                (c, v) -> c.withConsoleOidc(c.consoleOidc().withClient(c.consoleOidc().clientId(), v)));
        config = apply(config, values, where, p + "scopes", ConfigValues::list, (c, v) -> c.withConsoleOidc(c.consoleOidc().withScopes(v)));
        config = apply(config, values, where, p + "roleClaim", String::strip,
                (c, v) -> c.withConsoleOidc(c.consoleOidc().withRoles(v, c.consoleOidc().roles())));
        config = apply(config, values, where, p + "roles", OidcSettings::parseRoles,
                (c, v) -> c.withConsoleOidc(c.consoleOidc().withRoles(c.consoleOidc().roleClaim(), v)));
        config = apply(config, values, where, p + "tenantClaim", String::strip, (c, v) -> c.withConsoleOidc(c.consoleOidc().withTenantClaim(v)));
        config = apply(config, values, where, p + "allowedEmailDomains", ConfigValues::list,
                (c, v) -> c.withConsoleOidc(c.consoleOidc().withAllowedEmailDomains(v)));
        config = apply(config, values, where, p + "groupsClaim", String::strip,
                (c, v) -> c.withConsoleOidc(c.consoleOidc().withRequiredGroups(v, c.consoleOidc().requiredGroups())));
        config = apply(config, values, where, p + "requiredGroups", ConfigValues::list,
                (c, v) -> c.withConsoleOidc(c.consoleOidc().withRequiredGroups(c.consoleOidc().groupsClaim(), v)));
        try {
            config.consoleOidc().checked();
        } catch (IllegalArgumentException e) {
            String at = values.keySet().stream().filter(k -> k.startsWith(p)).sorted().map(where::get).findFirst().orElse("console.oidc");
            throw new ServerConfigException(at + ": " + e.getMessage());
        }
        return config;
    }

    /** One URL. */
    private static java.net.URI url(String text) {
        List<java.net.URI> all = urls(text);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one URL, got '" + text.strip() + "'");
        }
        return all.getFirst();
    }

    /** An engine setting's value; its refusal as the loader reports every bad value (where, key, what was expected). */
    private static <T> T engine(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (dev.junction.engine.EngineException.Invalid e) {
            String message = e.getMessage();
            // the engine names its own key ("tracing.sampleRatio: ..."); the loader names it once, with where it was set
            throw new IllegalArgumentException(message.replaceFirst("^(tracing|retention)\\.[A-Za-z.]+: ", "").replaceFirst("^max(Age|Rows): ", ""));
        }
    }

    /** A duration such as 15m, or {@code off}. */
    private static java.util.Optional<java.time.Duration> connectionChecks(String text) {
        return "off".equalsIgnoreCase(text.strip()) || "false".equalsIgnoreCase(text.strip()) ? java.util.Optional.empty()
                : java.util.Optional.of(ConfigValues.duration(text));
    }

    /** A duration such as 30d (days allowed), or {@code forever}. */
    private static java.util.Optional<java.time.Duration> flowRetention(String text) {
        if ("forever".equalsIgnoreCase(text.strip())) {
            return java.util.Optional.empty();
        }
        java.time.Duration keep = dev.junction.engine.Durations.parse(text.strip());
        if (keep == null) {
            throw new IllegalArgumentException("expected a duration such as 30d, 12h or 90m, or forever, got '" + text + "'");
        }
        return java.util.Optional.of(keep);
    }

    /** {@code egress.noProxy} beside {@code egress.proxy}; the environment's proxy takes its list from {@code NO_PROXY}. */
    private static EgressProxy noProxy(EgressProxy proxy, List<String> hosts) {
        if (proxy == null || !proxy.any()) {
            throw new IllegalArgumentException("lists the hosts reached without egress.proxy, which is not set; set egress.proxy too"
                    + " (a proxy from the environment takes its list from NO_PROXY)");
        }
        return new EgressProxy(proxy.http(), proxy.https(), hosts);
    }

    private static boolean bool(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
        };
    }

    private static <T> ServerConfig apply(ServerConfig config, Map<String, String> values, Map<String, String> where, String key,
            Function<String, T> parse, BiFunction<ServerConfig, T, ServerConfig> with) {
        String text = values.get(key);
        if (text == null) {
            return config;
        }
        try {
            return with.apply(config, parse.apply(text));
        } catch (IllegalArgumentException e) {
            throw new ServerConfigException(where.get(key) + ": " + key + ": " + e.getMessage());
        }
    }

    private static void readFile(Path file, Map<String, String> values, Map<String, String> where) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        JsonFactory factory = name.endsWith(".json") ? new JsonFactory() : new YAMLFactory();
        Map<String, JsonLocation> locations = new HashMap<>();
        JsonNode root;
        try {
            byte[] bytes = Files.readAllBytes(file);
            try (JsonParser parser = factory.createParser(bytes)) {
                for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                    locations.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(), parser.currentTokenLocation());
                }
            }
            root = new ObjectMapper(factory).readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ServerConfigException(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not valid " + (factory instanceof YAMLFactory ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ServerConfigException("cannot read the server config file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        Where at = pointer -> {
            JsonLocation location = locations.get(pointer);
            return file + (location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr());
        };
        if (!root.isObject()) {
            throw new ServerConfigException(at.of("") + ": expected a mapping of keys (" + String.join(", ", ServerConfigKeys.TOP_KEYS) + ")");
        }
        readObject(root, "", ServerConfigKeys.TOP_KEYS, at, values, where);
    }

    private static void readObject(JsonNode node, String prefix, List<String> known, Where at, Map<String, String> values, Map<String, String> where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = prefix + field.getKey();
            String pointer = "/" + key.replace(".", "/");
            if (!known.contains(field.getKey())) {
                throw new ServerConfigException(at.of(pointer) + ": unknown key '" + key + "'; known keys" + (prefix.isEmpty() ? "" : " of " + prefix.substring(0, prefix.length() - 1))
                        + ": " + String.join(", ", known));
            }
            JsonNode value = field.getValue();
            if (ServerConfigKeys.SECTIONS.containsKey(key)) {
                if (!value.isObject()) {
                    throw new ServerConfigException(at.of(pointer) + ": " + key + ": expected a mapping with " + String.join(", ", ServerConfigKeys.SECTIONS.get(key)));
                }
                readObject(value, key + ".", ServerConfigKeys.SECTIONS.get(key), at, values, where);
            } else if (ServerConfigKeys.MAPS.contains(key) && value.isObject()) {
                List<String> items = new ArrayList<>();
                value.fields().forEachRemaining(level -> items.add(level.getKey() + "=" + scalar(level.getValue(), key, at.of(pointer + "/" + level.getKey()))));
                // a role mapping's claim values may hold commas (an LDAP group's DN): one pair a line
                values.put(key, key.equals("console.oidc.roles") ? String.join("\n", items) + "\n" : String.join(",", items));
                where.put(key, at.of(pointer));
            } else if (ServerConfigKeys.LISTS.contains(key) && value.isArray()) {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < value.size(); i++) {
                    items.add(scalar(value.get(i), key, at.of(pointer + "/" + i)));
                }
                values.put(key, String.join(",", items));
                where.put(key, at.of(pointer));
            } else if (!value.isNull()) {
                values.put(key, scalar(value, key, at.of(pointer)));
                where.put(key, at.of(pointer));
            }
        }
    }

    /** Comma-separated URLs. */
    private static List<java.net.URI> urls(String text) {
        List<java.net.URI> urls = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                try {
                    urls.add(new java.net.URI(part.strip()));
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalArgumentException("'" + part.strip() + "' is not a URL");
                }
            }
        }
        return urls;
    }

    private static String scalar(JsonNode value, String key, String where) {
        if (!value.isValueNode()) {
            throw new ServerConfigException(where + ": " + key + ": expected a single value, got a " + (value.isArray() ? "list" : "mapping"));
        }
        return value.asText();
    }

    private interface Where {
        String of(String pointer);
    }
}
