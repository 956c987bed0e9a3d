package dev.junction.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.StoreLocation;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's scan: a {@code junction serve} process is given a distinctive value for every kind of
 * secret — the master key, the store password (PostgreSQL), the CRM token, Helpdesk API key and webhook
 * signing secret through {@code ${env:}}, a secret stored through the connections API, an OAuth client
 * secret and the codes, PKCE verifiers, access and refresh tokens of the authorization-code flow
 * (mock-oauth2-server), an event subscription's secrets (made and rotated), API tokens, and a bearer
 * token it refuses — and uses them: runs of the demo sync, signed webhook deliveries, a run refused by the
 * Helpdesk (its key in a header), a connect flow, runs through the OAuth connection with a refresh, the
 * provider refusing the next refresh ({@code needs_reauth}), a disconnect that revokes. Then the process
 * stops and every file of the store (H2's data directory; PostgreSQL's whole data directory, after a fast
 * shutdown), the process's output and log, and what the API shows (the exchange log with bodies, runs,
 * health, event deliveries) are searched for each secret, in each form it could take ({@link SecretScan}):
 * no hit. A positive control per source (a value that is stored, logged, shown) proves that the scan reads
 * what it should.
 */
class SecretLeakScanTest {
    /** 32 bytes: the master key, given Base64-encoded. */
    private static final byte[] MASTER_KEY = "leakscan-master-key-32-bytes-k01".getBytes(StandardCharsets.US_ASCII);
    private static final String CRM_TOKEN = "leakscan-crm-token-5b2e90c4a1";
    private static final String HELPDESK_KEY = "leakscan-helpdesk-key-8f03d2e7b6";
    private static final String WEBHOOK_KEY = "leakscan-webhook-signing-key-31c9";
    private static final String CLIENT_SECRET = "leakscan-oauth-client-secret-a94f07";
    private static final String REFUSED_KEY = "leakscan-stored-refused-key-66de1b";
    private static final String BOGUS_BEARER = "jct_leakscanBogusBearer0c3f9a71";
    /** Given as a secret followed by CR/LF and a header: refused, and never echoed. */
    private static final String CRLF_SECRET = "leakscan-crlf-secret-19ab0e";
    /** Stored in plaintext (a sync's description): the data files' positive control. */
    private static final String CONTROL_DEFINITION = "leakscan-control-definition-4e9a";
    private static final String OAUTH_SYNC = "oauth-contacts";
    private static final Duration RUN_BOUND = Duration.ofMinutes(1);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;
    @TempDir
    Path dataDir;

    private final Closer closer = new Closer();
    /** The CRM and Helpdesk, and the OAuth provider and its API: started by {@link #env()}. */
    private Sandbox sandbox;
    private OAuthSandbox oauth;

    @AfterEach
    void stopEverything() throws Exception {
        closer.close();
    }

    @Test
    void onH2NoSecretIsInTheDataFilesTheLogsOrWhatTheApiShows() {
        Map<String, String> env = env();
        String admin;
        try (Engine store = Engine.open(new EngineConfig(StoreLocation.choose(null, env::get, dataDir), dataDir, env::get, Clock.systemUTC()))) {
            admin = PostgresStore.adminToken(store);
        }
        SecretScan secrets = secrets(admin);
        exerciseStopAndScan("h2", env, admin, secrets, () -> {}, "--data-dir", dataDir.toString());
    }

    @Test
    void onPostgresqlNoSecretIsInTheDataFilesTheLogsOrWhatTheApiShows() {
        PostgresStore store = closer.add(new PostgresStore(dataDir, Base64.getEncoder().encodeToString(MASTER_KEY)));
        Map<String, String> env = store.env(env());
        String admin;
        try (Engine observer = store.observer(env())) {
            admin = PostgresStore.adminToken(observer);
        }
        assertThat(store.keepValuesUncompressed()).as("text and byte columns kept uncompressed, so the files show every value's bytes").isPositive();
        SecretScan secrets = secrets(admin).secret("store password (JUNCTION_STORE_PASSWORD)", PostgresStore.PASSWORD);
        exerciseStopAndScan("pg", env, admin, secrets, store::stop);
    }

