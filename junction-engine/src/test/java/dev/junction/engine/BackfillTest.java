package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.junction.sandbox.Contact;
import dev.junction.spec.SourceText;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.sync.BackfillRange;
import dev.junction.sync.RunListener;
import dev.junction.sync.RunTriggers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills against the sandbox CRM (contacts incremental by {@code updatedAt}, filtered by
 * {@code updatedSince}) and Helpdesk, whose ledger says which users were written and how often: a
 * backfill writes exactly the contacts of its range, counts the rest as skipped, leaves the live
 * checkpoint alone, runs as one queued run per chunk, and a chunk stopped midway resumes.
 */
class BackfillTest {
    private static final String SYNC = "contacts-bf";
    private static final String LIVE = "2026-03-01T00:00:00Z";
    private static final BackfillRange RANGE = BackfillRange.parse("2026-01-05", "2026-01-12");

    @TempDir
    Path dataDir;

    private final QueueSandbox sandbox = new QueueSandbox(300);
    private final List<Engine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(Engine::close);
        sandbox.close();
    }

    @Test
    void aBackfillWritesExactlyTheContactsOfItsRangeCountsTheLaterOnesSkippedAndLeavesTheLiveCheckpoint() {
        Engine engine = open();
        apply(engine, false, "incremental");
        engine.store().checkpoints().save(SYNC, "contacts", "", LIVE, Instant.now());

        RunRecord run = engine.backfills().runChunk(engine.definitions().applied(), SYNC, null, RANGE, RunListener.NONE).run();

        Set<String> inRange = contactsUpdated(RANGE.from(), RANGE.to());
        assertThat(inRange).isNotEmpty().hasSizeLessThan(300);
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo(RunTriggers.BACKFILL);
        assertThat(written()).isEqualTo(inRange);
        long fromOn = contactsUpdated(RANGE.from(), Instant.MAX).size();
        assertThat(run.counters().read()).as("the API returns every contact updated since the range's start").isEqualTo(fromOn);
        assertThat(run.counters().inserted()).isEqualTo(inRange.size());
        assertThat(run.counters().skipped()).isEqualTo(fromOn - inRange.size());
        assertThat(run.error()).isEqualTo("backfill of " + RANGE + " (the sync's live checkpoint was neither read nor moved); "
                + (fromOn - inRange.size()) + " record(s) read outside the range were skipped (counted in skipped)");
        assertThat(engine.store().checkpoints().find(SYNC, "contacts", "")).contains(LIVE);
        assertThat(engine.store().checkpoints().find(SYNC, "contacts", RANGE.partition())).as("progress is forgotten once read to the end").isEmpty();
    }

    @Test
    void aBackfillOfASyncWithoutALiveCheckpointCreatesNone() {
        Engine engine = open();
        apply(engine, false, "incremental");

        engine.backfills().runChunk(engine.definitions().applied(), SYNC, null, RANGE, RunListener.NONE);

        assertThat(engine.store().checkpoints().find(SYNC, "contacts", "")).isEmpty();
        assertThat(written()).isEqualTo(contactsUpdated(RANGE.from(), RANGE.to()));
    }

    @Test
    void aChunkedBackfillQueuesOneRunPerChunkAndTogetherTheyWriteTheRangeOnce() {
        Engine engine = open();
        apply(engine, false, "incremental");
        engine.store().checkpoints().save(SYNC, "contacts", "", LIVE, Instant.now());

        Backfills.Queued queued = engine.backfills().submit(new Backfills.Request(SYNC, null, RANGE, Duration.ofDays(2)));

        assertThat(queued.runs()).hasSize(4).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.QUEUED);
            assertThat(r.trigger()).isEqualTo("backfill");
        });
        assertThat(queued.chunks()).extracting(c -> c.from() + ".." + c.to()).containsExactly(
                "2026-01-05T00:00:00Z..2026-01-07T00:00:00Z", "2026-01-07T00:00:00Z..2026-01-09T00:00:00Z",
                "2026-01-09T00:00:00Z..2026-01-11T00:00:00Z", "2026-01-11T00:00:00Z..2026-01-12T00:00:00Z");
        assertThat(engine.backfills().chunkOf(queued.runs().get(2).id())).contains(queued.chunks().get(2));
        engine.runQueue().start();
        List<RunRecord> ended = queued.runs().stream().map(r -> RunQueueTest.awaitEnd(engine, r.id())).toList();

        assertThat(ended).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(ended.stream().mapToLong(r -> r.counters().inserted()).sum()).isEqualTo(contactsUpdated(RANGE.from(), RANGE.to()).size());
        assertThat(written()).isEqualTo(contactsUpdated(RANGE.from(), RANGE.to()));
        assertThat(sandbox.sandbox.helpdesk().writeCountsByKey().values()).as("each user written once").containsOnly(1);
        assertThat(engine.store().checkpoints().find(SYNC, "contacts", "")).contains(LIVE);
    }

    @Test
    void aChunkCancelledMidwayResumesFromItsProgressWhenTheRangeIsBackfilledAgain() {
        sandbox.withHelpdeskLatency(Duration.ofMillis(150));
        Engine engine = open();
        apply(engine, true, "incremental");
        BackfillRange wide = BackfillRange.parse("2026-01-01", "2026-03-01");
        Set<String> inRange = contactsUpdated(wide.from(), wide.to());
        engine.runQueue().start();

        RunRecord first = engine.backfills().submit(new Backfills.Request(SYNC, null, wide, Duration.ofDays(90))).runs().getFirst();
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.store().checkpoints().find(SYNC, "contacts", wide.partition()).isPresent());
        engine.runs().cancel(first.id());
        RunRecord cancelled = RunQueueTest.awaitEnd(engine, first.id());
        String progress = engine.store().checkpoints().find(SYNC, "contacts", wide.partition()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(engine.store().checkpoints().find(SYNC, "contacts", "")).as("the live checkpoint is untouched").isEmpty();

        sandbox.withHelpdeskLatency(Duration.ZERO);
        RunRecord again = RunQueueTest.awaitEnd(engine, engine.backfills().submit(new Backfills.Request(SYNC, null, wide, Duration.ofDays(90)))
                .runs().getFirst().id());

        assertThat(again.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(again.counters().read()).as("resumed from " + progress + ", not from the range's start")
                .isLessThan(inRange.size()).isGreaterThan(0);
        assertThat(written()).isEqualTo(inRange);
        assertThat(sandbox.sandbox.helpdesk().writeCountsByKey().values()).as("no user written twice").containsOnly(1);
        assertThat(engine.store().checkpoints().find(SYNC, "contacts", wide.partition())).isEmpty();
    }

    @Test
    void aSyncThatReadsItsStreamInFullIsRefusedSayingWhy() {
        Engine engine = open();
        apply(engine, false, "full");

        assertThatThrownBy(() -> engine.backfills().submit(new Backfills.Request(SYNC, null, RANGE, null)))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("sync 'contacts-bf' cannot be backfilled: it reads stream 'contacts' in full (source.mode: full) and the stream is not"
                        + " sliced; a backfill reads a past range of an incremental stream (source.mode: incremental, on a stream that declares"
                        + " incremental) or of a sliced stream (slice:)");
        assertThat(engine.runQueue().queued(10)).isEmpty();
    }

    @Test
    void tooManyChunksAreRefusedNamingALargerChunk() {
        Engine engine = open();
        apply(engine, false, "incremental");

        assertThatThrownBy(() -> engine.backfills().submit(new Backfills.Request(SYNC, null, RANGE, Duration.ofMinutes(1))))
                .isInstanceOf(EngineException.Invalid.class)
                .hasMessage("chunk 1m cuts " + RANGE + " into 10080 runs, more than 1000; choose a larger chunk");
    }

    /** The Helpdesk users written, as contact ids. */
    private Set<String> written() {
        return sandbox.sandbox.helpdesk().writeCountsByKey().keySet().stream().map(k -> k.substring("s00-".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The ids of the CRM's contacts whose updatedAt lies in [from, to). */
    private Set<String> contactsUpdated(Instant from, Instant to) {
        Set<String> ids = new TreeSet<>();
        for (int i = 1; i <= 300; i++) {
            Contact c = sandbox.sandbox.crm().contact("c-%05d".formatted(i)).orElseThrow();
            if (!c.updatedAt().isBefore(from) && c.updatedAt().isBefore(to)) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    /** The demo's connectors and connections, and sync contacts-bf in {@code mode}; {@code sorted}: contacts asked for (and declared) in updatedAt order. */
    private void apply(Engine engine, boolean sorted, String mode) {
        List<SourceText> texts = new ArrayList<>();
        for (SourceText t : sandbox.definitions(0)) {
            String text = t.text();
            if (sorted && t.origin().equals("acme-crm.connector.yaml")) {
                text = text.replace("path: /v1/contacts, query: { limit: 50 } }", "path: /v1/contacts, query: { limit: 10, sort: updatedAt } }")
                        .replace("incremental: { cursorField: updatedAt, param: updatedSince }",
                                "incremental: { cursorField: updatedAt, param: updatedSince, sorted: true }");
                assertThat(text).contains("sorted: true").contains("sort: updatedAt");
            }
            texts.add(new SourceText(t.origin(), text));
        }
        texts.add(new SourceText(SYNC + ".sync.yaml", """
                kind: Sync
                name: %s
                source: { connection: crm, stream: contacts, mode: %s }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: "= 's00-' & id"
                  email: properties.email
                  name: "= properties.firstname & ' ' & properties.lastname"
                batch: { size: 5, concurrency: 1 }
                onRowError: dead-letter
                """.formatted(SYNC, mode)));
        Definitions.ApplyResult applied = engine.definitions().apply(texts);
        assertThat(applied.result().problems()).isEmpty();
    }

    private Engine open() {
        Map<String, String> env = sandbox.env();
        Engine engine = Engine.open(new EngineConfig(StoreLocation.embedded(dataDir), dataDir, env::get, Clock.systemUTC(), RunQueueTest.SETTINGS));
        engines.add(engine);
        return engine;
    }
}
