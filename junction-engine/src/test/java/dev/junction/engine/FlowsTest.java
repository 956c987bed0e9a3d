package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Contact;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows against the sandbox's CRM and Helpdesk through the demo's connections: a three-step flow
 * (get a contact, map it, respond), each step stored in order; an action call carrying the
 * execution's idempotency key; idempotent starts; an execution that runs on the version it was
 * created with after the definition changed.
 */
class FlowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CARD = """
            kind: Flow
            name: contact-card
            trigger: { api: {} }
            input:
              type: object
              required: [id]
              properties: { id: { type: string } }
            steps:
              - name: contact
                call: { connection: crm, stream: contacts, key: "= input.id" }
              - name: card
                map:
                  from: "= steps.contact.output"
                  mapping:
                    id: id
                    email: properties.email
                    name: "= properties.firstname & ' ' & properties.lastname"
              - name: found
                branch:
                  if: "steps.contact.output != null"
                  then:
                    - name: answer
                      respond: { status: 200, body: "= steps.card.output" }
                  else:
                    - name: missing
                      fail: { status: 404, message: "= 'no contact ' & input.id" }
            """;

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(5).withCrmRateLimit(0).withHelpdeskUsers(0));
        engine = DemoEngine.open(dataDir, sandbox, config -> config);
        apply(CARD);
    }

    @AfterEach
    void stop() {
        engine.close();
        sandbox.close();
    }

    private void apply(String yaml) {
        Definitions.ApplyResult applied = engine.definitions().apply(List.of(new SourceText("flow.yaml", yaml)));
        assertThat(applied.result().problems()).isEmpty();
    }

    private FlowExecution run(String flow, String input, String key) throws Exception {
        Flows.Started started = engine.flows().start(new Flows.Request(flow, null, JSON.readTree(input), key, input, Flows.Trigger.MANUAL));
        return engine.flows().await(started.execution().id(), WAIT);
    }

    @Test
    void aThreeStepFlowGetsMapsAndRespondsStoringEachStepInOrder() throws Exception {
        String id = sandbox.crm().changeContacts(1).getFirst();
        Contact contact = sandbox.crm().contact(id).orElseThrow();

        FlowExecution done = run("contact-card", "{\"id\":\"" + id + "\"}", null);

        assertThat(done.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(done.responseStatus()).isEqualTo(200);
        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.createObjectNode().put("id", id).put("email", contact.property("email"))
                .put("name", contact.property("firstname") + " " + contact.property("lastname")));
        assertThat(done.version()).isEqualTo(1);
        List<FlowStepRecord> steps = engine.flows().steps(done.id());
        assertThat(steps).extracting(FlowStepRecord::step).containsExactly("contact", "card", "found", "answer");
        assertThat(steps).extracting(FlowStepRecord::seq).containsExactly(1, 2, 3, 4);
        assertThat(steps).extracting(FlowStepRecord::status).containsOnly("succeeded");
        assertThat(JSON.readTree(steps.get(0).output()).path("id").asText()).isEqualTo(id);
        assertThat(JSON.readTree(steps.get(2).output())).isEqualTo(JSON.createObjectNode().put("took", "then"));
        // what each step was given: the call the record id it fetched, the map the record it read; a branch and a respond take none of their own
        assertThat(JSON.readTree(steps.get(0).input())).isEqualTo(JSON.createObjectNode().put("stream", "contacts").put("id", id));
        assertThat(JSON.readTree(steps.get(1).input())).isEqualTo(JSON.readTree(steps.get(0).output()));
        assertThat(steps.get(2).input()).isNull();

        FlowExecution missing = run("contact-card", "{\"id\":\"no-such-contact\"}", null);
        assertThat(missing.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(missing.responseStatus()).isEqualTo(404);
        assertThat(JSON.readTree(missing.output()).path("detail").asText()).isEqualTo("no contact no-such-contact");
    }

    @Test
    void theInputIsCheckedAgainstTheSchemaBeforeAnythingIsStored() {
        assertThatThrownBy(() -> engine.flows().start(new Flows.Request("contact-card", null, JSON.readTree("{\"id\":7}"), null, null,
                Flows.Trigger.API)))
                .isInstanceOfSatisfying(Flows.InvalidInput.class, e -> assertThat(e.problems()).singleElement().asString().startsWith("/id: "));
        assertThat(engine.flows().executions(null, 10)).isEmpty();
        assertThatThrownBy(() -> engine.flows().start(new Flows.Request("nope", null, null, null, null, Flows.Trigger.API)))
                .isInstanceOf(EngineException.NotFound.class);
        apply("""
                kind: Flow
                name: by-hand
                steps: [ { name: answer, respond: {} } ]
                """);
        assertThatThrownBy(() -> engine.flows().start(new Flows.Request("by-hand", null, null, null, null, Flows.Trigger.API)))
                .isInstanceOf(EngineException.NotFound.class).hasMessageContaining("trigger: { api: {} }");
    }

    @Test
    void theSameKeyAndBodyRunOnceAndAnotherBodyIsRefused() throws Exception {
        apply("""
                kind: Flow
                name: make-user
                trigger: { api: {} }
                steps:
                  - name: user
                    call:
                      connection: helpdesk
                      action: upsertUsers
                      record: { external_id: "= input.ref", email: "= input.email", name: "= input.name" }
                  - name: answer
                    respond: { status: 201, body: { created: "= input.ref" } }
                """);
        String body = "{\"ref\":\"flow-1\",\"email\":\"ada@example.com\",\"name\":\"Ada\"}";

        FlowExecution first = run("make-user", body, "key-1");
        FlowExecution again = run("make-user", body, "key-1");

        assertThat(first.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(first.responseStatus()).isEqualTo(201);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.output()).isEqualTo(first.output());
        assertThat(engine.flows().executions("make-user", 10)).hasSize(1);
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsEntry("flow-1", 1).hasSize(1);
        var exchanges = engine.store().exchanges().find(new dev.junction.store.ExchangeQuery("flow:" + first.id(), null, null, null, null, null,
                null, null, 10));
        assertThat(exchanges).as("the action call carried the execution's key, logged under the execution").singleElement()
                .satisfies(e -> assertThat(e.requestHeaders().get("Idempotency-Key")).containsExactly(first.id() + ":user"));
        assertThatThrownBy(() -> run("make-user", body.replace("Ada", "Grace"), "key-1")).isInstanceOf(Flows.KeyReused.class);
    }

    @Test
    void anExecutionRunsOnTheVersionItWasCreatedWithAfterTheDefinitionChanged() throws Exception {
        apply("""
                kind: Flow
                name: versioned
                steps:
                  - name: answer
                    respond: { body: { version: 1, echo: "= input.x" } }
                """);
        FlowExecution parked = engine.store().flowExecutions().createOrFind(FlowExecution.queued("parked-1", "versioned",
                engine.definitions().currentVersion("Flow", "versioned"), null, "{\"x\":\"a\"}", null, null, java.time.Instant.now()));
        apply("""
                kind: Flow
                name: versioned
                steps:
                  - name: answer
                    respond: { body: { version: 2 } }
                """);

        FlowExecution done = engine.flows().execute(parked.id());
        FlowExecution fresh = run("versioned", "{\"x\":\"b\"}", null);

        assertThat(JSON.readTree(done.output())).isEqualTo(JSON.readTree("{\"version\":1,\"echo\":\"a\"}"));
        assertThat(done.version()).isEqualTo(1);
        assertThat(JSON.readTree(fresh.output())).isEqualTo(JSON.readTree("{\"version\":2}"));
        assertThat(fresh.version()).isEqualTo(2);
        assertThat(engine.flows().execute(parked.id()).status()).as("an ended execution does not run again").isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(engine.flows().steps(parked.id())).hasSize(1);
    }

    @Test
    void aFailedExpressionEndsTheExecutionAs500WithTheFailedStepStored() throws Exception {
        apply("""
                kind: Flow
                name: broken
                limits: { expressionTimeout: 100ms }
                steps:
                  - name: first
                    respond: { body: "= $number('x')" }
                """);
        FlowExecution done = run("broken", "{}", null);
        assertThat(done.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(done.responseStatus()).isEqualTo(500);
        JsonNode detail = JSON.readTree(done.output()).path("detail");
        assertThat(detail.asText()).startsWith("step 'first': field 'steps[0].respond.body'");
        assertThat(engine.flows().steps(done.id())).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo("failed"));
    }

    @Test
    void aTenantsExecutionCallsOnlyItsOwnAndSharedConnections() throws Exception {
        apply("""
                kind: Connection
                name: globex-crm
                connector: acme-crm
                tenant: globex
                config: { baseUrl: "${env:ACME_CRM_URL}" }
                secrets: { token: "${env:ACME_CRM_TOKEN}" }
                ---
                kind: Flow
                name: first-page
                steps:
                  - name: page
                    call: { connection: globex-crm, stream: contacts }
                  - name: answer
                    respond: { body: { count: "= $count(steps.page.output)" } }
                """);

        FlowExecution globex = engine.flows().await(engine.flows().start(new Flows.Request("first-page", "globex", JSON.readTree("{}"), null, null,
                Flows.Trigger.MANUAL)).execution().id(), WAIT);
        FlowExecution northwind = engine.flows().await(engine.flows().start(new Flows.Request("first-page", "northwind", JSON.readTree("{}"), null,
                null, Flows.Trigger.MANUAL)).execution().id(), WAIT);

        assertThat(globex.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(globex.output()).path("count").asInt()).isEqualTo(5);
        assertThat(northwind.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(northwind.responseStatus()).isEqualTo(502);
        assertThat(northwind.error()).contains("connection 'globex-crm' is another tenant's");
    }
}
