package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.Role;
import dev.junction.server.testing.ForeignObjects;
import dev.junction.server.testing.GuardChecker;
import dev.junction.server.testing.RouteCoverage;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard check over the full server ({@code EngineApi} with every module): every route the router
 * serves declares a guard that refuses no token (401), viewers on mutating routes (403), tenant tokens
 * on operator routes and on changes to global ones (403), and a northwind token reaching for globex's
 * objects (404, nothing of globex in the body). Every route is in the OpenAPI document, which is valid.
 *
 * <p>A new tenant-owned route fails here until globex's object for it is described in
 * {@link #globexObjects}: add a path parameter, a request or a body there, with its markers.
 */
class FullApiGuardTest {
    @TempDir
    static Path dataDir;
    static ApiFixture api;
    static OperationsData operations;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
        operations = OperationsData.make(api);
        api.engine.schemas().discover(api.engine.definitions().applied(), "globex-crm", "contacts", 3);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** Tenant globex's objects as a northwind token must never see them, resource by resource. */
    static ForeignObjects globexObjects(ApiFixture api, OperationsData operations) {
        ForeignObjects globex = ForeignObjects.ofTenant("globex")
                // connections (ConnectionsApi): {connection}; tenants (TenantsApi) take globex from their path
                .pathParam("connection", "globex-crm")
                .marker("globex-crm")
                .marker("globex-helpdesk")
                // what globex's connections resolve to: its sandbox's address and credentials
                .marker(api.globex.crm().baseUrl().toString())
                .marker(api.globex.helpdesk().baseUrl().toString())
                .marker(api.globex.crm().token())
                .marker(api.globex.helpdesk().apiKey())
                // making a connection for globex, and changing globex's
                .body("connections.create", "{\"connector\": \"acme-crm\", \"name\": \"globex-crm-new\", \"tenant\": \"globex\","
                        + " \"config\": {\"baseUrl\": \"http://127.0.0.1:9\"}, \"secrets\": {\"token\": \"t\"}}")
                .body("connections.update", "{\"secrets\": {\"token\": \"taken-over\"}}")
                .body("connections.replace", "{\"secrets\": {\"token\": \"taken-over\"}}")
                .body("connections.request", "{\"method\": \"DELETE\", \"path\": \"/v1/contacts/c-1\"}")
                // a connect session for globex's user
                .body("connect.createSession", "{\"connector\": \"acme-crm\", \"connection\": \"globex-crm-3\", \"tenant\": \"globex\","
                        + " \"returnUrl\": \"https://app.example/done\"}");
        // event subscriptions (EventSubscriptionsApi): globex's subscription, and creating one for globex
        String subscription = api.engine.events().create("https://hooks.globex.example/junction", java.util.List.of("run.*"), "globex", null)
                .subscription().id();
        globex.pathParam("subscriptionId", subscription)
                .body("eventSubscriptions.create", "{\"url\": \"https://hooks.globex.example/new\", \"eventTypes\": [\"run.*\"], \"tenant\": \"globex\"}")
                .body("eventSubscriptions.update", "{\"description\": \"taken over\"}")
                .marker("hooks.globex.example");
        // the inbox (InboxApi): an event received through globex's CRM connection
        long event = api.engine.inbox().accept(new dev.junction.store.InboxRepository.NewEvent("globex-crm", "globex", "evt-globex-1", "contact.updated",
                "c-00001", "sync:" + ApiFixture.TENANT_SYNC, "{\"globex\": true}".getBytes(), java.time.Instant.now(), false)).id();
        globex.pathParam("eventId", Long.toString(event)).marker("evt-globex-1");
        // flow executions (FlowsApi): an execution globex started
        api.engine.store().flowExecutions().createOrFind(dev.junction.store.FlowExecution.queued("flow-execution-globex", "globex-flow", 1, "globex",
                "{\"globex\": true}", null, null, java.time.Instant.now()));
        globex.pathParam("executionId", "flow-execution-globex").marker("flow-execution-globex")
                // running a flow as globex (?tenant=globex): the body is the flow's input
                .body("flows.run", "{\"globex\": true}");
        // audits (SyncAuditsApi): an audit of globex's sync, and starting one for globex
        api.engine.store().syncAudits().insert(new dev.junction.store.SyncAudit("audit-globex", ApiFixture.TENANT_SYNC, "globex", "api",
                dev.junction.store.SyncAudit.RUNNING, java.time.Instant.now(), null, 0, 0, 0, 0, 0, null, null));
        globex.pathParam("auditId", "audit-globex").marker("audit-globex").body("audits.start", "{\"tenant\": \"globex\"}");
        // alerts (AlertsApi): an alert about globex's sync
        java.time.Instant now = java.time.Instant.now();
        api.engine.store().alerts().fire(new dev.junction.store.AlertRecord("alr_globex", "globex-failing", "sync=s tenant=globex", "globex", "s", null,
                "error", dev.junction.store.AlertRecord.Status.FIRING, "alert-globex-summary", now, now, null, now), java.util.List.of());
        globex.marker("alert-globex-summary");
        // runs, dead letters, exchanges, state, schemas, mappings: globex's run, dead letter, sync state and schema
        return OperationsGuardTest.globex(globex, operations);
    }

    @Test
    void everyRouteOfTheFullServerRefusesWhatItsGuardForbids() {
        GuardChecker.Tokens tokens = new GuardChecker.Tokens(api.viewer(), api.tenant("northwind", Role.ADMIN));

        assertThat(new GuardChecker(api.server, tokens, globexObjects(api, operations)).check()).isEmpty();
        assertThat(api.engine.deadLetters().get(operations.globexDeadLetters.getFirst().id()).state()).isEqualTo(dev.junction.store.DeadLetter.State.OPEN);
        assertThat(api.server.servedRoutes()).hasSizeGreaterThan(25);
    }

    @Test
    void everyRouteOfTheFullServerIsInItsOpenApiDocument() {
        assertThat(RouteCoverage.undocumented(api.server, api.viewer())).isEmpty();
    }

    @Test
    void theFullServersOpenApiDocumentIsValid() {
        String document = api.get("/api/v1/openapi.json", api.viewer()).body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);

        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths().get("/api/v1/definitions").getPost().getRequestBody().getContent())
                .containsKeys("application/yaml", "application/json");
        assertThat(result.getOpenAPI().getPaths().get("/api/v1/definitions/{kind}/{name}").getGet().getResponses().get("200").getContent())
                .containsKeys("application/json", "application/yaml");
    }
}
