package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow with {@code trigger: { poll }} against the sandbox CRM, through the syncs' poll machinery:
 * the first tick sets the cursor, and each contact changed after it starts one execution with the
 * record as its payload; the poll lists the flow among its subscribers.
 */
class FlowPollTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private QueueSandbox sandbox;
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        sandbox.close();
    }

    @Test
    void eachChangedRecordAPollFindsStartsOneExecutionWithTheRecord() throws Exception {
        sandbox = new QueueSandbox(10);
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, sandbox.env()::get, Clock.systemUTC(), RunQueueTest.SETTINGS));
        List<SourceText> texts = new ArrayList<>(sandbox.definitions(0));
        texts.add(new SourceText("watch.flow.yaml", """
                kind: Flow
                name: watch
                trigger: { poll: { connection: crm, stream: contacts, every: 1s } }
                steps:
                  - name: answer
                    respond: { body: { id: "= input.payload.id", type: "= input.event.type" } }
                """));
        assertThat(engine.definitions().apply(texts).result().problems()).isEmpty();
        engine.runQueue().start();
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.polls().list(null).stream().anyMatch(p -> "baseline".equals(p.lastOutcome())
                || "ok".equals(p.lastOutcome())));
        assertThat(engine.polls().list(null).getFirst().subscribers()).containsExactly("flow:watch");

        List<String> changed = sandbox.sandbox.crm().changeContacts(2);

        await().atMost(Duration.ofSeconds(60)).until(() -> engine.flows().executions("watch", 10).stream().filter(FlowExecution::finished)
                .map(e -> output(e).path("id").asText()).toList().containsAll(changed));
        List<FlowExecution> executions = engine.flows().executions("watch", 10);
        assertThat(executions).hasSize(2).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
            assertThat(output(e).path("type").asText()).isEqualTo(dev.junction.engine.internal.PollRead.EVENT_TYPE);
        });
    }

    private static JsonNode output(FlowExecution e) {
        try {
            return e.output() == null ? JSON.nullNode() : JSON.readTree(e.output());
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }
}