    /** Starts the sandbox and the OAuth provider; the environment of the node. */
    private Map<String, String> env() {
        if (sandbox == null) {
            sandbox = closer.add(Sandbox.start(SandboxOptions.defaults().withCrmContacts(20).withCrmRateLimit(0).withHelpdeskUsers(0)
                    .withCrmToken(CRM_TOKEN).withHelpdeskApiKey(HELPDESK_KEY)));
            oauth = closer.add(new OAuthSandbox());
        }
        Map<String, String> env = new HashMap<>();
        env.put("ACME_CRM_URL", sandbox.crm().baseUrl().toString());
        env.put("ACME_CRM_TOKEN", CRM_TOKEN);
        env.put("ACME_CRM_WEBHOOK_SECRET", webhookSecret());
        env.put("HELPDESK_URL", sandbox.helpdesk().baseUrl().toString());
        env.put("HELPDESK_API_KEY", HELPDESK_KEY);
        env.put("OAUTH_CRM_CLIENT_SECRET", CLIENT_SECRET);
        env.put("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(MASTER_KEY));
        env.put("JUNCTION_EGRESS_ALLOW_PRIVATE", "true"); // the tenant's connections reach the sandbox and the provider on 127.0.0.1
        env.put("JUNCTION_CONNECT_RETURN_URLS", oauth.returnUrlPrefix());
        return env;
    }

    private static String webhookSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(WEBHOOK_KEY.getBytes(StandardCharsets.US_ASCII));
    }

    /** The secrets known before the node starts. */
    private static SecretScan secrets(String adminToken) {
        return new SecretScan().secret("master key (Base64, JUNCTION_MASTER_KEY)", Base64.getEncoder().encodeToString(MASTER_KEY))
                .secret("master key (bytes)", MASTER_KEY).secret("CRM token (${env:ACME_CRM_TOKEN})", CRM_TOKEN)
                .secret("Helpdesk API key (${env:HELPDESK_API_KEY}, and stored through the API)", HELPDESK_KEY)
                .secret("webhook signing secret (${env:ACME_CRM_WEBHOOK_SECRET})", WEBHOOK_KEY)
                .secret("OAuth client secret (${env:OAUTH_CRM_CLIENT_SECRET})", CLIENT_SECRET)
                .secret("API key stored through the API, refused by the Helpdesk", REFUSED_KEY)
                .secret("bearer token the API refused", BOGUS_BEARER).secret("secret with CR/LF the API refused", CRLF_SECRET).secret("admin API token", adminToken);
    }

