package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.BAD_BRONZE;
import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Faults;
import dev.junction.store.DeadLetter;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replay of more dead letters than one page (100) against the sandbox: the next page's batches
 * start while the last ones of a page are in flight, as in a run of a stream, and every dead letter
 * is marked replayed once, each record written once.
 */
class ReplayPagesTest {
    private final SandboxSyncs syncs = new SandboxSyncs(400);

    @AfterEach
    void close() {
        syncs.close();
    }

    @Test
    void thePagesOfAReplayOverlapAndEachDeadLetterIsReplayedOnce() {
        RunRecord failing = syncs.engine().run(syncs.plan(syncYaml("", BAD_BRONZE, ""), "test"), RunListener.NONE);
        List<DeadLetter> letters = syncs.store.deadLetters().listForRun(failing.id());
        assertThat(letters).as("more than one page of dead letters").hasSizeGreaterThan(100);
        syncs.sandbox.helpdesk().reset();
        // latency on each Helpdesk call: the calls of a page are still in flight when the next page's are sent
        syncs.sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(400)));
        // a page of 100 dead letters is two calls of 50; a third call at once only comes from the next page
        SyncJob fixed = syncs.plan(syncYaml("", PRIORITY, "").replace("concurrency: 2", "concurrency: 3"), "replay");

        SyncEngine.Replay replay = syncs.engine().replay(fixed, DeadLetterSelection.all(SYNC), RunListener.NONE);

        assertThat(replay.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(replay.run().counters().written()).isEqualTo(letters.size());
        assertThat(syncs.writesPerKey()).hasSize(letters.size()).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(syncs.store.deadLetters().open(SYNC, null, 0, 1000)).isEmpty();
        assertThat(letters).allSatisfy(d -> assertThat(syncs.store.deadLetters().find(d.id()).orElseThrow())
                .extracting(DeadLetter::state, DeadLetter::resolvedRun).containsExactly(DeadLetter.State.REPLAYED, replay.run().id()));
        List<ExchangeRecord> calls = syncs.store.exchanges().find(ExchangeQuery.forRun(replay.run().id())).stream()
                .filter(e -> e.url().endsWith("/api/users/batch")).toList();
        assertThat(CallOverlap.mostAtOnce(calls)).isEqualTo(3);
    }
}
