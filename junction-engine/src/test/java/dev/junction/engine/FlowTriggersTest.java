package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.spec.SourceText;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.ScheduleTick;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flows started by a schedule, through the same scheduler as syncs' schedules: a fire starts one
 * execution with the fire's time as its input (a fire handled twice starts it once), is recorded
 * in the schedule's history with the execution, and the flow's schedule is listed with the others;
 * a trigger's mistakes are load errors with file and line. (Webhook-triggered flows are tested over
 * HTTP in the server's FlowTriggersTest.)
 */
class FlowTriggersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-05-04T10:00:00Z");

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(START);
    private Engine engine;

    @BeforeEach
    void start() {
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, Map.<String, String>of()::get, clock, RunQueueTest.SETTINGS));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private List<dev.junction.spec.SpecProblem> apply(String trigger) {
        return engine.definitions().apply(List.of(new SourceText("tick.flow.yaml", """
                kind: Flow
                name: tick
                """ + trigger + """
                steps:
                  - name: answer
                    respond: { body: { at: "= input.scheduledAt" } }
                """))).result().problems();
    }

    @Test
    void aScheduleFireStartsOneExecutionWithTheFiresTimeAndIsRecordedWithIt() throws Exception {
        assertThat(apply("trigger: { manual: {}, schedule: { every: 1m } }\n")).isEmpty();
        String timing = engine.definitions().applied().flows().get("tick").trigger().schedule().timing();

        var next = engine.schedules().fires().fire("flow:tick", timing, START);
        engine.schedules().fires().fire("flow:tick", timing, START); // the same fire again: no second execution

        assertThat(next.at()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        List<FlowExecution> executions = engine.flows().executions("tick", 10);
        assertThat(executions).hasSize(1);
        FlowExecution done = engine.flows().await(executions.getFirst().id(), Duration.ofSeconds(30));
        assertThat(done.status()).isEqualTo(FlowExecutionStatus.SUCCEEDED);
        assertThat(JSON.readTree(done.input())).isEqualTo(JSON.createObjectNode().put("trigger", "schedule").put("scheduledAt", START.toString()));
        ScheduleTick tick = engine.store().schedules().ticks("flow:tick", null, 10).getFirst();
        assertThat(tick.outcome()).isEqualTo("queued");
        assertThat(tick.runId()).isEqualTo(done.id());
        assertThat(engine.schedules().list(null, null)).extracting(Schedules.Entry::sync).contains("flow:tick");
    }

    @Test
    void aFlowWhoseScheduleIsGoneHasItsFireRemoved() {
        assertThat(apply("trigger: { schedule: { every: 1m } }\n")).isEmpty();
        String timing = engine.definitions().applied().flows().get("tick").trigger().schedule().timing();
        assertThat(apply("trigger: { manual: {} }\n")).isEmpty();

        assertThat(engine.schedules().fires().fire("flow:tick", timing, START)).isNull();
        assertThat(engine.flows().executions("tick", 10)).isEmpty();
    }

    @Test
    void aTriggersMistakesAreLoadErrorsWithTheirLine() {
        assertThat(apply("trigger: { schedule: \"not a cron\" }\n")).extracting(Object::toString).singleElement().asString()
                .startsWith("tick.flow.yaml:3:22 trigger.schedule: 'not a cron' is not a cron expression");
        assertThat(apply("trigger: { webhook: { connection: nowhere, events: [deal.*] } }\n")).extracting(Object::toString).singleElement()
                .asString().startsWith("tick.flow.yaml:3:35 trigger.webhook.connection: unknown connection 'nowhere'");
    }
}
