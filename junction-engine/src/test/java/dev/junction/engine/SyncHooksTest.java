package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/**
 * A sync's hooks against the sandbox: the before flow runs to its end ahead of the run, and one that
 * fails keeps the run from starting (nothing written) with its reason; the after flow starts once the
 * run ended, with the run's status and counters in its input, and its failure leaves the run as it
 * ended; a hook naming a flow that is not loaded is a load error with file and line.
 */
class SyncHooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOWS = """
            kind: Flow
            name: prepare
            input: { type: object, required: [sync], properties: { sync: { type: string }, strict: { type: boolean } } }
            steps:
              - name: check
                branch:
                  if: "input.strict"
                  then:
                    - name: refuse
                      fail: { status: 409, message: "the lookup table is being rebuilt" }
              - name: answer
                respond: { body: { ready: true } }
            ---
            kind: Flow
            name: summary
            steps:
              - name: check
                branch:
                  if: "input.status = 'broken'"
                  then:
                    - name: refuse
                      fail: { message: "cannot post" }
              - name: answer
                respond: { body: "= input" }
            """;

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private Engine engine;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(3).withCrmRateLimit(0).withHelpdeskUsers(0));
        engine = DemoEngine.open(dataDir, sandbox, config -> config);
    }

    @AfterEach
    void stop() {
        engine.close();
        sandbox.close();
    }

    private Definitions.ApplyResult apply(String hooks) {
        String sync = """
                kind: Sync
                name: hooked
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: id
                  email: properties.email
                  name: "= properties.firstname & ' ' & properties.lastname"
                """ + hooks;
        return engine.definitions().apply(List.of(new SourceText("flows.yaml", FLOWS), new SourceText("hooked.sync.yaml", sync)));
    }

    private RunRecord run() {
        return engine.runs().run(engine.definitions().applied(), new Runs.Request("hooked", null, "test", false), RunListener.NONE).run();
    }

    private List<FlowExecution> executions(String flow) {
        return engine.flows().executions(flow, 10);
    }

    @Test
    void theBeforeFlowRunsAheadOfTheRunAndTheAfterFlowGetsTheRunsOutcome() throws Exception {
        assertThat(apply("""
                hooks:
                  before: { flow: prepare, input: { sync: "= sync", strict: false }, timeout: 30s }
                  after: { flow: summary, input: { sync: "= sync", status: "= run.status", written: "= run.counters.inserted" } }
                """).result().problems()).isEmpty();

        RunRecord run = run();

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        FlowExecution before = executions("prepare").getFirst();
        assertThat(before.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(before.updatedAt()).as("ended before the run started").isBeforeOrEqualTo(run.startedAt());
        assertThat(JSON.readTree(before.input())).isEqualTo(JSON.readTree("{\"sync\": \"hooked\", \"strict\": false}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !executions("summary").isEmpty() && executions("summary").getFirst().finished());
        FlowExecution after = executions("summary").getFirst();
        assertThat(after.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        JsonNode input = JSON.readTree(after.input());
        assertThat(input).isEqualTo(JSON.readTree("{\"sync\": \"hooked\", \"status\": \"succeeded\", \"written\": 3}"));
        assertThat(sandbox.helpdesk().userCount()).isEqualTo(3);
    }

    @Test
    void aFailedBeforeFlowKeepsTheRunFromStartingWithItsReason() {
        assertThat(apply("""
                hooks:
                  before: { flow: prepare, input: { sync: "= sync", strict: true } }
                  after: { flow: summary }
                """).result().problems()).isEmpty();

        assertThatThrownBy(this::run).isInstanceOf(SyncHooks.Failed.class)
                .hasMessageStartingWith("the before hook of sync 'hooked' (flow 'prepare'), execution ")
                .hasMessageEndingWith(", failed: the lookup table is being rebuilt; the run did not start");

        assertThat(sandbox.helpdesk().userCount()).as("nothing written").isZero();
        assertThat(engine.runs().list("hooked", null, 10)).as("no run stored").isEmpty();
        assertThat(executions("summary")).as("no run ended, so no after hook").isEmpty();
    }

    @Test
    void aFailedAfterFlowLeavesTheRunAsItEnded() {
        assertThat(apply("""
                hooks:
                  after: { flow: summary, input: { status: broken } }
                """).result().problems()).isEmpty();

        RunRecord run = run();

        await().atMost(Duration.ofSeconds(30)).until(() -> !executions("summary").isEmpty() && executions("summary").getFirst().finished());
        assertThat(executions("summary").getFirst().status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(engine.runs().get(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aHookNamingAFlowThatIsNotLoadedIsALoadErrorWithItsLine() {
        var problems = apply("""
                hooks:
                  before: { flow: prepair }
                  after: { flow: summary, input: { n: "= $count(" }, timeout: 1m }
                """).result().problems();

        assertThat(problems).extracting(Object::toString).containsExactlyInAnyOrder(
                "hooked.sync.yaml:10:19 hooks.before.flow: unknown flow 'prepair'; did you mean 'prepare'? (flows: prepare, summary)",
                "hooked.sync.yaml:11:39 hooks.after.input.n: " + dev.junction.spec.internal.Expressions.jsonataError("$count("),
                "hooked.sync.yaml:11:54 hooks.after.timeout: unknown key (allowed: flow, input)");
    }
}
