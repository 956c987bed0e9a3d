package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable flow executions on the embedded store, against the sandbox's Helpdesk: an execution whose
 * process died is resumed after its last completed step from the steps' full (encrypted) outputs,
 * following the branch it took; a {@code wait} parks an execution until its time; a failed execution
 * is retried from its failed step on the current definition (or refused when that step is gone);
 * cancelling; the purge of ended executions. The engine's clock stands still until a test moves it.
 */
class FlowDurabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-05-04T09:00:00Z");
    private static final String RESUMABLE = """
            kind: Flow
            name: resumable
            steps:
              - name: first
                map:
                  mapping:
                    ref: ref
                    token: "= 'secret-' & ref"
                    long: "= $pad('', 3000, 'x')"
              - name: pick
                branch:
                  if: "steps.first.output.ref = 'r-1'"
                  then:
                    - name: write
                      call:
                        connection: helpdesk
                        action: upsertUsers
                        record: { external_id: "= steps.first.output.ref", email: "ada@example.com", name: "= steps.first.output.token" }
                  else:
                    - name: other
                      respond: { status: 202, body: { other: true } }
              - name: answer
                respond: { status: 201, body: { token: "= steps.first.output.token", long: "= $length(steps.first.output.long)" } }
            """;

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;
    private final TestClock clock = new TestClock(START);

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(1).withCrmRateLimit(0).withHelpdeskUsers(0));
        engine = DemoEngine.open(dataDir, sandbox, clock);
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

    private FlowExecutionRepository repository() {
        return engine.store().flowExecutions(engine.connections().cipher());
    }

    private FlowExecution queued(String id, String flow, String input) {
        return repository().createOrFind(FlowExecution.queued(id, flow, engine.definitions().currentVersion("Flow", flow), null, input, null, null,
                clock.instant()));
    }

    private String run(String flow, String input) throws Exception {
        return engine.flows().start(new Flows.Request(flow, null, JSON.readTree(input), null, input, Flows.Trigger.MANUAL)).execution().id();
    }

    private FlowExecution awaitStatus(String id, FlowExecutionStatus status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> engine.flows().execution(id), e -> e.status() == status);
    }

    @Test
    void anExecutionWhoseProcessDiedResumesAfterItsLastStepFromTheFullOutputsAndTheBranchItTook() throws Exception {
        apply(RESUMABLE);
        // what a process that died after two steps left: the execution running under its expired lease, two steps stored; the input says
        // r-2, but the stored first step says r-1 and the branch took then, so a resumed execution must read those, not compute again
        FlowExecution execution = queued("died-1", "resumable", "{\"ref\":\"r-2\"}");
        assertThat(repository().claim(execution.id(), "dead-process", clock.instant(), clock.instant().minusSeconds(1), null)).isTrue();
        String first = "{\"ref\":\"r-1\",\"token\":\"secret-r-1\",\"long\":\"" + "x".repeat(3000) + "\"}";
        repository().saveStep(new FlowStepRecord(execution.id(), 1, "first", "succeeded", "{\"shown\":true}", null, START, START), null, first);
        repository().saveStep(new FlowStepRecord(execution.id(), 2, "pick", "succeeded", "{\"took\":\"then\"}", null, START, START), null,
                "{\"took\":\"then\"}");

        List<FlowExecution> resumed = engine.flows().resumeDue(10);

        assertThat(resumed).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
            assertThat(e.responseStatus()).isEqualTo(201);
        });
        assertThat(JSON.readTree(resumed.getFirst().output())).isEqualTo(JSON.readTree("{\"token\":\"secret-r-1\",\"long\":3000}"));
        assertThat(engine.flows().steps(execution.id())).extracting(FlowStepRecord::step).containsExactly("first", "pick", "write", "answer");
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsExactly(java.util.Map.entry("r-1", 1));
        var exchanges = engine.store().exchanges().find(new dev.junction.store.ExchangeQuery("flow:" + execution.id(), null, null, null, null, null,
                null, null, 10));
        assertThat(exchanges).singleElement()
                .satisfies(e -> assertThat(e.requestHeaders().get("Idempotency-Key")).containsExactly(execution.id() + ":write"));
        assertThat(engine.flows().resumeDue(10)).as("an ended execution is not resumed again").isEmpty();
    }

    @Test
    void aStepsFullOutputIsStoredEncryptedAndItsShownCopyRedacted() throws Exception {
        apply(RESUMABLE);
        String id = run("resumable", "{\"ref\":\"r-1\"}");
        FlowExecution done = awaitStatus(id, FlowExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(done.output()).path("token").asText()).isEqualTo("secret-r-1");

        FlowStepRecord shown = engine.flows().steps(id).getFirst();
        assertThat(JSON.readTree(shown.output()).path("token").asText()).isNotEqualTo("secret-r-1");
        try (Connection c = ((JdbcStore) engine.store()).dataSource().getConnection();
                PreparedStatement select = c.prepareStatement("select sealed_output from flow_steps where execution_id = ? and seq = 1")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                byte[] sealed = row.getBytes(1);
                assertThat(sealed).isNotEmpty();
                assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret-r-1").doesNotContain("xxxxxxxx");
            }
        }
        assertThat(repository().resumable(id, null).getFirst().output()).contains("secret-r-1");
    }

    @Test
    void aWaitParksTheExecutionUntilItsTimeAndTheWorkerResumesIt() throws Exception {
        apply("""
                kind: Flow
                name: later
                steps:
                  - name: pause
                    wait: { for: 10m }
                  - name: until
                    wait: { until: "= input.at" }
                  - name: answer
                    respond: { body: { done: true } }
                """);
        String id = run("later", "{\"at\":\"2026-05-04T12:00:00+02:00\"}");
        awaitStatus(id, FlowExecutionStatus.WAITING);
        assertThat(engine.flows().steps(id)).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("waiting");
            assertThat(s.output()).contains("2026-05-04T09:10:00Z");
        });
        assertThat(engine.flows().resumeDue(10)).as("not due yet").isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(engine.flows().resumeDue(10)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(FlowExecutionStatus.WAITING));
        assertThat(engine.flows().steps(id)).extracting(FlowStepRecord::status).containsExactly("succeeded", "waiting");

        clock.advance(Duration.ofMinutes(50));
        assertThat(engine.flows().resumeDue(10)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED));
        assertThat(engine.flows().steps(id)).extracting(FlowStepRecord::step).containsExactly("pause", "until", "answer");

        String bad = run("later", "{\"at\":\"tomorrow\"}");
        awaitStatus(bad, FlowExecutionStatus.WAITING);
        clock.advance(Duration.ofMinutes(10));
        engine.flows().resumeDue(10);
        FlowExecution failed = awaitStatus(bad, FlowExecutionStatus.FAILED);
        assertThat(failed.error()).contains("step 'until'").contains("\"tomorrow\"").contains("ISO-8601");
    }

    @Test
    void aForEachThatEndedBeforeAWaitIsNotRunAgainWhenTheExecutionResumes() throws Exception {
        apply("""
                kind: Flow
                name: fan-out-later
                steps:
                  - name: each
                    forEach:
                      over: "= input.people"
                      as: person
                      concurrency: 2
                      steps:
                        - name: user
                          call: { connection: helpdesk, action: upsertUsers, record: { external_id: "= person.ref", email: "= person.email", name: "= person.ref" } }
                  - name: pause
                    wait: { for: 5m }
                  - name: answer
                    respond: { body: { written: "= $count(steps.each.output.items)" } }
                """);
        String id = run("fan-out-later", "{\"people\": [{\"ref\": \"p-1\", \"email\": \"a@example.com\"}, {\"ref\": \"p-2\", \"email\": \"b@example.com\"}]}");
        awaitStatus(id, FlowExecutionStatus.WAITING);
        assertThat(sandbox.helpdesk().ledger()).hasSize(2);

        clock.advance(Duration.ofMinutes(5));
        assertThat(engine.flows().resumeDue(10)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED));

        assertThat(sandbox.helpdesk().ledger()).as("the forEach's writes are not sent again").hasSize(2);
        assertThat(engine.flows().execution(id).output()).isEqualTo("{\"written\":2}");
        assertThat(engine.flows().steps(id)).extracting(FlowStepRecord::step).containsExactly("each", "pause", "answer");
    }

    @Test
    void aFailedExecutionIsRetriedFromItsFailedStepOnTheCurrentDefinitionOrRefusedWhenThatStepIsGone() throws Exception {
        apply("""
                kind: Flow
                name: fixable
                steps:
                  - name: a
                    map: { mapping: { n: n } }
                  - name: b
                    fail: { status: 502, message: "= 'broken ' & steps.a.output.n" }
                """);
        String first = run("fixable", "{\"n\":1}");
        String second = run("fixable", "{\"n\":2}");
        awaitStatus(first, FlowExecutionStatus.FAILED);
        awaitStatus(second, FlowExecutionStatus.FAILED);
        apply("""
                kind: Flow
                name: fixable
                steps:
                  - name: a
                    map: { mapping: { n: "= 100" } }
                  - name: b
                    respond: { body: { fixed: "= steps.a.output.n" } }
                """);

        engine.flows().retry(first);
        FlowExecution retried = awaitStatus(first, FlowExecutionStatus.SUCCEEDED);

        assertThat(retried.version()).isEqualTo(2);
        assertThat(JSON.readTree(retried.output())).as("step a's output from the first attempt").isEqualTo(JSON.readTree("{\"fixed\":1}"));
        assertThat(engine.flows().steps(first)).extracting(s -> s.seq() + ":" + s.step() + ":" + s.status())
                .containsExactly("1:a:succeeded", "2:b:failed", "3:b:succeeded");
        assertThatThrownBy(() -> engine.flows().retry(first)).isInstanceOf(EngineException.Conflict.class).hasMessageContaining("only a failed");

        apply("""
                kind: Flow
                name: fixable
                steps:
                  - name: a
                    map: { mapping: { n: n } }
                  - name: c
                    respond: { body: {} }
                """);
        assertThatThrownBy(() -> engine.flows().retry(second)).isInstanceOf(EngineException.Conflict.class)
                .hasMessageContaining("failed at step 'b', which version 3 of flow 'fixable' no longer has (its steps: a, c)");
        assertThat(engine.flows().execution(second).status()).isEqualTo(FlowExecutionStatus.FAILED);
    }

    @Test
    void cancellingEndsAQueuedOrWaitingExecutionAndARunningOneBeforeItsNextStep() throws Exception {
        apply("""
                kind: Flow
                name: later
                steps:
                  - name: pause
                    wait: { for: 1h }
                  - name: answer
                    respond: { body: { done: true } }
                """);
        FlowExecution queued = queued("queued-1", "later", "{}");
        assertThat(engine.flows().cancel(queued.id()).status()).isEqualTo(FlowExecutionStatus.CANCELLED);
        assertThat(engine.flows().resumeDue(10)).isEmpty();

        String waiting = run("later", "{}");
        awaitStatus(waiting, FlowExecutionStatus.WAITING);
        FlowExecution cancelled = engine.flows().cancel(waiting);
        assertThat(cancelled.status()).isEqualTo(FlowExecutionStatus.CANCELLED);
        assertThat(cancelled.responseStatus()).isEqualTo(409);
        assertThatThrownBy(() -> engine.flows().cancel(waiting)).isInstanceOf(EngineException.Conflict.class).hasMessageContaining("already ended");

        // running in a process that then died: asked to cancel, it ends cancelled instead of being resumed
        FlowExecution running = queued("running-1", "later", "{}");
        assertThat(repository().claim(running.id(), "other-process", clock.instant(), clock.instant().plusSeconds(30), null)).isTrue();
        assertThat(engine.flows().cancel(running.id()).status()).as("asked to stop").isEqualTo(FlowExecutionStatus.RUNNING);
        clock.advance(Duration.ofMinutes(1));
        assertThat(engine.flows().resumeDue(10)).isEmpty();
        assertThat(engine.flows().execution(running.id()).status()).isEqualTo(FlowExecutionStatus.CANCELLED);
    }

    @Test
    void theExecutionsThatEndedBeforeTheRetentionArePurgedWithTheirSteps() throws Exception {
        apply("""
                kind: Flow
                name: quick
                steps: [ { name: answer, respond: { body: { ok: true } } } ]
                """);
        String old = run("quick", "{}");
        awaitStatus(old, FlowExecutionStatus.SUCCEEDED);
        FlowExecution pending = queued("pending-1", "quick", "{}");
        clock.advance(Duration.ofDays(31));
        String recent = run("quick", "{}");
        awaitStatus(recent, FlowExecutionStatus.SUCCEEDED);

        assertThat(engine.flows().purge(clock.instant().minus(Duration.ofDays(30)))).isEqualTo(1);

        assertThat(engine.flows().executions("quick", 10)).extracting(FlowExecution::id).containsExactlyInAnyOrder(recent, pending.id());
        assertThat(engine.flows().steps(old)).isEmpty();
    }

    @Test
    void aStoppingEngineHandsItsExecutionsBackAfterTheirStepAndTheNextResumesThem() throws Exception {
        apply(RESUMABLE);
        sandbox.helpdesk().setFaults(dev.junction.sandbox.Faults.NONE.withLatency(Duration.ofSeconds(1)));
        String id = run("resumable", "{\"ref\":\"r-1\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.flows().steps(id).size() == 2); // first and pick stored: write in flight

        engine.close();
        engine = DemoEngine.open(dataDir, sandbox, clock);
        FlowExecution handedBack = engine.flows().execution(id);
        assertThat(handedBack.status()).as("still running, its lease given up").isEqualTo(FlowExecutionStatus.RUNNING);
        assertThat(engine.flows().steps(id)).extracting(FlowStepRecord::step).containsExactly("first", "pick", "write");

        assertThat(engine.flows().resumeDue(10)).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED));
        assertThat(engine.flows().steps(id)).extracting(FlowStepRecord::step).containsExactly("first", "pick", "write", "answer");
        assertThat(sandbox.helpdesk().writeCountsByKey()).containsExactly(java.util.Map.entry("r-1", 1));
    }

    @Test
    void aRunningExecutionAskedToCancelStopsBeforeItsNextStep() throws Exception {
        apply(RESUMABLE);
        sandbox.helpdesk().setFaults(dev.junction.sandbox.Faults.NONE.withLatency(Duration.ofSeconds(1)));
        String id = run("resumable", "{\"ref\":\"r-1\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.flows().steps(id).size() == 2); // write in flight

        assertThat(engine.flows().cancel(id).status()).as("asked to stop").isEqualTo(FlowExecutionStatus.RUNNING);
        FlowExecution cancelled = awaitStatus(id, FlowExecutionStatus.CANCELLED);

        assertThat(cancelled.responseStatus()).isEqualTo(409);
        assertThat(cancelled.error()).isEqualTo("cancelled on request before step 'answer'");
        assertThat(engine.flows().steps(id)).extracting(FlowStepRecord::step).containsExactly("first", "pick", "write");
    }
}
