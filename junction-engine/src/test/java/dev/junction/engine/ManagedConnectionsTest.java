package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.engine.ManagedConnections.Change;
import dev.junction.engine.ManagedConnections.NewConnection;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.spec.ValueRef;
import dev.junction.store.RunStatus;
import dev.junction.store.StoredCredential;
import dev.junction.sync.RunListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections made through the engine rather than YAML: their secrets kept in the store and resolved
 * when a run uses them; checked against their connector; changed keeping their tokens unless a secret
 * changed; deleted with their values and tokens; a tenant's key rotated and the tenant erased; a
 * connector's webhook registered and unregistered.
 */
class ManagedConnectionsTest {
    private static final Path DEMO = Path.of("..", "examples", "demo");
    private static final String SYNC = "crm-contacts-to-helpdesk";

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;

    @BeforeEach
    void start() throws IOException {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5).withCrmRateLimit(0).withCrmToken("crm-token-kept-in-store")
                .withHelpdeskApiKey("helpdesk-key-kept-in-store"));
        // a customer's connection reaches the sandbox and WireMock on 127.0.0.1 only because the operator allows private addresses
        engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get)
                .withEgress(dev.junction.http.EgressPolicy.DEFAULT.withAllowPrivate(true)));
        List<SourceText> connectors = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEMO)) {
            for (Path file : files.filter(f -> f.toString().endsWith("connector.yaml")).sorted().toList()) {
                connectors.add(new SourceText(file.toString(), Files.readString(file)));
            }
        }
        assertThat(engine.definitions().apply(connectors).ok()).isTrue();
    }

    @AfterEach
    void stop() {
        engine.close();
        sandbox.close();
    }

    private ManagedConnections managed() {
        return engine.managedConnections();
    }

    private void makeCrmAndHelpdesk(String tenant) {
        managed().create(new NewConnection("crm", "acme-crm", tenant, null, Map.of("baseUrl", sandbox.crm().baseUrl().toString()),
                Map.of("token", sandbox.crm().token())), "tok_test", null);
        managed().create(new NewConnection("helpdesk", "helpdesk", tenant, null, Map.of("baseUrl", sandbox.helpdesk().baseUrl().toString()),
                Map.of("apiKey", sandbox.helpdesk().apiKey())), "tok_test", null);
    }

    @Test
    void aSyncRunsThroughConnectionsWhoseSecretsAreStoredValues() throws IOException {
        makeCrmAndHelpdesk(null);
        assertThat(engine.definitions().apply(List.of(new SourceText("sync.yaml", Files.readString(DEMO.resolve(SYNC + ".sync.yaml"))))).ok()).isTrue();

        var run = engine.runs().run(engine.definitions().applied(), new Runs.Request(SYNC, null, "test", false), RunListener.NONE).run();

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().read()).isEqualTo(5);
        assertThat(run.counters().failed()).isZero();
        var definition = engine.definitions().get("Connection", "crm");
        assertThat(definition.source()).contains("token: \"${stored:token}\"").doesNotContain("crm-token-kept-in-store");
        assertThat(definition.appliedBy()).isEqualTo("tok_test");
        assertThat(definition.origin()).isEqualTo(Definitions.MANAGED_ORIGIN);
        assertThat(engine.definitions().applied().connections().get("crm").secrets().get("token"))
                .isEqualTo(new ValueRef.Stored("default", "crm", "token"));
    }

    @Test
    void aHandWrittenStoredReferenceIsRefusedWithWhereToMakeSuchAConnection() {
        var result = engine.definitions().apply(List.of(new SourceText("crm.yaml", """
                kind: Connection
                name: crm
                connector: acme-crm
                config: { baseUrl: "http://127.0.0.1:1" }
                secrets: { token: "${stored:token}" }
                """, true))); // a caller's text is hand-written, whatever it claims

        assertThat(result.ok()).isFalse();
        assertThat(result.result().problems().getFirst().path()).isEqualTo("secrets.token");
        assertThat(result.result().problems().getFirst().message()).startsWith("'${stored:token}' is written only by Junction, for a connection made"
                + " through the connections API or the connect page; in a file write ${env:NAME} or ${file:PATH}");
    }

    @Test
    void aPemKeyOrCertificateGivenThroughTheApiKeepsItsLines() {
        String pem = "-----BEGIN PRIVATE KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\r\nBKcwggSjAgEAAoIBAQC7\r\n-----END PRIVATE KEY-----\r\n";

        managed().create(new NewConnection("crm", "acme-crm", "northwind", null, Map.of("baseUrl", "http://x"), Map.of("token", pem)), "tok", null);

        assertThat(engine.definitions().get("Connection", "crm").source()).contains("${stored:token}").doesNotContain("MIIEvQ");
    }

    @Test
    void aConnectionThatDoesNotFitItsConnectorIsRefusedNamingEachField() {
        assertThatThrownBy(() -> managed().create(new NewConnection("crm", "acme-crmm", "northwind", null, Map.of(), Map.of()), "tok", null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("unknown connector 'acme-crmm'; applied connectors: acme-crm, helpdesk");
        assertThatThrownBy(() -> managed().create(new NewConnection("crm", "acme-crm", "northwind", null, Map.of("baseUrl", "http://x", "region", "eu"),
                Map.of("tokn", "secret-value-not-echoed")), "tok", null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("connector 'acme-crm': config.region: unknown field (connector 'acme-crm' declares baseUrl); secrets.tokn: unknown field"
                        + " (connector 'acme-crm' declares token, webhookSecret); secrets.token: required by connector 'acme-crm' but not given"
                        + " (API token, sent as a bearer token)");
        assertThatThrownBy(() -> managed().create(new NewConnection("crm", "acme-crm", "northwind", null, Map.of("baseUrl", "${env:JUNCTION_MASTER_KEY}"),
                Map.of("token", "secret\r\nX-Injected: 1")), "tok", null))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessageContaining("config.baseUrl: a value given through the API is taken as written and may not contain '${'")
                .hasMessageContaining("secrets.token: the value holds a control character (such as a line break); it is refused and not shown")
                .hasMessageNotContaining("X-Injected");
        assertThatThrownBy(() -> managed().create(new NewConnection("crm", "acme-crm", "northwind", null, Map.of("baseUrl", "http://x"),
                Map.of("token", "-----BEGIN PRIVATE KEY-----\nMIIE\u0000\n-----END PRIVATE KEY-----\n")), "tok", null))
                .hasMessageContaining("secrets.token: the value holds a control character (such as a line break); it is refused and not shown"
                        + " (only a PEM block, -----BEGIN ...----- to -----END ...-----, may span lines)");
        assertThatThrownBy(() -> managed().create(new NewConnection("Bad Name", "acme-crm", null, null, Map.of(), Map.of()), "tok", null))
                .isInstanceOf(EngineException.Invalid.class).hasMessageStartingWith("name must be lower-case letters");
        assertThat(engine.definitions().list()).noneMatch(d -> d.kind().equals("Connection"));
    }

    @Test
    void aNameTakenByAnyTenantsConnectionIsAConflict() {
        makeCrmAndHelpdesk("northwind");

        assertThatThrownBy(() -> managed().create(new NewConnection("crm", "acme-crm", "globex", null, Map.of("baseUrl", "http://x"),
                Map.of("token", "t")), "tok", null))
                .isInstanceOf(EngineException.Conflict.class)
                .hasMessage("a connection named 'crm' exists already; connection names are shared by every tenant, so choose another (such as globex-crm)");
    }

    @Test
    void aChangeKeepsTheTokensUnlessASecretChangedAndDeletingRemovesValuesAndTokens() {
        makeCrmAndHelpdesk("northwind");
        var credentials = engine.connections().credentials();
        credentials.save(new StoredCredential("northwind", "crm", Map.of("access_token", "obtained"), Instant.now()));

        var kept = managed().update("crm", "northwind", new Change(Map.of("baseUrl", "http://127.0.0.1:9"), null, null, false), "tok_b");
        assertThat(kept.tokensKept()).isTrue();
        assertThat(kept.version()).isEqualTo(2);
        assertThat(credentials.find("northwind", "crm")).isPresent();
        assertThat(engine.connections().storedValues().find("northwind", "crm")).containsEntry("token", sandbox.crm().token());

        var replaced = managed().update("crm", "northwind", new Change(null, Map.of("token", "rotated-token"), null, false), "tok_b");
        assertThat(replaced.tokensKept()).isFalse();
        assertThat(credentials.find("northwind", "crm")).isEmpty();
        assertThat(engine.connections().storedValues().find("northwind", "crm")).isEqualTo(Map.of("token", "rotated-token"));
        assertThatThrownBy(() -> managed().update("crm", "globex", new Change(null, Map.of("token", "x"), null, false), "tok"))
                .isInstanceOf(EngineException.NotFound.class);

        credentials.save(new StoredCredential("northwind", "crm", Map.of("access_token", "obtained"), Instant.now()));
        managed().delete("crm", "northwind", false, null);

        assertThat(engine.definitions().applied().connections()).doesNotContainKey("crm");
        assertThat(engine.connections().storedValues().find("northwind", "crm")).isEmpty();
        assertThat(credentials.find("northwind", "crm")).isEmpty();
    }

    @Test
    void aYamlConnectionIsNotChangedThroughTheConnectionsApi() {
        engine.definitions().apply(List.of(new SourceText("crm.yaml", """
                kind: Connection
                name: crm
                connector: acme-crm
                config: { baseUrl: "http://127.0.0.1:1" }
                secrets: { token: "${env:CRM_TOKEN}" }
                """)));

        assertThatThrownBy(() -> managed().update("crm", null, new Change(null, Map.of("token", "x"), null, false), "tok"))
                .isInstanceOf(EngineException.Conflict.class)
                .hasMessageStartingWith("connection 'crm' was applied as a definition (YAML)");
    }

    @Test
    void rotatingATenantsKeyKeepsItsConnectionsWorkingAndErasingItLeavesNothingOfIt() throws IOException {
        makeCrmAndHelpdesk("northwind");
        String perTenant = Files.readString(Path.of("..", "examples", "tenants", "contacts-to-helpdesk.sync.yaml")).split("(?m)^---\\s*$")[0];
        assertThat(engine.definitions().apply(List.of(new SourceText("sync.yaml", perTenant))).ok()).isTrue();

        assertThat(engine.tenants().rotateKey("northwind").values()).isEqualTo(2);
        var run = engine.runs().run(engine.definitions().applied(), new Runs.Request("contacts-to-helpdesk", "northwind", "test", false),
                RunListener.NONE).run();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);

        var erased = engine.tenants().erase("northwind", null);

        assertThat(erased.connections()).containsExactlyInAnyOrder("crm", "helpdesk");
        assertThat(erased.deleted()).containsEntry("data_keys", 1).containsEntry("stored_values", 2).containsEntry("runs", 1);
        assertThat(engine.catalog().tenantExists("northwind")).isFalse();
        assertThat(engine.runs().find(run.id())).isEmpty();
        assertThatThrownBy(() -> engine.tenants().rotateKey("northwind")).isInstanceOf(EngineException.NotFound.class);
        assertThatThrownBy(() -> engine.tenants().erase("default", null)).isInstanceOf(EngineException.Invalid.class);
    }

    @Test
    void aFormConnectionLearnsItsAccountFromTheConnectorsCheck() {
        WireMockServer provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        try {
            provider.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/v1/me").withHeader("X-Api-Key", equalTo("key-of-portal-4711"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"portal\": {\"id\": 4711, \"owner\": \"ana@northwind.example\"}}")));
            provider.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/v1/me").withHeader("X-Api-Key", equalTo("revoked-key"))
                    .willReturn(aResponse().withStatus(401)));
            assertThat(engine.definitions().apply(List.of(new SourceText("keyed.yaml", """
                    kind: Connector
                    name: keyed
                    config: { baseUrl: { type: string } }
                    secrets: { apiKey: {} }
                    baseUrl: "{{ config.baseUrl }}"
                    auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                    retry: { maxAttempts: 1 }
                    check:
                      request: { path: /v1/me }
                      account: { id: "$.portal.id", name: "$.portal.owner" }
                    """))).ok()).isTrue();

            managed().create(new NewConnection("keyed-1", "keyed", "northwind", null, Map.of("baseUrl", provider.baseUrl()),
                    Map.of("apiKey", "key-of-portal-4711")), "tok", null);

            assertThat(managed().account("keyed-1")).isEqualTo(new dev.junction.engine.internal.ConnectionFacts.Account("4711", "ana@northwind.example"));
            assertThat(engine.health().history("keyed-1", null, 5)).singleElement()
                    .satisfies(c -> assertThat(c.trigger()).isEqualTo("connect")).satisfies(c -> assertThat(c.status()).isEqualTo("ok"));

            managed().update("keyed-1", "northwind", new Change(null, Map.of("apiKey", "revoked-key"), null, false), "tok");

            // the API refused the key itself (401): nothing to refresh, the customer has to enter a new one
            assertThat(engine.health().status("keyed-1", null).status()).isEqualTo("needs_reauth");
            assertThat(managed().account("keyed-1")).as("a failed check keeps the account known").isNotNull();
        } finally {
            provider.stop();
        }
    }

    @Test
    void aConnectorsWebhookIsRegisteredOnCreationAndUnregisteredBeforeDeletion() {
        WireMockServer provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        try {
            provider.stubFor(post("/webhooks").willReturn(aResponse().withStatus(201).withBody("{\"id\": \"wh_1\"}")));
            provider.stubFor(post("/webhooks/delete").willReturn(aResponse().withStatus(500)));
            assertThat(engine.definitions().apply(List.of(new SourceText("hooked.yaml", """
                    kind: Connector
                    name: hooked
                    config: { baseUrl: { type: string } }
                    secrets: { apiKey: {}, webhookSecret: { required: false } }
                    baseUrl: "{{ config.baseUrl }}"
                    auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                    retry: { maxAttempts: 1 }
                    actions:
                      createWebhook: { request: { method: POST, path: /webhooks, body: "{ 'url': $record.url }" } }
                      deleteWebhook: { request: { method: POST, path: /webhooks/delete, body: "{ 'url': $record.url }" } }
                    webhooks:
                      verify: { scheme: standard-webhooks, secret: "{{ secrets.webhookSecret }}" }
                      register: createWebhook
                      unregister: deleteWebhook
                    """))).ok()).isTrue();
            URI hooks = URI.create("https://junction.example.com/hooks");

            var made = managed().create(new NewConnection("hooked-1", "hooked", "northwind", null, Map.of("baseUrl", provider.baseUrl()),
                    Map.of("apiKey", "provider-key")), "tok", hooks);

            assertThat(made.webhook().ok()).isTrue();
            provider.verify(postRequestedFor(urlEqualTo("/webhooks")).withHeader("X-Api-Key", equalTo("provider-key"))
                    .withRequestBody(equalToJson("{\"url\": \"https://junction.example.com/hooks/hooked-1\"}")));
            assertThatThrownBy(() -> managed().delete("hooked-1", "northwind", false, hooks))
                    .isInstanceOf(EngineException.Conflict.class)
                    .hasMessageStartingWith("the webhook of connection 'hooked-1' could not be removed at the provider: ");
            assertThat(engine.definitions().applied().connections()).containsKey("hooked-1");

            assertThat(managed().delete("hooked-1", "northwind", true, hooks).ok()).isFalse();
            assertThat(engine.definitions().applied().connections()).doesNotContainKey("hooked-1");
        } finally {
            provider.stop();
        }
    }

    @Test
    void theRegisterActionsAnswerIsKeptAndGivenToUnregisterAsRecordRegistration() {
        WireMockServer provider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        provider.start();
        try {
            provider.stubFor(post("/webhooks").willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                    .withBody("{\"id\": \"wh_42\", \"signingSecret\": \"whsec_kept-encrypted\"}")));
            provider.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete("/webhooks/wh_42").willReturn(aResponse().withStatus(204)));
            assertThat(engine.definitions().apply(List.of(new SourceText("hooked.yaml", """
                    kind: Connector
                    name: hooked
                    config: { baseUrl: { type: string } }
                    secrets: { apiKey: {}, webhookSecret: { required: false } }
                    baseUrl: "{{ config.baseUrl }}"
                    auth: { type: api-key, in: header, name: X-Api-Key, value: "{{ secrets.apiKey }}" }
                    retry: { maxAttempts: 1 }
                    actions:
                      createWebhook: { request: { method: POST, path: /webhooks, body: "{ 'url': $record.url }" } }
                      deleteWebhook: { request: { method: DELETE, path: "/webhooks/{{ record.registration.id }}" } }
                    webhooks:
                      verify: { scheme: standard-webhooks, secret: "{{ secrets.webhookSecret }}" }
                      register: createWebhook
                      unregister: deleteWebhook
                    """))).ok()).isTrue();
            URI hooks = URI.create("https://junction.example.com/hooks");
            managed().create(new NewConnection("hooked-2", "hooked", "northwind", null, Map.of("baseUrl", provider.baseUrl()),
                    Map.of("apiKey", "provider-key")), "tok", hooks);

            var removed = managed().delete("hooked-2", "northwind", false, hooks);

            assertThat(removed.ok()).as(removed.error()).isTrue();
            provider.verify(com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(urlEqualTo("/webhooks/wh_42")));
        } finally {
            provider.stop();
        }
    }
}
