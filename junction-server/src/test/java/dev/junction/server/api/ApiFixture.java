package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import dev.junction.spec.SourceText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole REST API over a real engine, for API tests: an embedded store in a temporary directory,
 * the definitions of examples/tenants applied (two tenants, northwind and globex, each with its own
 * sandbox playing its CRM and Helpdesk) plus those of examples/demo (a classic sync with connections
 * of no tenant), and one token per role — operator tokens (every tenant) and tenant tokens. Requests go
 * over HTTP on loopback with the JDK client.
 *
 * <pre>{@code
 * try (ApiFixture api = ApiFixture.start(tempDir)) {
 *     HttpResponse<String> r = api.get("/api/v1/runs", api.viewer());
 * }
 * }</pre>
 */
public final class ApiFixture implements AutoCloseable {
    public static final String TENANT_SYNC = "contacts-to-helpdesk";
    public static final String CLASSIC_SYNC = "crm-contacts-to-helpdesk";
    /** The signing secret of the demo CRM's webhooks (examples/demo's crm connection). */
    public static final String DEMO_WEBHOOK_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("demo-webhook-secret-32-bytes-!!!".getBytes());

    public final Sandbox northwind;
    public final Sandbox globex;
    public final Sandbox demo;
    public final Engine engine;
    public final JunctionServer server;
    public final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApiFixture(Path dataDir, ServerConfig config, java.util.function.UnaryOperator<EngineConfig> engineConfig) {
        northwind = Sandbox.start(SandboxOptions.defaults().withCrmContacts(12).withCrmRateLimit(0)
                .withCrmToken("northwind-crm-token").withHelpdeskApiKey("northwind-helpdesk-key"));
        globex = Sandbox.start(SandboxOptions.defaults().withSeed(7).withCrmContacts(7).withCrmRateLimit(0)
                .withCrmToken("globex-crm-token").withHelpdeskApiKey("globex-helpdesk-key"));
        demo = Sandbox.start(SandboxOptions.defaults().withSeed(3).withCrmContacts(30).withCrmRateLimit(0));
        Map<String, String> env = environment();
        engine = Engine.open(engineConfig.apply(EngineConfig.embedded(dataDir, env::get)));
        var applied = engine.definitions().apply(texts(), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
        tokens.put("admin", engine.tokens().create(Role.ADMIN, null, "admin", null, "local:test").secret());
        tokens.put("editor", engine.tokens().create(Role.EDITOR, null, "editor", null, "local:test").secret());
        tokens.put("viewer", engine.tokens().create(Role.VIEWER, null, "viewer", null, "local:test").secret());
        for (String tenant : List.of("northwind", "globex")) {
            for (Role role : Role.values()) {
                tokens.put(tenant + ":" + role.wireName(), engine.tokens().create(role, tenant, tenant + "-" + role.wireName(), null, "local:test").secret());
            }
        }
        server = EngineApi.builder(config.withHost("127.0.0.1").withPort(0), engine).build().start();
    }

    /** The API on a fresh store in {@code dataDir}, with the default server settings. */
    public static ApiFixture start(Path dataDir) {
        return new ApiFixture(dataDir, ServerConfig.defaults(), c -> c);
    }

    /** The same with other server settings (limits, proxies, publicBaseUrl). */
    public static ApiFixture start(Path dataDir, ServerConfig config) {
        return new ApiFixture(dataDir, config, c -> c);
    }

    /** The same with other engine settings (a webhook fetcher that lets a local server play Amazon SNS). */
    public static ApiFixture start(Path dataDir, ServerConfig config, java.util.function.UnaryOperator<EngineConfig> engineConfig) {
        return new ApiFixture(dataDir, config, engineConfig);
    }

    /**
     * The API with {@code definitions} applied (from {@code file}), its webhook fetcher letting the
     * local server on {@code port} play a provider whose certificates chain to {@code trustAnchor}.
     */
    public static ApiFixture playingProvider(Path dataDir, int port, java.security.cert.X509Certificate trustAnchor, String file, String definitions) {
        dev.junction.webhook.WebhookFetcher fetcher = dev.junction.webhook.WebhookFetcher.forTests(dev.junction.webhook.WebhookFetcher.newClient(),
                dev.junction.http.EgressPolicy.DEFAULT, java.time.Clock.systemUTC(), List.of(trustAnchor), "127.0.0.1:" + port);
        ApiFixture api = start(dataDir, ServerConfig.defaults(), engine -> engine.withWebhookFetcher(fetcher));
        var applied = api.engine.definitions().apply(List.of(new dev.junction.spec.SourceText(file, definitions)));
        if (!applied.ok()) {
            api.close();
            throw new AssertionError(String.valueOf(applied.result().problems()));
        }
        return api;
    }

    public String admin() {
        return tokens.get("admin");
    }

    public String editor() {
        return tokens.get("editor");
    }

    public String viewer() {
        return tokens.get("viewer");
    }

    /** A token limited to {@code tenant} (northwind or globex) with {@code role}. */
    public String tenant(String tenant, Role role) {
        return tokens.get(tenant + ":" + role.wireName());
    }

    public URI uri(String path) {
        return server.baseUrl().resolve(path);
    }

    public HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    public HttpResponse<String> delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), token);
    }

    /** POSTs a JSON body. */
    public HttpResponse<String> post(String path, String token, String jsonBody) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody)), token);
    }

    /** Sends any request with {@code token} as a bearer token (null: none). */
    public HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** The environment the example connections read: each tenant's and the demo's URLs and credentials. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (var tenant : Map.of("NORTHWIND", northwind, "GLOBEX", globex).entrySet()) {
            env.put(tenant.getKey() + "_CRM_URL", tenant.getValue().crm().baseUrl().toString());
            env.put(tenant.getKey() + "_CRM_TOKEN", tenant.getValue().crm().token());
            env.put(tenant.getKey() + "_HELPDESK_URL", tenant.getValue().helpdesk().baseUrl().toString());
            env.put(tenant.getKey() + "_HELPDESK_API_KEY", tenant.getValue().helpdesk().apiKey());
        }
        env.put("ACME_CRM_URL", demo.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", demo.crm().token());
        env.put("HELPDESK_URL", demo.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", demo.helpdesk().apiKey());
        env.put("ACME_CRM_WEBHOOK_SECRET", DEMO_WEBHOOK_SECRET);
        env.put("JUNCTION_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        return env;
    }

    /** examples/tenants (without its SQL sync, which needs a warehouse) and examples/demo's connections and sync. */
    private static List<SourceText> texts() {
        List<SourceText> texts = new ArrayList<>();
        try {
            for (String example : List.of("tenants", "demo")) {
                try (Stream<Path> files = Files.list(Path.of("..", "examples", example))) {
                    for (Path file : files.sorted().toList()) {
                        String text = Files.readString(file);
                        if (example.equals("demo") && file.getFileName().toString().endsWith("connector.yaml")) {
                            continue; // the same connectors as examples/tenants
                        }
                        texts.add(new SourceText("examples/" + example + "/" + file.getFileName(), withoutSqlSync(text)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    /** The tenants example's second document (a SQL source that needs a warehouse database) is left out. */
    private static String withoutSqlSync(String text) {
        if (!text.contains("kind: Sync") || !text.contains("sql:")) {
            return text;
        }
        StringBuilder kept = new StringBuilder();
        for (String document : text.split("(?m)^---\\s*$")) {
            if (!document.contains("sql:")) {
                kept.append(kept.isEmpty() ? "" : "---\n").append(document.strip()).append('\n');
            }
        }
        return kept.toString();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(5));
        engine.close();
        northwind.close();
        globex.close();
        demo.close();
    }
}
