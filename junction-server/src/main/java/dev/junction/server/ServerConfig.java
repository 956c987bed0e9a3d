package dev.junction.server;

import dev.junction.connector.SecretScope;
import dev.junction.http.EgressPolicy;
import dev.junction.engine.Retention;
import dev.junction.engine.Traces;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a server listens and where it thinks it lives. Made by {@link ServerConfigLoader} from a config
 * file and {@code JUNCTION_*} environment variables, or directly in tests.
 *
 * @param host address to bind ({@code 0.0.0.0} for every interface)
 * @param port port to bind; 0 picks a free one
 * @param publicBaseUrl the address clients reach the server at ({@code https://junction.example.com}),
 *     for webhook and OAuth callback URLs; null: {@code http://host:port}
 * @param store the store to open (the engine reads it); a null URL means the data directory's H2 store
 * @param maxRequestBytes the largest request body read, in bytes; larger ones answer 413
 * @param trustedProxies peers whose {@code X-Forwarded-For/-Proto/-Host} headers are believed
 * @param workers size of the run worker pool
 * @param shutdownGrace how long a stop waits for requests in flight
 * @param connectReturnUrls where connect sessions may send the user back: each an absolute http(s) URL prefix
 *     ({@code https://app.example.com/integrations/}); a session's return URL must start with one of them.
 *     Empty: connect sessions are refused.
 * @param egress where requests made through connections may go (a tenant's connections reach private
 *     and loopback addresses only when allowed here), how many redirects they follow, how large an
 *     answer may be
 * @param secrets what the operator's definitions may read through {@code ${env:}} / {@code ${file:}}
 * @param connectionChecks how often the connections whose connector declares {@code check:} are checked (one node at a
 *     time); null: never
 * @param metrics who may scrape {@code /metrics} without a token, on which port, with which labels
 * @param logging the log format and levels (applied by the launcher, which owns the logging backend)
 * @param flowRetention how long flow executions are kept after they ended (purged by the flow worker); null: forever
 * @param tracing where the engine's spans go (off unless {@code tracing.endpoint} is set)
 * @param retention how long exchanges, runs, dead letters and audit entries are kept, and how often they are purged
 * @param consoleOidc single sign-on to the console through an OpenID Connect provider ({@code console.oidc}); off by default
 */
public record ServerConfig(String host, int port, URI publicBaseUrl, StoreSettings store, long maxRequestBytes, List<Cidr> trustedProxies,
        int workers, Duration shutdownGrace, List<URI> connectReturnUrls, EgressPolicy egress, SecretScope secrets, Duration connectionChecks,
        MetricsSettings metrics, LoggingSettings logging, Duration flowRetention, Traces.Settings tracing, Retention.Settings retention,
        OidcSettings consoleOidc) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    /** How often connections are checked unless set otherwise. */
    public static final Duration DEFAULT_CONNECTION_CHECKS = Duration.ofMinutes(15);
    /** How long ended flow executions are kept unless set otherwise. */
    public static final Duration DEFAULT_FLOW_RETENTION = Duration.ofDays(30);

    /** Keeping ended flow executions 30 days. */
    public ServerConfig(String host, int port, URI publicBaseUrl, StoreSettings store, long maxRequestBytes, List<Cidr> trustedProxies, int workers,
            Duration shutdownGrace, List<URI> connectReturnUrls, EgressPolicy egress, SecretScope secrets, Duration connectionChecks,
            MetricsSettings metrics, LoggingSettings logging) {
        this(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets,
                connectionChecks, metrics, logging, DEFAULT_FLOW_RETENTION, Traces.Settings.OFF, Retention.Settings.DEFAULT, OidcSettings.OFF);
    }

    /** Without connection checks, connect return URLs (connect sessions refused), with the default egress policy and secret scope. */
    public ServerConfig(String host, int port, URI publicBaseUrl, StoreSettings store, long maxRequestBytes, List<Cidr> trustedProxies, int workers,
            Duration shutdownGrace) {
        this(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, null);
    }

    /** Without connect return URLs (connect sessions refused), with the default egress policy and secret scope. */
    public ServerConfig(String host, int port, URI publicBaseUrl, StoreSettings store, long maxRequestBytes, List<Cidr> trustedProxies, int workers,
            Duration shutdownGrace, Duration connectionChecks) {
        this(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, List.of(), EgressPolicy.DEFAULT, SecretScope.DEFAULT,
                connectionChecks, MetricsSettings.DEFAULT, LoggingSettings.DEFAULT, DEFAULT_FLOW_RETENTION, Traces.Settings.OFF, Retention.Settings.DEFAULT, OidcSettings.OFF);
    }

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (publicBaseUrl != null) {
            publicBaseUrl = checkBaseUrl(publicBaseUrl);
        }
        store = store == null ? StoreSettings.NONE : store;
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1, was " + maxRequestBytes);
        }
        trustedProxies = List.copyOf(trustedProxies);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative, was " + shutdownGrace);
        }
        if (connectionChecks != null && connectionChecks.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("connectionChecks must be at least 10s (or off), was " + connectionChecks);
        }
        egress = egress == null ? EgressPolicy.DEFAULT : egress;
        secrets = secrets == null ? SecretScope.DEFAULT : secrets;
        connectReturnUrls = connectReturnUrls == null ? List.of() : List.copyOf(connectReturnUrls);
        for (URI url : connectReturnUrls) {
            if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null || url.getRawQuery() != null
                    || url.getRawFragment() != null || url.getRawUserInfo() != null) {
                throw new IllegalArgumentException("connectReturnUrls: each is an absolute http(s) URL prefix without user, query or fragment,"
                        + " like https://app.example.com/integrations/, was '" + url + "'");
            }
        }
        metrics = metrics == null ? MetricsSettings.DEFAULT : metrics;
        logging = logging == null ? LoggingSettings.DEFAULT : logging;
        if (flowRetention != null && !flowRetention.isPositive()) {
            throw new IllegalArgumentException("flowRetention must be a positive duration (or forever), was " + flowRetention);
        }
        tracing = tracing == null ? Traces.Settings.OFF : tracing;
        retention = retention == null ? Retention.Settings.DEFAULT : retention;
        consoleOidc = consoleOidc == null ? OidcSettings.OFF : consoleOidc;
        if (metrics.port() != null && metrics.port() != 0 && metrics.port() == port) {
            throw new IllegalArgumentException("metrics.port must differ from port (" + port + "); leave it out to serve /metrics on the API port");
        }
    }

    public ServerConfig withConnectReturnUrls(List<URI> connectReturnUrls) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    /**
     * Whether a connect session may send its user back to {@code url}: an absolute http(s) URL that starts
     * with an allowed prefix, compared as scheme, host and port exactly and the path by segments.
     */
    public boolean connectReturnUrlAllowed(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null || url.getRawUserInfo() != null
                || !url.getScheme().matches("(?i)https?")) {
            return false;
        }
        for (URI allowed : connectReturnUrls) {
            String path = allowed.getRawPath() == null || allowed.getRawPath().isEmpty() ? "/" : allowed.getRawPath();
            String candidate = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            boolean samePlace = allowed.getScheme().equalsIgnoreCase(url.getScheme()) && allowed.getHost().equalsIgnoreCase(url.getHost())
                    && allowed.getPort() == url.getPort();
            boolean underPath = path.endsWith("/") ? candidate.startsWith(path) : candidate.equals(path) || candidate.startsWith(path + "/");
            if (samePlace && underPath && !candidate.contains("/../") && !candidate.endsWith("/..")) {
                return true;
            }
        }
        return false;
    }

    /** Loopback on 8080, 1 MiB bodies, no trusted proxies, one worker per core (at least 2), 30 s grace, connection checks every 15 min. */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, null, StoreSettings.NONE, DEFAULT_MAX_REQUEST_BYTES, List.of(),
                Math.max(2, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(30), DEFAULT_CONNECTION_CHECKS);
    }

    /** @param flowRetention null: keep ended flow executions forever */
    public ServerConfig withFlowRetention(Duration flowRetention) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withHost(String host) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withPublicBaseUrl(URI publicBaseUrl) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withStore(StoreSettings store) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withMaxRequestBytes(long maxRequestBytes) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withTrustedProxies(List<Cidr> trustedProxies) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withWorkers(int workers) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withShutdownGrace(Duration shutdownGrace) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withEgress(EgressPolicy egress) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withSecrets(SecretScope secrets) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    /** @param connectionChecks null: never */
    public ServerConfig withConnectionChecks(Duration connectionChecks) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withMetrics(MetricsSettings metrics) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withLogging(LoggingSettings logging) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withTracing(Traces.Settings tracing) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withConsoleOidc(OidcSettings consoleOidc) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    public ServerConfig withRetention(Retention.Settings retention) {
        return new ServerConfig(host, port, publicBaseUrl, store, maxRequestBytes, trustedProxies, workers, shutdownGrace, connectReturnUrls, egress, secrets, connectionChecks, metrics, logging, flowRetention, tracing, retention, consoleOidc);
    }

    /**
     * Who may scrape {@code /metrics}: any caller whose address (after {@code trustedProxies}) lies in
     * {@code allowFrom}, without a token; anyone else with an operator token of role viewer or higher.
     *
     * @param allowFrom networks that may scrape without a token (default: none)
     * @param port serve {@code /metrics} only on this port (same host; 0 picks a free one), and nothing
     *     else there; null: on the API port
     * @param tenantLabel label record counts with the tenant (one series per sync and tenant); false
     *     sums them over tenants, for many tenants
     */
    public record MetricsSettings(List<Cidr> allowFrom, Integer port, boolean tenantLabel) {
        public static final MetricsSettings DEFAULT = new MetricsSettings(List.of(), null, true);

        public MetricsSettings {
            allowFrom = List.copyOf(allowFrom);
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("metrics.port must be 0..65535, was " + port);
            }
        }

        public MetricsSettings withAllowFrom(List<Cidr> value) {
            return new MetricsSettings(value, port, tenantLabel);
        }

        public MetricsSettings withPort(Integer value) {
            return new MetricsSettings(allowFrom, value, tenantLabel);
        }

        public MetricsSettings withTenantLabel(boolean value) {
            return new MetricsSettings(allowFrom, port, value);
        }
    }

    /**
     * How the process logs; the launcher applies it to the logging backend.
     *
     * @param format {@code text} (one line per event, MDC tags in brackets) or {@code json} (one JSON
     *     object per line); null: the launcher's default (text)
     * @param levels levels per logger, like {@code dev.junction.http=debug,com.zaxxer=warn}; null: none
     */
    public record LoggingSettings(String format, String levels) {
        public static final LoggingSettings DEFAULT = new LoggingSettings(null, null);

        public LoggingSettings {
            if (format != null && !format.equals("text") && !format.equals("json")) {
                throw new IllegalArgumentException("logging.format must be text or json, was '" + format + "'");
            }
        }
    }

    private static URI checkBaseUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("publicBaseUrl must be an absolute http(s) URL without query or fragment, like https://junction.example.com, was '" + url + "'");
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    /**
     * The store to open: a JDBC URL (or H2 path), user and password. The password is kept as given — a
     * secret reference ({@code ${env:X}}, {@code ${file:P}}) or plain — and resolved by whoever opens
     * the store; it never appears in {@link #toString}.
     */
    public record StoreSettings(String url, String user, String password) {
        public static final StoreSettings NONE = new StoreSettings(null, null, null);

        @Override
        public String toString() {
            return "StoreSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "***") + "]";
        }
    }
}
