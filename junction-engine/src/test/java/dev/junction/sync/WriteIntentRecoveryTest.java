package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.WriteIntent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A process that dies around a destination call leaves a write intent; the next run sends that
 * batch again with the same idempotency key before reading, so the Helpdesk applies it once. The
 * death is simulated at an exact point by a sink that stops the run right before or right after
 * the real call (a kill -9 cannot be placed that precisely; CrashSafetyTest kills real processes).
 */
class WriteIntentRecoveryTest {
    private static final String DIED = "simulated crash: the process died here";
    private final SandboxSyncs syncs = new SandboxSyncs(300);

    @AfterEach
    void close() {
        syncs.close();
    }

    @Test
    void aBatchTheDestinationAppliedBeforeTheProcessDiedIsSentAgainWithItsKeyAndAppliedOnce() {
        RunRecord died = syncs.engine().run(dyingOnThirdCall(true), RunListener.NONE);

        assertThat(died.status()).isEqualTo(RunStatus.FAILED);
        assertThat(died.error()).isEqualTo(DIED);
        List<WriteIntent> left = syncs.store.writeIntents().find(SYNC);
        assertThat(left).singleElement().satisfies(intent -> {
            assertThat(intent.keys()).isEqualTo(keys(101, 150));
            assertThat(intent.runId()).isEqualTo(died.id());
            assertThat(intent.idempotencyKey()).matches("[0-9a-f]{64}");
        });
        assertThat(syncs.writesPerKey()).hasSize(150);

        RunRecord next = syncs.engine().run(syncs.plan(syncYaml("", PRIORITY, ""), "test"), RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.counters().unchanged()).isEqualTo(150);
        assertThat(next.counters().written()).isEqualTo(150);
        assertThat(syncs.writesPerKey()).hasSize(300).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(syncs.store.writeIntents().find(SYNC)).isEmpty();
        assertThat(syncs.store.fingerprints().count(SYNC)).isEqualTo(300);
    }

    @Test
    void aBatchSavedButNeverSentIsAppliedByTheNextRun() {
        RunRecord died = syncs.engine().run(dyingOnThirdCall(false), RunListener.NONE);

        assertThat(died.status()).isEqualTo(RunStatus.FAILED);
        assertThat(syncs.store.writeIntents().find(SYNC)).singleElement().extracting(WriteIntent::keys).isEqualTo(keys(101, 150));
        assertThat(syncs.writesPerKey()).hasSize(100);

        RunRecord next = syncs.engine().run(syncs.plan(syncYaml("", PRIORITY, ""), "test"), RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.counters().unchanged()).isEqualTo(150);
        assertThat(syncs.writesPerKey()).hasSize(300).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(syncs.sandbox.helpdesk().userByExternalId("c-00101")).isPresent();
        assertThat(syncs.store.writeIntents().find(SYNC)).isEmpty();
    }

    @Test
    void intentsLeftForAnActionThatNoLongerTakesKeysAreDroppedAndTheReadSendsTheirRecordsAgain() {
        syncs.engine().run(dyingOnThirdCall(true), RunListener.NONE);
        SyncJob job = syncs.plan(syncYaml("", PRIORITY, ""), "test");
        RecordSink keyless = new RecordSink() {
            @Override
            public int maxBatchSize() {
                return job.sink().maxBatchSize();
            }

            @Override
            public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId) {
                return job.sink().write(records, keys, runId);
            }
        };

        RunRecord next = syncs.engine().run(withSink(job, keyless), RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(syncs.store.writeIntents().find(SYNC)).isEmpty();
        // without a key the batch the Helpdesk applied before the crash is applied again: the case the key exists for
        assertThat(syncs.writesPerKey()).hasSize(300);
        assertThat(syncs.writesPerKey().entrySet().stream().filter(e -> e.getValue() == 2).map(java.util.Map.Entry::getKey).toList())
                .isEqualTo(keys(101, 150));
    }

    @Test
    void aRunWithoutAKilledPredecessorLeavesNoIntentsBehind() {
        RunRecord run = syncs.engine().run(syncs.plan(syncYaml("", PRIORITY, ""), "test"), RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(syncs.store.writeIntents().find(SYNC)).isEmpty();
        assertThat(syncs.writesPerKey()).hasSize(300).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    /** The demo sync, whose third destination call ends the run: after the Helpdesk answered it, or before it was sent. */
    private SyncJob dyingOnThirdCall(boolean afterTheCall) {
        SyncJob job = syncs.plan(syncYaml("", PRIORITY, ""), "test");
        RecordSink real = job.sink();
        AtomicInteger calls = new AtomicInteger();
        RecordSink dying = new RecordSink() {
            @Override
            public int maxBatchSize() {
                return real.maxBatchSize();
            }

            @Override
            public boolean takesIdempotencyKey() {
                return real.takesIdempotencyKey();
            }

            @Override
            public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId) {
                return write(records, keys, runId, null);
            }

            @Override
            public List<Outcome> write(List<JsonNode> records, List<String> keys, String runId, String idempotencyKey) {
                boolean last = calls.incrementAndGet() == 3;
                if (last && !afterTheCall) {
                    throw new IllegalStateException(DIED);
                }
                List<Outcome> outcomes = real.write(records, keys, runId, idempotencyKey);
                if (last) {
                    throw new IllegalStateException(DIED);
                }
                return outcomes;
            }
        };
        // one call at a time: with two, the next page's first batch may already be on its way when the third call dies
        SyncJob oneAtATime = new SyncJob(job.sync(), job.stream(), job.source(), job.mapper(), job.sink(), job.destinationKey(), job.sourceKey(),
                job.cursorField(), new dev.junction.spec.SyncSpec.Batch(job.batch().size(), 1), job.onRowError(), job.trigger(), job.metrics(),
                job.writeMode(), job.limits());
        return withSink(oneAtATime, dying);
    }

    private static SyncJob withSink(SyncJob job, RecordSink sink) {
        return new SyncJob(job.sync(), job.stream(), job.source(), job.mapper(), sink, job.destinationKey(), job.sourceKey(), job.cursorField(),
                job.batch(), job.onRowError(), job.trigger(), job.metrics(), job.writeMode(), job.limits());
    }

    private static List<String> keys(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj("c-%05d"::formatted).toList();
    }
}
