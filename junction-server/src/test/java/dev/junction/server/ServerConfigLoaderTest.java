package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void usesTheDefaultsWithoutFileOrEnvironment() {
        ServerConfig config = new ServerConfigLoader(Map.of()).load(null);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.publicBaseUrl()).isNull();
        assertThat(config.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(config.trustedProxies()).isEmpty();
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.workers()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void readsEveryKeyOfAYamlFile() throws Exception {
        Path file = write("server.yaml", """
                host: 0.0.0.0
                port: 9090
                publicBaseUrl: https://junction.example.com/
                store:
                  url: jdbc:postgresql://db:5432/junction
                  user: junction
                  password: ${env:DB_PASSWORD}
                maxRequestBody: 512KiB
                trustedProxies: [10.0.0.0/8, "::1"]
                workers: 6
                shutdownGrace: 45s
                """);

        ServerConfig config = new ServerConfigLoader(Map.of()).load(file);

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.publicBaseUrl()).isEqualTo(URI.create("https://junction.example.com"));
        assertThat(config.store()).isEqualTo(new ServerConfig.StoreSettings("jdbc:postgresql://db:5432/junction", "junction", "${env:DB_PASSWORD}"));
        assertThat(config.store().toString()).doesNotContain("DB_PASSWORD");
        assertThat(config.maxRequestBytes()).isEqualTo(512 * 1024);
        assertThat(config.trustedProxies()).extracting(Cidr::toString).containsExactly("10.0.0.0/8", "0:0:0:0:0:0:0:1/128");
        assertThat(config.workers()).isEqualTo(6);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void readsTheEgressAndSecretsSectionsAndTheirVariables() throws Exception {
        Path file = write("server.yaml", """
                egress:
                  allowPrivate: true
                  allow: [10.1.0.0/16, crm.internal.example]
                  maxRedirects: 0
                  maxResponseBody: 8MiB
                secrets:
                  allowEnv: [ACME_*]
                  allowFiles: [/run/secrets]
                  maxFileSize: 64KiB
                """);

        ServerConfig config = new ServerConfigLoader(Map.of("JUNCTION_SECRETS_ALLOW_ENV", "ACME_*, HELPDESK_API_KEY")).load(file);

        assertThat(config.egress()).isEqualTo(new dev.junction.http.EgressPolicy(true, List.of("10.1.0.0/16", "crm.internal.example"), 0, 8L * 1024 * 1024));
        assertThat(config.secrets()).isEqualTo(new dev.junction.connector.SecretScope(List.of("ACME_*", "HELPDESK_API_KEY"), List.of("/run/secrets"),
                64 * 1024));
        assertThat(new ServerConfigLoader(Map.of()).load(null).egress()).isEqualTo(dev.junction.http.EgressPolicy.DEFAULT);
    }

    @Test
    void readsTheOutboundProxyAndTheHostsReachedWithoutIt() throws Exception {
        Path file = write("server.yaml", """
                egress:
                  proxy: http://proxy.corp:3128
                  noProxy: [localhost, .corp.example, 10.0.0.0/8]
                """);

        ServerConfig config = new ServerConfigLoader(Map.of()).load(file);

        assertThat(config.egress().proxy().proxyFor(java.net.URI.create("https://api.hubapi.com/x"))).isNotNull();
        assertThat(config.egress().proxy().proxyFor(java.net.URI.create("https://erp.corp.example/x"))).isNull();
        assertThat(config.egress().proxy().noProxy()).containsExactly("localhost", ".corp.example", "10.0.0.0/8");
        assertThat(new ServerConfigLoader(Map.of("JUNCTION_EGRESS_PROXY", "none")).load(null).egress().proxy())
                .isEqualTo(dev.junction.http.EgressProxy.NONE);
        assertThat(new ServerConfigLoader(Map.of()).load(null).egress().proxy()).as("unset: the engine reads HTTPS_PROXY").isNull();
    }

    @Test
    void readsAJsonFile() throws Exception {
        Path file = write("server.json", "{\"port\": 7000, \"trustedProxies\": \"127.0.0.1, 192.168.0.0/16\"}");

        ServerConfig config = new ServerConfigLoader(Map.of()).load(file);

        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.trustedProxies()).extracting(Cidr::toString).containsExactly("127.0.0.1/32", "192.168.0.0/16");
    }

    @Test
    void letsTheEnvironmentOverrideTheFile() throws Exception {
        Path file = write("server.yaml", "port: 9090\npublicBaseUrl: https://file.example.com\nstore: {url: jdbc:h2:file:/x}\n");
        Map<String, String> env = Map.of("JUNCTION_PORT", "9191", "JUNCTION_PUBLIC_BASE_URL", "https://env.example.com",
                "JUNCTION_STORE_URL", "jdbc:postgresql://env/db", "JUNCTION_MAX_REQUEST_BODY", "2MiB", "JUNCTION_TRUSTED_PROXIES", "10.1.0.0/16",
                "JUNCTION_SHUTDOWN_GRACE", "PT10S", "JUNCTION_WORKERS", "3", "JUNCTION_HOST", "::");

        ServerConfig config = new ServerConfigLoader(env).load(file);

        assertThat(config.port()).isEqualTo(9191);
        assertThat(config.publicBaseUrl()).isEqualTo(URI.create("https://env.example.com"));
        assertThat(config.store().url()).isEqualTo("jdbc:postgresql://env/db");
        assertThat(config.maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.trustedProxies()).extracting(Cidr::toString).containsExactly("10.1.0.0/16");
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.workers()).isEqualTo(3);
        assertThat(config.host()).isEqualTo("::");
    }

    @Test
    void keepsTheFilesValueWhereTheEnvironmentSetsNone() throws Exception {
        Path file = write("server.yaml", "port: 9090\n");

        ServerConfig config = new ServerConfigLoader(Map.of("JUNCTION_PORT", " ", "JUNCTION_WORKERS", "4")).load(file);

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.workers()).isEqualTo(4);
    }

    @Test
    void findsTheFileThroughJunctionConfig() throws Exception {
        Path file = write("server.yaml", "port: 9393\n");

        assertThat(new ServerConfigLoader(Map.of("JUNCTION_CONFIG", file.toString())).load(null).port()).isEqualTo(9393);
    }

    @Test
    void refusesAnUnknownKeyWithFileLineAndTheKnownKeys() throws Exception {
        Path file = write("server.yaml", "port: 9090\nprot: 9091\n");

        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(file))
                .isInstanceOf(ServerConfigException.class)
                .hasMessage(file + ":2:1: unknown key 'prot'; known keys: host, port, publicBaseUrl, store, maxRequestBody, trustedProxies, workers, shutdownGrace,"
                        + " connectReturnUrls, egress, secrets, connectionChecks, flowRetention, metrics, logging, tracing, retention, console");
    }

    @Test
    void connectionChecksRunEveryFifteenMinutesUnlessSetOtherwiseOrOff() throws Exception {
        assertThat(new ServerConfigLoader(Map.of()).load(null).connectionChecks()).isEqualTo(Duration.ofMinutes(15));
        assertThat(new ServerConfigLoader(Map.of()).load(write("checks.yaml", "connectionChecks: 5m\n")).connectionChecks())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(new ServerConfigLoader(Map.of("JUNCTION_CONNECTION_CHECKS", "off")).load(null).connectionChecks()).isNull();
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of("JUNCTION_CONNECTION_CHECKS", "1s")).load(null))
                .isInstanceOf(ServerConfigException.class)
                .hasMessage("JUNCTION_CONNECTION_CHECKS: connectionChecks: connectionChecks must be at least 10s (or off), was PT1S");
    }

    @Test
    void flowExecutionsAreKeptThirtyDaysUnlessSetOtherwiseOrForever() throws Exception {
        assertThat(new ServerConfigLoader(Map.of()).load(null).flowRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(new ServerConfigLoader(Map.of()).load(write("flows.yaml", "flowRetention: 7d\n")).flowRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(new ServerConfigLoader(Map.of("JUNCTION_FLOW_RETENTION", "forever")).load(null).flowRetention()).isNull();
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of("JUNCTION_FLOW_RETENTION", "0s")).load(null))
                .isInstanceOf(ServerConfigException.class)
                .hasMessage("JUNCTION_FLOW_RETENTION: flowRetention: flowRetention must be a positive duration (or forever), was PT0S");
    }

    @Test
    void readsMetricsAndLoggingFromTheFileAndTheEnvironmentOverridesThem() throws Exception {
        Path file = write("server.yaml", """
                metrics:
                  allowFrom: [127.0.0.1/32, 10.0.0.0/8]
                  port: 9091
                  tenantLabel: false
                logging:
                  format: json
                  levels: { dev.junction.http: debug, com.zaxxer: warn }
                """);

        ServerConfig fromFile = new ServerConfigLoader(Map.of()).load(file);
        ServerConfig overridden = new ServerConfigLoader(Map.of("JUNCTION_METRICS_ALLOW_FROM", "192.168.0.0/16", "JUNCTION_LOG_FORMAT", "text",
                "JUNCTION_LOG_LEVEL", "dev.junction=info")).load(file);

        assertThat(fromFile.metrics().allowFrom()).containsExactly(Cidr.parse("127.0.0.1/32"), Cidr.parse("10.0.0.0/8"));
        assertThat(fromFile.metrics().port()).isEqualTo(9091);
        assertThat(fromFile.metrics().tenantLabel()).isFalse();
        assertThat(fromFile.logging()).isEqualTo(new ServerConfig.LoggingSettings("json", "dev.junction.http=debug,com.zaxxer=warn"));
        assertThat(overridden.metrics().allowFrom()).containsExactly(Cidr.parse("192.168.0.0/16"));
        assertThat(overridden.logging()).isEqualTo(new ServerConfig.LoggingSettings("text", "dev.junction=info"));
    }

    @Test
    void tracingIsOffUntilAnEndpointIsSetInTheFileOrTheEnvironment() throws Exception {
        Path file = write("server.yaml", """
                tracing:
                  endpoint: http://otel-collector:4318
                  serviceName: junction-eu
                  sampleRatio: 0.25
                """);

        ServerConfig fromFile = new ServerConfigLoader(Map.of()).load(file);
        ServerConfig fromEnv = new ServerConfigLoader(Map.of("JUNCTION_TRACING_ENDPOINT", "https://otlp.example.com/v1/traces")).load(null);

        assertThat(new ServerConfigLoader(Map.of()).load(null).tracing().on()).isFalse();
        assertThat(fromFile.tracing()).isEqualTo(new dev.junction.engine.Traces.Settings("http://otel-collector:4318/v1/traces", "junction-eu", 0.25,
                Duration.ofSeconds(5)));
        assertThat(fromEnv.tracing().endpoint()).isEqualTo("https://otlp.example.com/v1/traces");
        assertThat(fromEnv.tracing().serviceName()).isEqualTo("junction");
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of("JUNCTION_TRACING_ENDPOINT", "collector:4318")).load(null))
                .isInstanceOf(ServerConfigException.class)
                .hasMessage("JUNCTION_TRACING_ENDPOINT: tracing.endpoint: expected the http(s) URL of an OTLP/HTTP receiver such as"
                        + " http://otel-collector:4318, was 'collector:4318'");
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(write("ratio.yaml", "tracing: { endpoint: http://c:4318, sampleRatio: 2 }\n")))
                .hasMessageEndingWith(":1:37: tracing.sampleRatio: expected a number from 0 to 1, was 2.0");
    }

    @Test
    void retentionHasDocumentedDefaultsThatTheFileAndTheEnvironmentChangePerLog() throws Exception {
        Path file = write("server.yaml", """
                retention:
                  every: 30m
                  batchSize: 500
                  exchanges: { maxAge: 7d, maxRows: 2_000_000 }
                  runs: { maxRows: 10000 }
                  deadLetters: { maxAge: forever }
                """);

        dev.junction.engine.Retention.Settings defaults = new ServerConfigLoader(Map.of()).load(null).retention();
        dev.junction.engine.Retention.Settings fromFile = new ServerConfigLoader(Map.of("JUNCTION_RETENTION_AUDIT_MAX_AGE", "90d")).load(file).retention();

        assertThat(defaults).isEqualTo(dev.junction.engine.Retention.Settings.DEFAULT);
        assertThat(defaults.exchanges()).isEqualTo(new dev.junction.engine.Retention.Rule(Duration.ofDays(30), 1_000_000L));
        assertThat(fromFile.every()).isEqualTo(Duration.ofMinutes(30));
        assertThat(fromFile.batchSize()).isEqualTo(500);
        assertThat(fromFile.exchanges()).isEqualTo(new dev.junction.engine.Retention.Rule(Duration.ofDays(7), 2_000_000L));
        assertThat(fromFile.runs()).isEqualTo(new dev.junction.engine.Retention.Rule(Duration.ofDays(180), 10_000L));
        assertThat(fromFile.deadLetters().maxAge()).isNull();
        assertThat(fromFile.audit().maxAge()).isEqualTo(Duration.ofDays(90));
        assertThat(new ServerConfigLoader(Map.of("JUNCTION_RETENTION_EVERY", "off")).load(null).retention().every()).isNull();
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of("JUNCTION_EXCHANGE_RETENTION", "a month")).load(null))
                .hasMessage("JUNCTION_EXCHANGE_RETENTION: retention.exchanges.maxAge: expected a duration such as 30d, 12h or forever, was 'a month'");
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(write("bad.yaml", "retention:\n  runs: { maxAgee: 1d }\n")))
                .hasMessageEndingWith(":2:11: unknown key 'retention.runs.maxAgee'; known keys of retention.runs: maxAge, maxRows");
    }

    @Test
    void refusesABadLogFormatAndAMetricsPortOnTheApiPort() throws Exception {
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of("JUNCTION_LOG_FORMAT", "xml")).load(null))
                .hasMessage("JUNCTION_LOG_FORMAT: logging.format: logging.format must be text or json, was 'xml'");
        Path file = write("server.yaml", "port: 9090\nmetrics: { port: 9090 }\n");
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(file))
                .hasMessageContaining("metrics.port must differ from port (9090)");
    }

    @Test
    void refusesAnUnknownNestedKey() throws Exception {
        Path file = write("server.yaml", "store:\n  url: x\n  pasword: y\n");

        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(file))
                .hasMessage(file + ":3:3: unknown key 'store.pasword'; known keys of store: url, user, password");
    }

    @Test
    void refusesABadValueInTheFileWithItsLine() throws Exception {
        Path file = write("server.yaml", "host: 0.0.0.0\nport: lots\n");

        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(file))
                .hasMessage(file + ":2:1: port: expected a port number 0..65535, got 'lots'");
    }

    @Test
    void refusesAListWhereOneValueBelongs() throws Exception {
        Path file = write("server.yaml", "port: [1, 2]\n");

        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(file))
                .hasMessage(file + ":1:1: port: expected a single value, got a list");
    }

    @Test
    void refusesYamlThatDoesNotParseWithItsPlace() throws Exception {
        Path file = write("server.yaml", "port: 9090\n  host: [\n");

        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(file))
                .isInstanceOf(ServerConfigException.class)
                .hasMessageStartingWith(file + ":2:").hasMessageContaining("not valid YAML");
    }

    @Test
    void saysWhenTheFileCannotBeRead() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> new ServerConfigLoader(Map.of()).load(missing))
                .hasMessageStartingWith("cannot read the server config file " + missing);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "JUNCTION_PORT|70000|JUNCTION_PORT: port: expected a port number 0..65535, got '70000'",
        "JUNCTION_PORT|-1|JUNCTION_PORT: port: expected a port number 0..65535, got '-1'",
        "JUNCTION_PUBLIC_BASE_URL|junction.example.com|JUNCTION_PUBLIC_BASE_URL: publicBaseUrl: expected an absolute http(s) URL without query or fragment, like https://junction.example.com, got 'junction.example.com'",
        "JUNCTION_PUBLIC_BASE_URL|https://x.example.com/?a=1|JUNCTION_PUBLIC_BASE_URL: publicBaseUrl: expected an absolute http(s) URL without query or fragment, like https://junction.example.com, got 'https://x.example.com/?a=1'",
        "JUNCTION_MAX_REQUEST_BODY|1 lot|JUNCTION_MAX_REQUEST_BODY: maxRequestBody: expected a size like 1MiB, 512KiB or 1048576 (bytes), got '1 lot'",
        "JUNCTION_MAX_REQUEST_BODY|0|JUNCTION_MAX_REQUEST_BODY: maxRequestBody: expected a size of at least 1 byte, got '0'",
        "JUNCTION_TRUSTED_PROXIES|10.0.0.0/33|JUNCTION_TRUSTED_PROXIES: trustedProxies: expected a prefix length 0..32 after '/' in '10.0.0.0/33'",
        "JUNCTION_TRUSTED_PROXIES|proxy.internal|JUNCTION_TRUSTED_PROXIES: trustedProxies: expected an IP address or range like 10.0.0.0/8 or ::1, got 'proxy.internal'",
        "JUNCTION_WORKERS|0|JUNCTION_WORKERS: workers: expected a whole number of at least 1, got '0'",
        "JUNCTION_SHUTDOWN_GRACE|soon|JUNCTION_SHUTDOWN_GRACE: shutdownGrace: expected a duration like 30s, 500ms, 2m or PT30S, got 'soon'",
        "JUNCTION_HOST|a b|JUNCTION_HOST: host: expected a host name or IP address to bind, like 127.0.0.1 or 0.0.0.0, got 'a b'",
        "JUNCTION_EGRESS_ALLOW_PRIVATE|yes|JUNCTION_EGRESS_ALLOW_PRIVATE: egress.allowPrivate: expected true or false, got 'yes'",
        "JUNCTION_EGRESS_ALLOW|10.0.0.0/33|JUNCTION_EGRESS_ALLOW: egress.allow: egress.allow[0]: expected a prefix length 0..32 after '/' in '10.0.0.0/33'",
        "JUNCTION_EGRESS_PROXY|https://proxy.corp:3128|JUNCTION_EGRESS_PROXY: egress.proxy: a TLS connection to the proxy itself (https://proxy.corp) is not supported; use http://HOST:PORT (https requests are still tunnelled through it with TLS end to end)",
        "JUNCTION_EGRESS_NO_PROXY|localhost|JUNCTION_EGRESS_NO_PROXY: egress.noProxy: lists the hosts reached without egress.proxy, which is not set; set egress.proxy too (a proxy from the environment takes its list from NO_PROXY)",
        "JUNCTION_SECRETS_ALLOW_FILES|run/secrets|JUNCTION_SECRETS_ALLOW_FILES: secrets.allowFiles: secrets.allowFiles[0]: expected an absolute directory like /run/secrets, found 'run/secrets'",
    })
    void refusesABadEnvironmentValueNamingTheVariable(String variable, String value, String message) {
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of(variable, value)).load(null))
                .isInstanceOf(ServerConfigException.class)
                .hasMessage(message);
    }

    @Test
    void readsSizesInBothUnitFamilies() {
        assertThat(List.of("1048576", "1MiB", "1 MiB", "1MB", "64KiB", "64kb")).extracting(v -> new ServerConfigLoader(Map.of("JUNCTION_MAX_REQUEST_BODY", v)).load(null).maxRequestBytes())
                .containsExactly(1048576L, 1048576L, 1048576L, 1000000L, 65536L, 64000L);
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void connectReturnUrlsComeFromTheFileOrTheEnvironmentAndOnlyTheirPrefixesAreAllowed() {
        ServerConfig config = new ServerConfigLoader(Map.of("JUNCTION_CONNECT_RETURN_URLS", "https://app.example.com/integrations/, http://127.0.0.1:3000/done"))
                .load(null);

        assertThat(config.connectReturnUrls()).hasSize(2);
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("https://app.example.com/integrations/crm?x=1"))).isTrue();
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("http://127.0.0.1:3000/done?status=x"))).isTrue();
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("https://app.example.com/integrationsX"))).isFalse();
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("https://app.example.com.evil.example/integrations/"))).isFalse();
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("https://user@app.example.com/integrations/"))).isFalse();
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("http://app.example.com/integrations/"))).isFalse();
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("http://127.0.0.1:3001/done"))).isFalse();
        assertThat(config.connectReturnUrlAllowed(java.net.URI.create("https://app.example.com/integrations/../admin"))).isFalse();
        assertThatThrownBy(() -> new ServerConfigLoader(Map.of("JUNCTION_CONNECT_RETURN_URLS", "javascript:alert(1)")).load(null))
                .hasMessageStartingWith("JUNCTION_CONNECT_RETURN_URLS: connectReturnUrls: connectReturnUrls: each is an absolute http(s) URL prefix");
    }
}
