package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.junction.sandbox.Faults;
import dev.junction.sandbox.HelpdeskUser;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.store.DeadLetter;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode mirror against the sandbox Helpdesk: a JSON Lines file is the source (so a test can take
 * records away), the Helpdesk's batch delete and patch endpoints take the deletes, or its
 * {@code DELETE /api/users/by-external-id/{external_id}} one user per call.
 */
class MirrorSyncTest {
    private static final String HARD = ", mode: mirror, deleteAction: deleteUsers, maxDeletePercent: 25";
    private static final String SINGLE = ", mode: mirror, deleteAction: deleteUser, maxDeletePercent: 50";
    private static final String SOFT = ", mode: mirror, delete: soft, deleteAction: patchUsers, softDelete: { field: deleted, value: true }";

    @TempDir
    Path work;

    private final SandboxSyncs syncs = new SandboxSyncs(1);

    @AfterEach
    void close() {
        syncs.close();
    }

    private Path file(int from, int to) throws IOException {
        Path file = work.resolve("users.jsonl");
        Files.writeString(file, IntStream.range(from, to)
                .mapToObj(i -> "{\"id\": \"k%02d\", \"email\": \"user%d@example.com\", \"name\": \"User %d\"}".formatted(i, i, i))
                .collect(Collectors.joining("\n")));
        return file;
    }

    private String yaml(Path file, String destination) {
        return yaml(file, destination, "batch: { size: 5 }");
    }

    private String yaml(Path file, String destination, String batch) {
        return """
                kind: Sync
                name: contacts
                source: { file: { path: "%s", primaryKey: id } }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id%s }
                mapping:
                  external_id: id
                  email: email
                  name: name
                %s
                """.formatted(file.toString().replace("\\", "/"), destination, batch);
    }

    private RunRecord run(Path file, String destination) {
        return syncs.engine().run(syncs.plan(yaml(file, destination), "test"), RunListener.NONE);
    }

    private List<String> deletesInLedger() {
        return syncs.sandbox.helpdesk().ledger().stream().filter(e -> e.endpoint().equals("users.delete")).map(LedgerEntry::key).toList();
    }

    @Test
    void hardDeletesTheRecordsGoneFromAFullReadAndInsertsOneThatComesBack() throws IOException {
        assertThat(run(file(0, 20), HARD).counters()).isEqualTo(new RunCounters(20, 20, 0, 0, 0, 0, 0, 0, 0));

        RunRecord second = run(file(0, 17), HARD);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.counters()).isEqualTo(new RunCounters(17, 0, 0, 17, 0, 3, 0, 0, 0));
        assertThat(deletesInLedger()).containsExactly("k17", "k18", "k19");
        assertThat(syncs.sandbox.helpdesk().userByExternalId("k18")).isEmpty();
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(17);
        assertThat(syncs.store.fingerprints().count(SandboxSyncs.SYNC)).isEqualTo(17);
        assertThat(syncs.store.runs().find(second.id()).orElseThrow().counters().deleted()).isEqualTo(3);

