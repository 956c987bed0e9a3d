package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.ExchangeQuery;
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
 * The flow steps beyond call/map/branch/respond/fail against the sandbox's Helpdesk through the
 * demo's connection: lookup (lookup-or-create), forEach (per-item results, concurrency, item
 * idempotency keys, the items limit), onError (catch, continue, compensate), retry and timeout,
 * sub-flows (with the depth guard) and raw requests.
 */
class FlowStepsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0).withHelpdeskUsers(0).withHelpdeskRateLimit(0));
        engine = DemoEngine.open(dataDir, sandbox, config -> config);
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

    private FlowExecution run(String flow, String input) throws Exception {
        Flows.Started started = engine.flows().start(new Flows.Request(flow, null, JSON.readTree(input), null, input, Flows.Trigger.MANUAL));
        return engine.flows().await(started.execution().id(), WAIT);
    }

    private List<ExchangeRecord> exchanges(FlowExecution execution) {
        return engine.store().exchanges().find(new ExchangeQuery("flow:" + execution.id(), null, null, null, null, null, null, null, 100));
    }

    private static JsonNode output(FlowExecution execution) throws Exception {
        return JSON.readTree(execution.output());
    }

    private static final String LOOKUP_OR_CREATE = """
            kind: Flow
            name: user-for
            steps:
              - name: found
                lookup: { connection: helpdesk, stream: users, match: email, value: "= input.email" }
              - name: missing
                branch:
                  if: "steps.found.output = null"
                  then:
                    - name: create
                      call:
                        connection: helpdesk
                        action: upsertUsers
                        record: { external_id: "= input.ref", email: "= input.email", name: "= input.name" }
              - name: answer
                respond: { body: { created: "= steps.found.output = null", id: "= steps.found.output.external_id" } }
            """;

    @Test
    void lookupFindsTheRecordByAFieldSoLookupOrCreateCreatesOnce() throws Exception {
        apply(LOOKUP_OR_CREATE);
        String input = "{\"email\":\"ada@example.com\",\"name\":\"Ada\",\"ref\":\"ada-1\"}";

        FlowExecution first = run("user-for", input);
        FlowExecution second = run("user-for", input);

        assertThat(first.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(output(first)).isEqualTo(JSON.readTree("{\"created\":true,\"id\":null}"));
        assertThat(output(second)).isEqualTo(JSON.readTree("{\"created\":false,\"id\":\"ada-1\"}"));
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsEntry("ada-1", 1).hasSize(1);
        assertThat(engine.flows().steps(second.id())).extracting(FlowStepRecord::step).containsExactly("found", "missing", "answer");
        assertThat(JSON.readTree(engine.flows().steps(second.id()).getFirst().output()).path("email").asText()).isEqualTo("ada@example.com");
    }

    @Test
    void forEachRunsItsStepsPerItemWithResultsAndItemIdempotencyKeys() throws Exception {
        apply("""
                kind: Flow
                name: fan-out
                steps:
                  - name: each
                    forEach:
                      over: "= input.people"
                      as: person
                      concurrency: 3
                      steps:
                        - name: user
                          call:
                            connection: helpdesk
                            action: upsertUsers
                            record: { external_id: "= person.ref", email: "= person.email", name: "= person.name" }
                        - name: card
                          map: { from: "= person", mapping: { ref: ref } }
                  - name: answer
                    respond: { body: "= steps.each.output.items.{ 'index': index, 'status': status, 'ref': output.card.ref }" }
                """);
        String input = "{\"people\":[" + String.join(",", java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> "{\"ref\":\"p-" + i + "\",\"email\":\"p" + i + "@example.com\",\"name\":\"P" + i + "\"}").toList()) + "]}";

        FlowExecution done = run("fan-out", input);

        assertThat(done.status()).as(done.error()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        JsonNode items = output(done);
        assertThat(items).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(items.get(i)).isEqualTo(JSON.readTree("{\"index\":" + i + ",\"status\":\"succeeded\",\"ref\":\"p-" + i + "\"}"));
        }
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(5).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
        assertThat(exchanges(done)).extracting(e -> e.requestHeaders().get("Idempotency-Key").getFirst())
                .containsExactlyInAnyOrder(done.id() + ":user:0", done.id() + ":user:1", done.id() + ":user:2", done.id() + ":user:3",
                        done.id() + ":user:4");
        assertThat(engine.flows().steps(done.id())).as("one row for the forEach, none per item").extracting(FlowStepRecord::step)
                .containsExactly("each", "answer");
    }

    @Test
    void aFailedItemFailsTheForEachUnlessCaughtAndTheItemsLimitIsEnforced() throws Exception {
        apply("""
                kind: Flow
                name: checked
                limits: { items: 3 }
                steps:
                  - name: each
                    onError: catch
                    forEach:
                      over: "= input.values"
                      steps:
                        - name: check
                          branch:
                            if: "item < 0"
                            then:
                              - name: negative
                                fail: { status: 422, message: "= 'negative: ' & $string(item)" }
                        - name: double
                          map: { from: { v: "= item * 2" }, mapping: { v: v } }
                  - name: answer
                    respond:
                      body:
                        message: "= steps.each.output.error.message"
                        statuses: "= steps.each.output.error.items.status"
                """);

        FlowExecution mixed = run("checked", "{\"values\":[1,-2,3]}");
        FlowExecution tooMany = run("checked", "{\"values\":[1,2,3,4]}");

        assertThat(mixed.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(output(mixed)).isEqualTo(JSON.readTree("{\"message\":\"step 'each': 1 of 3 items failed: [1] negative: -2\","
                + "\"statuses\":[\"succeeded\",\"failed\",\"succeeded\"]}"));
        assertThat(output(tooMany).path("message").asText())
                .isEqualTo("step 'each': steps[0].forEach.over has 4 items, more than the flow's limit of 3 (limits.items)");
        FlowStepRecord row = engine.flows().steps(mixed.id()).getFirst();
        assertThat(row.status()).isEqualTo("failed");
        assertThat(JSON.readTree(row.output()).path("error").path("items").get(2).path("output").path("double").path("v").asInt()).isEqualTo(6);
    }

    @Test
    void onErrorCatchesContinuesOrCompensatesThenFails() throws Exception {
        apply("""
                kind: Flow
                name: guarded
                steps:
                  - name: missing
                    onError: catch
                    call: { connection: helpdesk, request: { path: "/api/users/by-external-id/nobody" } }
                  - name: ignored
                    onError: continue
                    call: { connection: helpdesk, request: { path: "/api/users/by-external-id/nobody" } }
                  - name: answer
                    respond: { body: { status: "= steps.missing.output.error.status", step: "= steps.missing.output.error.step",
                                       ignored: "= steps.ignored.output" } }
                ---
                kind: Flow
                name: undone
                steps:
                  - name: made
                    call:
                      connection: helpdesk
                      action: upsertUsers
                      record: { external_id: undo-1, email: undo@example.com, name: Undo }
                  - name: broken
                    onError:
                      compensate:
                        - name: undo
                          call:
                            connection: helpdesk
                            request: { method: DELETE, path: /api/users/by-external-id/undo-1 }
                    call: { connection: helpdesk, request: { path: /api/nothing-here } }
                  - name: answer
                    respond: { body: never }
                """);

        FlowExecution guarded = run("guarded", "{}");
        FlowExecution undone = run("undone", "{}");

        assertThat(guarded.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(output(guarded)).isEqualTo(JSON.readTree("{\"status\":502,\"step\":\"missing\",\"ignored\":null}"));
        assertThat(engine.flows().steps(guarded.id())).extracting(FlowStepRecord::status).containsExactly("failed", "failed", "succeeded");
        assertThat(undone.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(undone.error()).startsWith("step 'broken': ");
        assertThat(engine.flows().steps(undone.id())).extracting(FlowStepRecord::step).containsExactly("made", "broken", "undo");
        assertThat(sandbox.helpdesk().userByExternalId("undo-1")).as("the compensation deleted what the flow made").isEmpty();
    }

    @Test
    void aStepIsRetriedUpToItsAttemptsAndFailsPastItsTimeout() throws Exception {
        apply("""
                kind: Flow
                name: retried
                steps:
                  - name: flaky
                    retry: { attempts: 3, backoff: 1ms }
                    call: { connection: helpdesk, request: { path: /api/users/by-external-id/nobody } }
                ---
                kind: Flow
                name: slow
                steps:
                  - name: wait
                    timeout: 100ms
                    call: { connection: helpdesk, request: { path: /api/users } }
                """);

        FlowExecution retried = run("retried", "{}");
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofSeconds(3)));
        FlowExecution slow = run("slow", "{}");
        sandbox.helpdesk().setFaults(Faults.NONE);

        assertThat(retried.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(retried.error()).endsWith("(after 3 attempts)");
        assertThat(exchanges(retried)).hasSize(3);
        assertThat(slow.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(slow.responseStatus()).isEqualTo(504);
        assertThat(slow.error()).isEqualTo("step 'wait' did not end within its timeout of 0.1s");
    }

    @Test
    void aFlowStepRunsAnotherFlowAndADeepRecursionFails() throws Exception {
        apply("""
                kind: Flow
                name: greet
                input: { type: object, required: [who], properties: { who: { type: string } } }
                steps:
                  - name: answer
                    respond: { body: { greeting: "= 'hello ' & input.who" } }
                ---
                kind: Flow
                name: outer
                steps:
                  - name: inner
                    flow: { name: greet, input: { who: "= input.name" } }
                  - name: answer
                    respond: { body: "= steps.inner.output" }
                ---
                kind: Flow
                name: forever
                steps:
                  - name: again
                    flow: { name: forever }
                """);

        FlowExecution outer = run("outer", "{\"name\":\"Ada\"}");
        FlowExecution forever = run("forever", "{}");

        assertThat(outer.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(output(outer)).isEqualTo(JSON.readTree("{\"greeting\":\"hello Ada\"}"));
        assertThat(engine.flows().executions("greet", 10)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED));
        assertThat(forever.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(forever.error()).contains("flows run flows at most 8 deep");
        assertThat(engine.flows().executions("forever", 20)).hasSize(9);
    }

    @Test
    void aSubFlowRunsUnderItsParentsLeaseSoNoFlowWorkerTakesItWhileItRuns() throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        sandbox.helpdesk().setRequestHook((method, path) -> {
            if (path.startsWith("/api/users/batch")) {
                permits.acquire();
            }
        });
        apply("""
                kind: Flow
                name: create-user
                steps:
                  - name: create
                    call: { connection: helpdesk, action: upsertUsers, record: { external_id: "= input.ref", email: "= input.email", name: x } }
                ---
                kind: Flow
                name: onboard
                steps:
                  - name: user
                    flow: { name: create-user, input: { ref: "= input.ref", email: "= input.email" } }
                """);
        Flows.Started started = engine.flows().start(new Flows.Request("onboard", null, JSON.readTree("{\"ref\":\"u-1\",\"email\":\"u1@example.com\"}"),
                null, "onboard-1", Flows.Trigger.MANUAL));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> permits.getQueueLength() == 1); // the sub-flow's call is in flight

        var claimable = engine.store().flowExecutions(engine.connections().cipher()).claimable(java.time.Instant.now(), java.time.Instant.now(), 10);
        permits.release(10);
        FlowExecution onboard = engine.flows().await(started.execution().id(), WAIT);

        assertThat(claimable).as("neither the parent nor its running sub-flow is free to take").isEmpty();
        assertThat(onboard.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(engine.flows().executions("create-user", 10)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED));
    }

    @Test
    void aRetriedFlowStepRunsTheSubFlowAgainOncePerTry() throws Exception {
        apply("""
                kind: Flow
                name: refuses
                steps:
                  - name: no
                    fail: { status: 409, message: taken }
                ---
                kind: Flow
                name: insists
                steps:
                  - name: ask
                    retry: { attempts: 3, backoff: 1ms }
                    flow: { name: refuses }
                """);

        FlowExecution insists = run("insists", "{}");

        assertThat(insists.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(insists.responseStatus()).isEqualTo(409);
        assertThat(insists.error()).startsWith("step 'ask': flow 'refuses' (execution ").endsWith(") failed: taken (after 3 attempts)");
        assertThat(engine.flows().executions("refuses", 10)).hasSize(3);
    }

    @Test
    void aRawRequestGoesThroughTheConnectionsPipelineAndAnswersStatusHeadersAndBody() throws Exception {
        apply("""
                kind: Flow
                name: raw
                steps:
                  - name: made
                    call:
                      connection: helpdesk
                      request:
                        method: POST
                        path: /api/users/batch
                        headers: { X-Trace: "= input.trace" }
                        body: { users: [ { external_id: raw-1, email: raw@example.com, name: Raw } ] }
                  - name: read
                    call: { connection: helpdesk, request: { path: "= '/api/users/by-external-id/' & input.ref", query: { fields: all } } }
                  - name: answer
                    respond: { body: { status: "= steps.read.output.status", email: "= steps.read.output.body.email",
                                       type: "= $contains(steps.read.output.headers.`content-type`, 'json')" } }
                """);

        FlowExecution done = run("raw", "{\"ref\":\"raw-1\",\"trace\":\"t-1\"}");

        assertThat(done.status()).as(done.error()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(output(done)).isEqualTo(JSON.readTree("{\"status\":200,\"email\":\"raw@example.com\",\"type\":true}"));
        List<ExchangeRecord> exchanges = exchanges(done);
        assertThat(exchanges).hasSize(2);
        assertThat(exchanges).anySatisfy(e -> {
            assertThat(e.requestHeaders().get("X-Trace")).containsExactly("t-1");
            assertThat(e.requestHeaders().get("X-Api-Key")).as("the connection's auth, redacted in the log").singleElement().asString()
                    .doesNotContain(sandbox.helpdesk().apiKey());
        });
        assertThat(exchanges).anySatisfy(e -> assertThat(e.url()).endsWith("/api/users/by-external-id/raw-1?fields=all"));
    }

    @Test
    void anExecutionPastTheFlowsConcurrencyLimitWaitsQueuedUntilTheRunningOneEnds() throws Exception {
        apply("""
                kind: Flow
                name: one-at-a-time
                limits: { concurrency: 1 }
                steps:
                  - name: read
                    call: { connection: helpdesk, request: { path: /api/agents } }
                """);
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(500)));

        Flows.Started first = engine.flows().start(new Flows.Request("one-at-a-time", null, JSON.readTree("{}"), null, null, Flows.Trigger.MANUAL));
        Flows.Started second = engine.flows().start(new Flows.Request("one-at-a-time", null, JSON.readTree("{}"), null, null, Flows.Trigger.MANUAL));
        FlowExecution secondWhileFirstRuns = engine.flows().execution(second.execution().id());
        FlowExecution firstDone = engine.flows().await(first.execution().id(), WAIT);
        FlowExecution secondDone = engine.flows().await(second.execution().id(), WAIT);

        assertThat(secondWhileFirstRuns.status()).isEqualTo(FlowExecutionStatus.QUEUED);
        assertThat(firstDone.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(secondDone.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(engine.flows().steps(secondDone.id()).getFirst().startedAt())
                .isAfterOrEqualTo(engine.flows().steps(firstDone.id()).getFirst().finishedAt());
    }

    @Test
    void theTenantLimitQueuesATenantsExecutionsOfAnyFlowWhileOtherTenantsRun() throws Exception {
        try (Engine limited = DemoEngine.open(dataDir.resolve("limited"), sandbox, c -> new EngineConfig(c.store(), c.dataDir(),
                name -> name.equals(Flows.TENANT_CONCURRENCY_ENV) ? "1" : c.env().apply(name), c.clock(), c.queue(), c.events(), c.egress(),
                c.secrets(), c.metrics()))) {
            assertThat(limited.definitions().apply(List.of(new SourceText("flow.yaml", """
                    kind: Flow
                    name: slow-read
                    steps:
                      - name: read
                        call: { connection: helpdesk, request: { path: /api/agents } }
                    ---
                    kind: Flow
                    name: quick
                    steps:
                      - name: answer
                        respond: { body: ok }
                    """))).result().problems()).isEmpty();
            sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(500)));

            Flows.Started slow = limited.flows().start(new Flows.Request("slow-read", "acme", JSON.readTree("{}"), null, null, Flows.Trigger.MANUAL));
            Flows.Started same = limited.flows().start(new Flows.Request("quick", "acme", JSON.readTree("{}"), null, null, Flows.Trigger.MANUAL));
            Flows.Started other = limited.flows().start(new Flows.Request("quick", "globex", JSON.readTree("{}"), null, null, Flows.Trigger.MANUAL));
            FlowExecution otherDone = limited.flows().await(other.execution().id(), WAIT);
            FlowExecution sameMeanwhile = limited.flows().execution(same.execution().id());
            FlowExecution slowMeanwhile = limited.flows().execution(slow.execution().id());

            assertThat(otherDone.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
            if (!slowMeanwhile.finished()) { // the usual case: the slow read takes 500 ms, the other tenant's flow none
                assertThat(sameMeanwhile.status()).isEqualTo(FlowExecutionStatus.QUEUED);
            }
            assertThat(limited.flows().await(same.execution().id(), WAIT).status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        }
        assertThatThrownBy(() -> Flows.tenantConcurrency("many")).isInstanceOf(EngineException.Invalid.class)
                .hasMessage("JUNCTION_FLOWS_TENANT_CONCURRENCY='many' is not a whole number from 0 (no limit) to 100000; it is how many flow"
                        + " executions of one tenant run at once");
        assertThat(Flows.tenantConcurrency(null)).isZero();
    }
}
