package dev.junction.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.RunListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events of runs' ends, emitted wherever the end is recorded and delivered by the delivery loop
 * of a process whose run queue is started: a run that succeeds emits run.succeeded once; one that
 * dead-letters records emits its capped record.dead_lettered events; one that fails emits
 * run.failed once.
 */
class RunEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final QueueSandbox sandbox = new QueueSandbox(20);
    private WireMockServer subscriber;
    private Engine engine;

    @BeforeEach
    void start() {
        subscriber = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        subscriber.start();
        subscriber.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(200)));
        var env = sandbox.env();
        engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get, Clock.systemUTC(), RunQueueTest.SETTINGS)
                .withEvents(Events.Settings.DEFAULT.withPollInterval(Duration.ofMillis(50)).withDeadLettersPerRun(5)));
        List<SourceText> texts = new ArrayList<>(sandbox.definitions(1));
        texts.add(new SourceText("bad-emails.sync.yaml", """
                kind: Sync
                name: bad-emails
                source: { connection: crm, stream: contacts, mode: full }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: "= 'bad-' & id"
                  email: "= $number(properties.email)"
                onRowError: dead-letter
                """));
        assertThat(engine.definitions().apply(texts).result().problems()).isEmpty();
        engine.events().create("http://127.0.0.1:" + subscriber.port() + "/hooks", List.of("run.*", "record.dead_lettered"), null, null);
    }

    @AfterEach
    void stop() {
        engine.close();
        subscriber.stop();
        sandbox.close();
    }

    private List<JsonNode> received(String type) {
        return subscriber.findAll(postRequestedFor(urlEqualTo("/hooks"))).stream().map(r -> {
            try {
                return JSON.readTree(r.getBodyAsString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(e -> e.get("type").asText().equals(type)).toList();
    }

    @Test
    void aRunThatSucceedsAndOneThatFailsEachEmitTheirEventExactlyOnce() {
        engine.runQueue().start();
        RunRecord succeeded = engine.runs().run(engine.definitions().applied(), new Runs.Request("contacts-00", null, "cli", false), RunListener.NONE).run();
        // a queued run whose sync is gone by its turn ends failed in the queue's worker
        engine.store().runs().enqueue("r-gone", "removed-sync", null, "api", false, Clock.systemUTC().instant());
        engine.runQueue().submit(new Runs.Request("contacts-00", null, "api", false));
        RunQueueTest.awaitEnd(engine, "r-gone");

        await().atMost(Duration.ofSeconds(60)).until(() -> received("run.failed").size() == 1 && received("run.succeeded").size() >= 2);
        assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode success = received("run.succeeded").stream().filter(e -> e.get("data").get("runId").asText().equals(succeeded.id())).findFirst()
                .orElseThrow();
        assertThat(success.get("data").get("status").asText()).isEqualTo("succeeded");
        assertThat(success.get("data").get("sync").asText()).isEqualTo("contacts-00");
        assertThat(success.get("data").get("counters").get("inserted").asLong()).isEqualTo(20);
        assertThat(success.get("data").get("deadLetters").asLong()).isZero();
        JsonNode failure = received("run.failed").getFirst();
        assertThat(failure.get("data").get("runId").asText()).isEqualTo("r-gone");
        assertThat(failure.get("data").get("error").asText()).startsWith("could not run: no sync named 'removed-sync' is applied");
        // nothing more arrives: each end was emitted once
        engine.events().deliverDue();
        assertThat(received("run.succeeded").stream().filter(e -> e.get("data").get("runId").asText().equals(succeeded.id()))).hasSize(1);
        assertThat(received("run.failed")).hasSize(1);
    }

    @Test
    void aRunThatDeadLettersRecordsEmitsTheFirstFewEachAndTheirCountInItsOwnEvent() {
        RunRecord run = engine.runs().run(engine.definitions().applied(), new Runs.Request("bad-emails", null, "cli", false), RunListener.NONE).run();
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);

        while (engine.events().deliverDue() > 0) {
            // until everything due is delivered
        }

        JsonNode partial = received("run.succeeded").getFirst();
        assertThat(partial.get("data").get("status").asText()).isEqualTo("partial");
        assertThat(partial.get("data").get("deadLetters").asLong()).isEqualTo(20);
        List<JsonNode> deadLettered = received("record.dead_lettered");
        assertThat(deadLettered).hasSize(5);
        assertThat(deadLettered.getFirst().get("data").get("runId").asText()).isEqualTo(run.id());
        assertThat(deadLettered.getFirst().get("data").get("reason").asText()).isNotBlank();
    }
}