        RunRecord third = run(file(0, 18), HARD);
        assertThat(third.counters()).isEqualTo(new RunCounters(18, 1, 0, 17, 0, 0, 0, 0, 0));
        assertThat(syncs.sandbox.helpdesk().userByExternalId("k17")).isPresent();
    }

    @Test
    void softDeleteSetsTheFieldThroughThePatchActionAndKeepsTheUser() throws IOException {
        run(file(0, 10), SOFT);

        RunRecord second = run(file(0, 9), SOFT);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.counters().deleted()).isEqualTo(1);
        HelpdeskUser gone = syncs.sandbox.helpdesk().userByExternalId("k09").orElseThrow();
        assertThat(gone.deleted()).isTrue();
        assertThat(syncs.sandbox.helpdesk().userByExternalId("k08").orElseThrow().deleted()).isFalse();
        assertThat(syncs.sandbox.helpdesk().ledger().getLast().payload()).isEqualTo(Map.of("external_id", "k09", "deleted", true));
        assertThat(run(file(0, 9), SOFT).counters().deleted()).as("a soft-deleted key is forgotten, not deleted again").isZero();
    }

    @Test
    void refusesToDeleteMoreThanTheCapAndDeletesEverythingWhenForced() throws IOException {
        run(file(0, 20), HARD);

        RunRecord refused = run(file(0, 10), HARD);

        assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
        assertThat(refused.error()).isEqualTo("mode mirror: 10 of the 20 records this sync wrote before (50.0%) are gone from the source, more than "
                + "destination.maxDeletePercent (25%); nothing was deleted. If they are really gone, run again with: junction run contacts --force-deletes");
        assertThat(refused.counters().deleted()).isZero();
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(20);
        assertThat(deletesInLedger()).isEmpty();

        RunRecord forced = syncs.engine().run(syncs.plan(yaml(file(0, 10), HARD), "test").withForcedDeletes(), RunListener.NONE);

        assertThat(forced.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(forced.counters().deleted()).isEqualTo(10);
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(10);
    }

    @Test
    void aReadThatFailsDeletesNothing() throws IOException {
        run(file(0, 10), HARD);
        Path broken = file(0, 9);
        Files.writeString(broken, Files.readString(broken) + "\n{not json");

        RunRecord failed = run(broken, HARD);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.counters().deleted()).isZero();
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(10);
    }

    @Test
    void aRecordWithoutADestinationKeyStopsTheDeletesWithANote() throws IOException {
        run(file(0, 10), HARD);
        Path file = file(0, 9);
        Files.writeString(file, Files.readString(file) + "\n{\"email\": \"nokey@example.com\"}");

        RunRecord partial = run(file, HARD);

        assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(partial.counters().deleted()).isZero();
        assertThat(partial.error()).isEqualTo("mode mirror: nothing was deleted, because 1 record(s) failed before they had a destination key, so "
                + "which records are gone cannot be told; fix them (see the dead letters) and run again");
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(10);
    }

    @Test
    void aRecordAlreadyGoneAtTheDestinationCountsAsDeleted() throws Exception {
        run(file(0, 10), HARD);
        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(syncs.sandbox.helpdesk().baseUrl() + "/api/users/by-external-id/k09"))
                .header("X-Api-Key", syncs.sandbox.helpdesk().apiKey()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deletesInLedger()).containsExactly("k09");

        // as after a crash between the delete and the removal of its fingerprint
        RunRecord run = run(file(0, 9), HARD);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().deleted()).isEqualTo(1);
        assertThat(syncs.store.fingerprints().count(SandboxSyncs.SYNC)).isEqualTo(9);
        assertThat(run(file(0, 9), HARD).counters().deleted()).isZero();
    }

    @Test
    void aFailedDeleteIsADeadLetterThatAReplayDeletesAgain() throws IOException {
        run(file(0, 10), HARD);
        syncs.sandbox.helpdesk().hold("k08", true);

        RunRecord partial = run(file(0, 8), HARD);

        assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(partial.counters()).isEqualTo(new RunCounters(8, 0, 0, 8, 1, 1, 0, 0, 0));
        List<DeadLetter> letters = syncs.store.deadLetters().listForRun(partial.id());
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DeadLetter.Kind.DELETE);
            assertThat(d.recordKey()).isEqualTo("k08");
            assertThat(d.reason()).isEqualTo("delete failed: user k08 is on legal hold and cannot be deleted");
            assertThat(d.payload()).isEqualTo("{\"external_id\":\"k08\"}");
        });
        assertThat(syncs.sandbox.helpdesk().userByExternalId("k08")).isPresent();

        syncs.sandbox.helpdesk().hold("k08", false);
        SyncEngine.Replay replay = syncs.engine().replay(syncs.plan(yaml(file(0, 8), HARD), "replay"),
                DeadLetterSelection.ofRun(SandboxSyncs.SYNC, partial.id()), RunListener.NONE);

        assertThat(replay.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(replay.run().counters().deleted()).isEqualTo(1);
        assertThat(replay.unreplayable()).isEmpty();
        assertThat(syncs.sandbox.helpdesk().userByExternalId("k08")).isEmpty();
        assertThat(syncs.store.deadLetters().find(letters.getFirst().id()).orElseThrow().state()).isEqualTo(DeadLetter.State.REPLAYED);
        assertThat(syncs.store.fingerprints().count(SandboxSyncs.SYNC)).isEqualTo(8);
    }

    @Test
    void aDryRunShowsWhatWouldBeDeletedAndDeletesNothing() throws IOException {
        run(file(0, 10), HARD);

        DryRun dry = syncs.engine().dryRun(syncs.plan(yaml(file(0, 8), HARD), "dry-run"), 3, RunListener.NONE);

        assertThat(dry.run().counters().deleted()).isEqualTo(2);
        assertThat(dry.samples()).extracting(DryRun.Sample::change, DryRun.Sample::key)
                .containsExactly(tuple(DryRun.Change.DELETE, "k08"), tuple(DryRun.Change.DELETE, "k09"));
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(10);
        assertThat(syncs.store.fingerprints().count(SandboxSyncs.SYNC)).isEqualTo(10);
    }

    @Test
    void aRunThatStopsMidDeleteLeavesTheRestToTheNextRunWhichDeletesEachOnce() throws IOException {
        String cap50 = HARD.replace("25", "50");
        run(file(0, 20), cap50);
        SyncJob job = syncs.plan(yaml(file(0, 12), cap50), "test");
        Deletes deletes = job.deletes();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        RecordSink dying = new RecordSink() {
            @Override
            public int maxBatchSize() {
                return deletes.sink().maxBatchSize();
            }

            @Override
            public List<Outcome> write(List<com.fasterxml.jackson.databind.JsonNode> records, List<String> keys, String runId) {
                calls.incrementAndGet();
                if (keys.contains("k17")) { // the second of two batches; both may be in flight at once
                    throw new IllegalStateException("connection to the Helpdesk lost");
                }
                return deletes.sink().write(records, keys, runId);
            }
        };
        SyncJob stopping = new SyncJob(job.sync(), job.stream(), job.source(), job.mapper(), job.sink(), job.destinationKey(), job.sourceKey(),
                job.cursorField(), job.batch(), job.onRowError(), job.trigger(), job.metrics(), job.writeMode(), job.limits(),
                new Deletes(dying, null, null, deletes.maxPercent(), false, true));

        RunRecord firstRun = syncs.engine().run(stopping, RunListener.NONE);

        assertThat(firstRun.status()).isEqualTo(RunStatus.FAILED);
        assertThat(firstRun.error()).isEqualTo("connection to the Helpdesk lost");
        assertThat(calls).hasValue(2);
        assertThat(firstRun.counters().deleted()).isEqualTo(5);
        assertThat(syncs.store.runs().find(firstRun.id()).orElseThrow().counters().deleted()).isEqualTo(5);

        RunRecord second = run(file(0, 12), cap50);

        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.counters().deleted()).isEqualTo(3);
        assertThat(deletesInLedger()).containsExactlyInAnyOrder("k12", "k13", "k14", "k15", "k16", "k17", "k18", "k19");
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(12);
    }

    @Test
    void hardDeletesOneUserPerCallWithTheKeyInThePath() throws Exception {
        run(file(0, 10), SINGLE);
        syncs.sandbox.helpdesk().hold("k08", true);
        HttpResponse<String> gone = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(syncs.sandbox.helpdesk().baseUrl() + "/api/users/by-external-id/k09"))
                .header("X-Api-Key", syncs.sandbox.helpdesk().apiKey()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(204);

        RunRecord partial = run(file(0, 7), SINGLE);

        // k07 answered 204, k09 404 (already gone, so deleted), k08 409 (on legal hold, a dead letter)
        assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(partial.counters()).isEqualTo(new RunCounters(7, 0, 0, 7, 1, 2, 0, 0, 0));
        assertThat(deletesInLedger()).containsExactly("k09", "k07");
        assertThat(syncs.sandbox.helpdesk().userByExternalId("k07")).isEmpty();
        assertThat(syncs.sandbox.helpdesk().userByExternalId("k08")).isPresent();
        assertThat(syncs.store.deadLetters().listForRun(partial.id())).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DeadLetter.Kind.DELETE);
            assertThat(d.recordKey()).isEqualTo("k08");
            assertThat(d.reason()).startsWith("delete failed: ").contains("409").contains("user k08 is on legal hold and cannot be deleted");
            assertThat(d.payload()).isEqualTo("{\"external_id\":\"k08\"}");
        });
        assertThat(syncs.store.exchanges().find(dev.junction.store.ExchangeQuery.forRun(partial.id())))
                .filteredOn(e -> e.method().equals("DELETE"))
                .extracting(e -> e.url().substring(syncs.sandbox.helpdesk().baseUrl().toString().length()), e -> e.status())
                .containsExactlyInAnyOrder(tuple("/api/users/by-external-id/k07", 204), tuple("/api/users/by-external-id/k08", 409),
                        tuple("/api/users/by-external-id/k09", 404));
        assertThat(syncs.store.fingerprints().count(SandboxSyncs.SYNC)).isEqualTo(8);

        syncs.sandbox.helpdesk().hold("k08", false);
        RunRecord next = run(file(0, 7), SINGLE);
        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.counters().deleted()).isEqualTo(1);
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(7);
    }

    @Test
    void deletesOneUserPerCallRunBatchConcurrencyCallsAtOnceAndAFailedOneIsADeadLetterOfItsRecordOnly() throws IOException {
        String single = ", mode: mirror, deleteAction: deleteUser, maxDeletePercent: 100";
        String batch = "batch: { size: 5, concurrency: 4 }";
        run(file(0, 30), single);
        syncs.sandbox.helpdesk().hold("k21", true);
        syncs.sandbox.helpdesk().hold("k27", true);
        // latency on every Helpdesk call makes calls that are sent together overlap
        syncs.sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(100)));

        RunRecord partial = syncs.engine().run(syncs.plan(yaml(file(0, 10), single, batch), "test"), RunListener.NONE);

        assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(partial.counters()).isEqualTo(new RunCounters(10, 0, 0, 10, 2, 18, 0, 0, 0));
        assertThat(syncs.store.runs().find(partial.id()).orElseThrow().counters()).isEqualTo(partial.counters());
        assertThat(deletesInLedger()).hasSize(18).doesNotHaveDuplicates().doesNotContain("k21", "k27");
        assertThat(syncs.store.deadLetters().listForRun(partial.id())).extracting(DeadLetter::kind, DeadLetter::recordKey)
                .containsExactlyInAnyOrder(tuple(DeadLetter.Kind.DELETE, "k21"), tuple(DeadLetter.Kind.DELETE, "k27"));
        assertThat(syncs.store.fingerprints().count(SandboxSyncs.SYNC)).isEqualTo(12);
        List<ExchangeRecord> calls = syncs.store.exchanges().find(ExchangeQuery.forRun(partial.id())).stream()
                .filter(e -> e.method().equals("DELETE")).toList();
        assertThat(calls).hasSize(20);
        assertThat(CallOverlap.mostAtOnce(calls)).isBetween(2, 4);
    }

    @Test
    void batchDeletesRunBatchConcurrencyCallsAtOnceAndARecordTheDestinationRefusesIsADeadLetterAlone() throws IOException {
        String hard = HARD.replace("25", "100");
        String batch = "batch: { size: 5, concurrency: 3 }";
        run(file(0, 40), hard);
        syncs.sandbox.helpdesk().hold("k33", true);
        syncs.sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(100)));

        RunRecord partial = syncs.engine().run(syncs.plan(yaml(file(0, 10), hard, batch), "test"), RunListener.NONE);

        assertThat(partial.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(partial.counters()).isEqualTo(new RunCounters(10, 0, 0, 10, 1, 29, 0, 0, 0));
        assertThat(deletesInLedger()).hasSize(29).doesNotHaveDuplicates().doesNotContain("k33");
        assertThat(syncs.store.deadLetters().listForRun(partial.id())).singleElement()
                .satisfies(d -> assertThat(d.recordKey()).isEqualTo("k33"));
        List<ExchangeRecord> calls = syncs.store.exchanges().find(ExchangeQuery.forRun(partial.id())).stream()
                .filter(e -> e.url().endsWith("/api/users/delete")).toList();
        assertThat(calls).as("6 batches of 5").hasSize(6);
        assertThat(CallOverlap.mostAtOnce(calls)).isBetween(2, 3);
    }
}
