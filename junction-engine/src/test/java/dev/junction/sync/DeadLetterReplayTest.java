package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.BAD_BRONZE;
import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dead letters keep their source record, and a replay maps it again with the current mapping and
 * writes it through the current connection, as a run of its own.
 */
class DeadLetterReplayTest {
    private final SandboxSyncs syncs = new SandboxSyncs(150);
    private RunRecord failing;
    private List<DeadLetter> letters;

    @BeforeEach
    void runWithAMappingTheHelpdeskRefusesForBronzeContacts() {
        failing = syncs.engine().run(syncs.plan(syncYaml("", BAD_BRONZE, ""), "test"), RunListener.NONE);
        letters = syncs.store.deadLetters().listForRun(failing.id());
    }

    @AfterEach
    void close() {
        syncs.close();
    }

    @Test
    void aFailedWriteIsStoredWithItsReasonMappedPayloadAndSourceRecord() throws Exception {
        assertThat(failing.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(letters).hasSize((int) failing.counters().failed()).isNotEmpty();
        DeadLetter first = letters.getFirst();
        JsonNode source = syncs.json.readTree(first.source());
        JsonNode payload = syncs.json.readTree(first.payload());
        assertThat(source.path("id").asText()).isEqualTo(first.recordKey());
        assertThat(source.path("properties").path("tier").asText()).isEqualTo("bronze");
        assertThat(payload.path("priority").asInt()).isEqualTo(7);
        assertThat(first.reason()).contains("priority must be 1, 2 or 3, got 7");
        assertThat(first.state()).isEqualTo(DeadLetter.State.OPEN);
    }

    @Test
    void replayingAfterTheMappingIsFixedWritesEveryRecordOnceAndMarksTheDeadLettersReplayed() {
        SyncJob fixed = syncs.plan(syncYaml("", PRIORITY, ""), "replay");

        SyncEngine.Replay replay = syncs.engine().replay(fixed, DeadLetterSelection.all(SYNC), RunListener.NONE);

        RunRecord run = replay.run();
        assertThat(run.trigger()).isEqualTo("replay");
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().read()).isEqualTo(letters.size());
        assertThat(run.counters().written()).isEqualTo(letters.size());
        assertThat(replay.unreplayable()).isEmpty();
        assertThat(syncs.store.runs().find(run.id()).orElseThrow().trigger()).isEqualTo("replay");
        assertThat(syncs.store.deadLetters().open(SYNC, null, 0, 1000)).isEmpty();
        assertThat(letters).allSatisfy(d -> assertThat(syncs.store.deadLetters().find(d.id()).orElseThrow())
                .extracting(DeadLetter::state, DeadLetter::resolvedRun).containsExactly(DeadLetter.State.REPLAYED, run.id()));
        assertThat(syncs.writesPerKey()).hasSize(150).allSatisfy((key, n) -> assertThat(n).isOne());
        letters.forEach(d -> assertThat(syncs.sandbox.helpdesk().userByExternalId(d.recordKey()).orElseThrow().priority()).isEqualTo(3));

        SyncEngine.Replay again = syncs.engine().replay(fixed, DeadLetterSelection.all(SYNC), RunListener.NONE);
        assertThat(again.run().counters().read()).isZero();
    }

    @Test
    void aReplayExpectsAsManyRecordsAsItSelectedDeadLetters() {
        SyncJob fixed = syncs.plan(syncYaml("", PRIORITY, ""), "replay");
        List<ExpectedTotal> expected = new java.util.concurrent.CopyOnWriteArrayList<>();
        RunListener watching = new RunListener() {
            @Override
            public void progress(dev.junction.store.RunCounters counters, java.time.Duration elapsed, ExpectedTotal total) {
                expected.add(total);
            }
        };

        syncs.engine().replay(fixed, DeadLetterSelection.ofIds(SYNC, List.of(letters.get(0).id(), letters.get(1).id())), watching);
        assertThat(expected).isNotEmpty().allSatisfy(total -> assertThat(total).isEqualTo(new ExpectedTotal(2, ExpectedTotal.Basis.DEAD_LETTERS)));

        expected.clear();
        syncs.engine().replay(fixed, DeadLetterSelection.all(SYNC), watching);
        assertThat(expected).isNotEmpty()
                .allSatisfy(total -> assertThat(total).isEqualTo(new ExpectedTotal(letters.size() - 2, ExpectedTotal.Basis.DEAD_LETTERS)));
    }

    @Test
    void aRecordThatFailsAgainIsANewDeadLetterOfTheReplayRunAndTheOldOneIsResolved() {
        SyncEngine.Replay replay = syncs.engine().replay(syncs.plan(syncYaml("", BAD_BRONZE, ""), "replay"), DeadLetterSelection.all(SYNC),
                RunListener.NONE);

        assertThat(replay.run().status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(replay.run().counters().failed()).isEqualTo(letters.size());
        List<DeadLetter> renewed = syncs.store.deadLetters().listForRun(replay.run().id());
        assertThat(renewed).extracting(DeadLetter::recordKey).containsExactlyInAnyOrderElementsOf(letters.stream().map(DeadLetter::recordKey).toList());
        assertThat(syncs.store.deadLetters().open(SYNC, null, 0, 1000)).containsExactlyInAnyOrderElementsOf(renewed);
    }

    @Test
    void replayingOneIdOrOneRunTakesOnlyThoseDeadLetters() {
        SyncJob fixed = syncs.plan(syncYaml("", PRIORITY, ""), "replay");
        DeadLetter chosen = letters.get(1);

        SyncEngine.Replay one = syncs.engine().replay(fixed, DeadLetterSelection.ofIds(SYNC, List.of(chosen.id())), RunListener.NONE);

        assertThat(one.run().counters().read()).isOne();
        assertThat(syncs.store.deadLetters().open(SYNC, null, 0, 1000)).hasSize(letters.size() - 1)
                .extracting(DeadLetter::id).doesNotContain(chosen.id());

        SyncEngine.Replay ofRun = syncs.engine().replay(fixed, DeadLetterSelection.ofRun(SYNC, failing.id()), RunListener.NONE);
        assertThat(ofRun.run().counters().read()).isEqualTo(letters.size() - 1);
        assertThat(syncs.store.deadLetters().open(SYNC, null, 0, 1000)).isEmpty();
    }

    @Test
    void aDeadLetterWithoutASourceRecordStaysOpenAndIsReported() {
        syncs.store.deadLetters().add(new DeadLetter(0, failing.startedAt(), failing.id(), SYNC, "c-old", "stored before V3", "{}"));
        long oldId = syncs.store.deadLetters().open(SYNC, null, 0, 1000).getLast().id();

        SyncEngine.Replay replay = syncs.engine().replay(syncs.plan(syncYaml("", PRIORITY, ""), "replay"), DeadLetterSelection.all(SYNC),
                RunListener.NONE);

        assertThat(replay.unreplayable()).containsExactly(oldId);
        assertThat(replay.run().counters().read()).isEqualTo(letters.size());
        assertThat(syncs.store.deadLetters().open(SYNC, null, 0, 1000)).extracting(DeadLetter::id).containsExactly(oldId);
    }
}
