package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.Sandbox;
import dev.junction.sandbox.SandboxOptions;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow run on one process right after another process applied the connection it calls: its step
 * finds the connection in the store although the process's recent view of the definitions (kept for
 * a second) does not have it yet. Two engines on one embedded store; the second's clock stands still,
 * so its recent view would never expire by itself.
 */
class FlowAcrossNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private Sandbox sandbox;
    private SharedStoreEngines nodes;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmContacts(1).withCrmRateLimit(0).withHelpdeskUsers(0).withHelpdeskRateLimit(0));
        nodes = new SharedStoreEngines(dataDir, DemoEngine.environment(sandbox));
    }

    @AfterEach
    void stop() throws Exception {
        nodes.close();
        sandbox.close();
    }

    @Test
    void aStepFindsAConnectionAppliedAMomentAgoOnAnotherNode() throws Exception {
        Engine a = nodes.embedded(java.time.Clock.systemUTC());
        Engine b = nodes.embedded(new TestClock(Instant.parse("2026-12-07T10:00:00Z")));
        assertThat(a.definitions().apply(List.of(new SourceText("helpdesk.connector.yaml",
                java.nio.file.Files.readString(Path.of("..", "examples", "demo", "helpdesk.connector.yaml"))))).ok()).isTrue();
        assertThat(b.definitions().recent().connections()).as("b's recent view, kept").doesNotContainKey("helpdesk");

        var applied = a.definitions().apply(List.of(new SourceText("flow.yaml", """
                kind: Connection
                name: helpdesk
                connector: helpdesk
                config: { baseUrl: "${env:HELPDESK_URL}" }
                secrets: { apiKey: "${env:HELPDESK_API_KEY}" }
                ---
                kind: Flow
                name: add-user
                steps:
                  - name: create
                    call: { connection: helpdesk, action: upsertUsers, record: { external_id: u-1, email: u1@example.com, name: Ada } }
                """)));
        assertThat(applied.ok()).as(applied.result().problems().toString()).isTrue();

        Flows.Started started = b.flows().start(new Flows.Request("add-user", null, JSON.readTree("{}"), null, "add-1", Flows.Trigger.MANUAL));
        FlowExecution done = b.flows().await(started.execution().id(), Duration.ofSeconds(30));

        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(sandbox.helpdesk().userByExternalId("u-1")).isPresent();
    }
}
