package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.engine.internal.PollRead;
import dev.junction.sandbox.Faults;
import dev.junction.spec.SourceText;
import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.store.RunRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Polling triggers through started run queues, against the sandbox CRM (contacts incremental by
 * updatedAt) and Helpdesk, on the real clock: changes arrive once per subscriber through runs with
 * trigger poll, two subscribers share one cursor, a failing tick moves nothing and the next catches
 * up, a restart keeps the cursor, and two nodes on one PostgreSQL deliver each change once.
 */
class PollQueueTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    private final List<Engine> engines = new ArrayList<>();
    private QueueSandbox sandbox;
    private EmbeddedPostgres postgres;

    @AfterEach
    void close() throws Exception {
        try {
            engines.forEach(Engine::close);
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** The demo's connectors and connections, and syncs {@code polled-a}, {@code polled-b}, ... writing users {@code pa-ID}, {@code pb-ID}, .... */
    private static List<SourceText> definitions(QueueSandbox sandbox, String... subscribers) {
        List<SourceText> texts = new ArrayList<>(sandbox.definitions(0));
        for (String s : subscribers) {
            texts.add(new SourceText("polled-" + s + ".sync.yaml", """
                    kind: Sync
                    name: polled-%s
                    source: { connection: crm, stream: contacts, mode: full }
                    destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                    mapping:
                      external_id: "= 'p%s-' & id"
                      email: properties.email
                      name: "= properties.firstname & ' ' & properties.lastname"
                    batch: { size: 10, concurrency: 1 }
                    on: { poll: { every: 1s } }
                    """.formatted(s, s)));
        }
        return texts;
    }

    private Engine openEmbedded() {
        Engine engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, sandbox.env()::get, Clock.systemUTC(),
                RunQueueTest.SETTINGS));
        engines.add(engine);
        return engine;
    }

    private static Polls.Entry poll(Engine engine) {
        List<Polls.Entry> polls = engine.polls().list(null);
        assertThat(polls).hasSize(1);
        return polls.getFirst();
    }

    /** Waits for a tick that ended after {@code after} with {@code outcome}. */
    private static Polls.Entry awaitTick(Engine engine, Instant after, String outcome) {
        await().atMost(PATIENCE).until(() -> {
            Polls.Entry p = poll(engine);
            return p.lastTickAt() != null && p.lastTickAt().isAfter(after) && outcome.equals(p.lastOutcome());
        });
        return poll(engine);
    }

    /** The poll's inbox events for {@code sync}, by event id. */
    private static Map<String, InboxEvent> events(Engine engine, String sync) {
        Map<String, InboxEvent> events = new TreeMap<>();
        engine.inbox().list(InboxQuery.oldest(1000).withTarget("sync:" + sync)).forEach(e -> events.put(e.eventId(), e));
        return events;
    }

    private void awaitWritten(Map<String, Integer> expected) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Integer> writes = new TreeMap<>(sandbox.sandbox.helpdesk().writeCountsByKey());
            assertThat(writes).isEqualTo(expected);
        });
    }

    @Test
    void changesArriveOncePerSubscriberThroughPollRunsAndTwoSubscribersShareOneCursor() {
        sandbox = new QueueSandbox(20);
        Engine engine = openEmbedded();
        assertThat(engine.definitions().apply(definitions(sandbox, "a", "b")).result().problems()).isEmpty();
        engine.runQueue().start();

        Polls.Entry baseline = awaitTick(engine, Instant.EPOCH, "baseline");
        assertThat(baseline.subscribers()).containsExactly("polled-a", "polled-b");
        assertThat(baseline.connection()).isEqualTo("crm");
        assertThat(baseline.cursor()).isNotNull();
        assertThat(baseline.lastEvents()).as("a baseline stores no event").isZero();
        assertThat(baseline.lastRecords()).isEqualTo(20);

        List<String> changed = sandbox.sandbox.crm().changeContacts(3);
        Map<String, Integer> expected = new TreeMap<>();
        changed.forEach(id -> {
            expected.put("pa-" + id, 1);
            expected.put("pb-" + id, 1);
        });
        awaitWritten(expected);
        // a few more ticks read the changed contacts again (the CRM's updatedSince is "at or after"): none is stored twice
        Instant written = Instant.now();
        awaitTick(engine, written, "ok");
        Polls.Entry later = awaitTick(engine, poll(engine).lastTickAt(), "ok");
        assertThat(later.lastEvents()).isZero();
        assertThat(later.cursor()).isGreaterThan(baseline.cursor());

        Map<String, InboxEvent> a = events(engine, "polled-a");
        Map<String, InboxEvent> b = events(engine, "polled-b");
        assertThat(a.keySet()).as("one event per change, the same for both subscribers").isEqualTo(b.keySet()).hasSize(3);
        assertThat(a.values()).allSatisfy(e -> {
            assertThat(e.eventType()).isEqualTo(PollRead.EVENT_TYPE);
            assertThat(e.eventId()).startsWith(PollRead.eventId("contacts", e.recordKey(), ""));
            assertThat(e.status()).isEqualTo(InboxEvent.Status.DONE);
        });
        assertThat(a.values()).extracting(InboxEvent::recordKey).containsExactlyInAnyOrderElementsOf(changed);
        List<RunRecord> runs = engine.runs().list(null, null, 100);
        assertThat(runs).isNotEmpty().allSatisfy(r -> assertThat(r.trigger()).isEqualTo("poll"));
        assertThat(runs.stream().filter(r -> r.sync().equals("polled-a")).mapToLong(r -> r.counters().written()).sum()).isEqualTo(3);
        assertThat(sandbox.sandbox.helpdesk().writeCountsByKey()).isEqualTo(expected);
    }

    @Test
    void aFailingTickMovesNoCursorAndTheNextTickCatchesUp() {
        sandbox = new QueueSandbox(10);
        Engine engine = openEmbedded();
        assertThat(engine.definitions().apply(definitions(sandbox, "a")).result().problems()).isEmpty();
        engine.runQueue().start();
        Polls.Entry baseline = awaitTick(engine, Instant.EPOCH, "baseline");

        sandbox.sandbox.crm().setFaults(Faults.NONE.withErrorRate(1.0));
        List<String> changed = sandbox.sandbox.crm().changeContacts(2);
        Polls.Entry failed = awaitTick(engine, baseline.lastTickAt(), "failed");
        assertThat(failed.cursor()).isEqualTo(baseline.cursor());
        assertThat(failed.lastReason()).contains("still failed with HTTP 5");
        assertThat(sandbox.sandbox.helpdesk().writeCountsByKey()).isEmpty();

        sandbox.sandbox.crm().setFaults(Faults.NONE);
        Map<String, Integer> expected = new TreeMap<>();
        changed.forEach(id -> expected.put("pa-" + id, 1));
        awaitWritten(expected);
        assertThat(poll(engine).cursor()).isGreaterThan(baseline.cursor());
    }

    @Test
    void aRestartKeepsTheCursorSoAChangeMadeWhileDownArrives() {
        sandbox = new QueueSandbox(10);
        Engine first = openEmbedded();
        assertThat(first.definitions().apply(definitions(sandbox, "a")).result().problems()).isEmpty();
        first.runQueue().start();
        String cursor = awaitTick(first, Instant.EPOCH, "baseline").cursor();
        first.close();
        engines.remove(first);

        List<String> changed = sandbox.sandbox.crm().changeContacts(2);
        Engine second = openEmbedded();
        assertThat(poll(second).cursor()).isEqualTo(cursor);
        second.runQueue().start();

        Map<String, Integer> expected = new TreeMap<>();
        changed.forEach(id -> expected.put("pa-" + id, 1));
        awaitWritten(expected);
        assertThat(events(second, "polled-a")).hasSize(2);
    }

    @Test
    void twoNodesOnOnePostgresqlPollingOneStreamDeliverEachChangeOncePerSubscriber() throws Exception {
        sandbox = new QueueSandbox(10);
        postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
        Engine a = openOnPostgres();
        Engine b = openOnPostgres();
        assertThat(a.definitions().apply(definitions(sandbox, "a", "b")).result().problems()).isEmpty();
        a.runQueue().start();
        b.runQueue().start();
        Polls.Entry baseline = awaitTick(a, Instant.EPOCH, "baseline");

        Map<String, Integer> expected = new TreeMap<>();
        for (int round = 0; round < 3; round++) {
            for (String id : sandbox.sandbox.crm().changeContacts(4)) {
                expected.merge("pa-" + id, 1, Integer::sum);
                expected.merge("pb-" + id, 1, Integer::sum);
            }
            awaitWritten(expected);
        }

        // a run marks its events done just after its last write, which awaitWritten may see first
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(events(b, "polled-a")).hasSize(12)
                .allSatisfy((id, e) -> assertThat(e.status()).isEqualTo(InboxEvent.Status.DONE)));
        assertThat(events(b, "polled-b").keySet()).isEqualTo(events(a, "polled-a").keySet());
        assertThat(b.polls().list(null)).singleElement().satisfies(p -> assertThat(p.cursor()).isGreaterThan(baseline.cursor()));
    }

    private Engine openOnPostgres() {
        Engine engine = sandbox.openOnPostgres(postgres);
        engines.add(engine);
        return engine;
    }
}