    private void exerciseStopAndScan(String name, Map<String, String> env, String adminToken, SecretScan secrets, Runnable stopStore,
            String... extra) {
        Steps steps = new Steps("secret leak scan (" + name + ")");
        ServeNode node = closer.add(ServeNode.start(name, logs, env, extra));
        Api admin = new Api(Api.client(), node.baseUrl(), adminToken);
        admin.apply(WebhookSandbox.definitions() + "---\n" + oauth.definitions(OAUTH_SYNC).replace("name: " + OAUTH_SYNC + "\n",
                "name: " + OAUTH_SYNC + "\ndescription: " + CONTROL_DEFINITION + "\n"));
        String tenantToken = created(admin.post("/api/v1/tokens", "{\"role\": \"editor\", \"tenant\": \"northwind\", \"name\": \"product\"}"), admin)
                .path("secret").asText();
        secrets.secret("tenant API token", tenantToken);
        Api tenant = new Api(Api.client(), node.baseUrl(), tenantToken);
        JsonNode subscription = created(admin.post("/api/v1/event-subscriptions", "{\"url\": \"" + oauth.eventsUrl()
                + "\", \"eventTypes\": [\"connection.*\"], \"tenant\": \"northwind\"}"), admin);
        secrets.secret("event subscription secret", subscription.path("secret").asText());
        String subscriptionPath = "/api/v1/event-subscriptions/" + subscription.path("id").asText();
        HttpResponse<String> rotated = admin.post(subscriptionPath + "/rotate-secret", "{}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        secrets.secret("event subscription secret (rotated)", admin.json(rotated).path("secret").asText());
        created(tenant.post("/api/v1/connections", "{\"connector\": \"helpdesk\", \"name\": \"northwind-helpdesk\", \"tenant\": \"northwind\","
                + " \"config\": {\"baseUrl\": \"" + sandbox.helpdesk().baseUrl() + "\"}, \"secrets\": {\"apiKey\": \"" + HELPDESK_KEY + "\"}}"), tenant);
        created(admin.post("/api/v1/connections", "{\"connector\": \"helpdesk\", \"name\": \"helpdesk-refused\", \"config\": {\"baseUrl\": \""
                + sandbox.helpdesk().baseUrl() + "\"}, \"secrets\": {\"apiKey\": \"" + REFUSED_KEY + "\"}}"), admin);
        admin.apply("""
                kind: Sync
                name: refused-writes
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk-refused, action: upsertUsers, key: external_id, mode: upsert }
                mapping: { external_id: id, email: properties.email, name: properties.firstname }
                """);
        HttpResponse<String> crlf = tenant.post("/api/v1/connections", "{\"connector\": \"helpdesk\", \"name\": \"northwind-crlf\", \"config\":"
                + " {\"baseUrl\": \"" + sandbox.helpdesk().baseUrl() + "\"}, \"secrets\": {\"apiKey\": \"" + CRLF_SECRET + "\\r\\nX-Injected: 1\"}}");
        assertThat(crlf.statusCode()).as(crlf.body()).isEqualTo(400);
        HttpResponse<String> masterKey = tenant.postYaml("/api/v1/definitions?file=hostile.yaml", """
                kind: Connection
                name: northwind-hostile
                connector: helpdesk
                tenant: northwind
                config: { baseUrl: "%s" }
                secrets: { apiKey: "${env:JUNCTION_MASTER_KEY}" }
                """.formatted(sandbox.helpdesk().baseUrl()));
        assertThat(masterKey.statusCode()).as(masterKey.body()).isNotEqualTo(200);
        steps.done("node listens; definitions, tokens, an event subscription and two connections with stored secrets made; a CR/LF secret and"
                + " ${env:JUNCTION_MASTER_KEY} from a tenant refused");

        assertThat(awaitEnded(admin, startRun(admin, WebhookSandbox.SYNC, null)).path("status").asText()).isEqualTo("succeeded");
        sandbox.crm().webhooks().subscribe(node.baseUrl().resolve(WebhookSandbox.ENDPOINT), webhookSecret(), List.of("contact.*"));
        sandbox.crm().burst(10);
        await("the signed deliveries to be acknowledged").atMost(RUN_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        WebhookKillTest.awaitDrained(admin, node, RUN_BOUND);
        assertThat(sandbox.crm().webhooks().acknowledgedEventIds()).as("signed deliveries acknowledged").isNotEmpty();
        JsonNode refused = awaitEnded(admin, startRun(admin, "refused-writes", null));
        assertThat(refused.path("status").asText()).as(refused.toString()).isIn("failed", "partial");
        HttpResponse<String> bogus = new Api(Api.client(), node.baseUrl(), BOGUS_BEARER).get("/api/v1/runs");
        assertThat(bogus.statusCode()).isEqualTo(401);
        steps.done("demo run, signed webhook deliveries, a run the Helpdesk refused, a refused bearer token");

        assertThat(oauth.connect(node.baseUrl(), tenantToken, "northwind-crm")).containsEntry("status", "connected");
        assertThat(awaitEnded(admin, startRun(admin, OAUTH_SYNC, "northwind")).path("status").asText()).isEqualTo("succeeded");
        oauth.refuse(oauth.accessTokensPresented().iterator().next());
        assertThat(awaitEnded(admin, startRun(admin, OAUTH_SYNC, "northwind")).path("status").asText()).isEqualTo("succeeded");
        assertThat(oauth.accessTokensPresented()).as("a new access token after the refresh").hasSizeGreaterThanOrEqualTo(2);
        oauth.refuseEverything();
        JsonNode reauth = awaitEnded(admin, startRun(admin, OAUTH_SYNC, "northwind"));
        assertThat(reauth.path("status").asText()).as(reauth.toString()).isEqualTo("failed");
        String health = admin.get("/api/v1/connections/northwind-crm/health").body();
        assertThat(health).contains("needs_reauth");
        assertThat(oauth.connect(node.baseUrl(), tenantToken, "northwind-crm-2")).containsEntry("status", "connected");
        HttpResponse<String> disconnected = tenant.delete("/api/v1/connect/connections/northwind-crm-2");
        assertThat(disconnected.statusCode()).as(disconnected.body()).isEqualTo(200);
        assertThat(oauth.providerPaths()).as("the provider was asked to revoke").anyMatch(p -> p.endsWith("/revoke"));
        await("connection events delivered").atMost(RUN_BOUND).until(() -> oauth.eventsReceived() >= 2);
        HttpResponse<String> rotatedKey = admin.post("/api/v1/tenants/northwind/rotate-key", "{}");
        assertThat(rotatedKey.statusCode()).as(rotatedKey.body()).isEqualTo(200);
        steps.done("connected, ran through the OAuth connection, refreshed, needs_reauth, connected and revoked another, rotated the data key");

        Map<String, Set<String>> sent = oauth.credentialsSentToProvider();
        Map<String, String> issued = new LinkedHashMap<>(); // value → label, first label wins
        oauth.accessTokensPresented().forEach(t -> issued.putIfAbsent(t, "OAuth access token #" + (issued.size() + 1)));
        for (Map.Entry<String, String> kind : Map.of("code", "OAuth authorization code", "code_verifier", "PKCE verifier", "refresh_token",
                "OAuth refresh token", "token", "OAuth token revoked").entrySet()) {
            sent.getOrDefault(kind.getKey(), Set.of()).forEach(v -> issued.putIfAbsent(v, kind.getValue() + " #" + (issued.size() + 1)));
        }
        assertThat(sent.get("refresh_token")).as("refresh tokens spent").isNotEmpty();
        issued.forEach((value, label) -> secrets.secret(label, value));

        // what the API shows: the exchange log with its bodies, the runs, the connection's health, the events delivered
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("GET /api/v1/exchanges", pages(admin, "/api/v1/exchanges?limit=1000"));
        shown.put("GET /api/v1/runs", admin.allRuns().toString());
        shown.put("GET /api/v1/connections/northwind-crm/health", health);
        shown.put("GET /api/v1/connections", admin.get("/api/v1/connections").body() + tenant.get("/api/v1/connections/northwind-crm").body());
        shown.put("GET " + subscriptionPath + "/deliveries", admin.get(subscriptionPath + "/deliveries").body());
        shown.put("GET /api/v1/audit", pages(admin, "/api/v1/audit?limit=1000"));
        shown.put("GET /api/v1/deadletters", pages(admin, "/api/v1/deadletters?limit=1000"));
        shown.put("GET /api/v1/inbox", pages(admin, "/api/v1/inbox?limit=1000"));
        shown.put("GET /api/v1/definitions", admin.get("/api/v1/definitions").body() + admin.get("/api/v1/definitions/export").body());
        shown.put("GET /api/v1/tokens and event-subscriptions", admin.get("/api/v1/tokens").body() + admin.get("/api/v1/event-subscriptions").body());
        shown.put("refused requests' answers", crlf.body() + masterKey.body() + bogus.body());
        node.process().terminate();
        assertThat(node.process().waitFor(Duration.ofMinutes(1))).as("the node stops on SIGTERM").isTrue();
        stopStore.run();
        steps.done("node and store stopped");

        List<SecretScan.Hit> hits = new ArrayList<>();
        shown.forEach((source, text) -> hits.addAll(secrets.scan(source, text)));
        hits.addAll(secrets.scanTree("logs", logs));
        hits.addAll(secrets.scanTree(name + " data directory", dataDir));
        long[] size = SecretScan.size(dataDir);
        System.out.printf("%s: %d secrets searched in %d files (%d bytes) of the data directory, the logs and %d API answers: %d hits%n", name, secrets.labels().size(),
                size[0], size[1], shown.size(), hits.size());
        // positive controls, through the same scan: values that are stored, logged and shown are found, so a scan that reads nothing fails
        SecretScan controls = new SecretScan().secret("a sync's description", CONTROL_DEFINITION);
        assertThat(controls.scanTree(name + " data directory", dataDir)).as("positive control: a stored definition's text in the data files")
                .isNotEmpty();
        assertThat(new SecretScan().secret("the listening line", "Junction server at").scanTree("logs", logs)).as("positive control: the logs")
                .isNotEmpty();
        assertThat(new SecretScan().secret("a contact's address", OAuthSandbox.CONTROL_EMAIL).scan("exchanges", shown.get("GET /api/v1/exchanges")))
                .as("positive control: the exchange log holds the OAuth API's answer").isNotEmpty();
        assertThat(hits).as("secrets found (by label; the values are not shown)").isEmpty();
        steps.done("scanned");
    }

    private static JsonNode created(HttpResponse<String> response, Api api) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(201);
        return api.json(response);
    }

    private static String startRun(Api api, String sync, String tenant) {
        HttpResponse<String> r = api.post("/api/v1/runs", "{\"sync\": \"" + sync + "\"" + (tenant == null ? "" : ", \"tenant\": \"" + tenant + "\"") + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return api.json(r).path("runs").path(0).path("id").asText();
    }

    private static JsonNode awaitEnded(Api api, String run) {
        await("run " + run + " to end").atMost(RUN_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> !Set.of("queued", "running").contains(api.run(run).path("status").asText()));
        return api.run(run);
    }

    /** Every page of a list route, as one text. */
    private static String pages(Api api, String path) {
        StringBuilder all = new StringBuilder();
        String cursor = null;
        do {
            JsonNode page = api.getJson(path + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            all.append(page).append('\n');
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return all.toString();
    }
}
