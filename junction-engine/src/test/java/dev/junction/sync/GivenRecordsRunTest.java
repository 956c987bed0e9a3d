package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.BAD_BRONZE;
import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run over records it is given (what inbox events become): the same mapping, fingerprints,
 * batches and dead letters as a run of the stream, no checkpoint, and the source told which of its
 * pages are accounted for.
 */
class GivenRecordsRunTest {
    private final SandboxSyncs syncs = new SandboxSyncs(30);

    @AfterEach
    void close() {
        syncs.close();
    }

    @Test
    void givenRecordsAreWrittenSkippedWhenUnchangedOrDeadLetteredAndTheirPagesAccountedFor() {
        // the same sync throughout: bronze contacts are refused by the Helpdesk
        RunRecord full = syncs.engine().run(syncs.plan(syncYaml("", BAD_BRONZE, ""), "test"), RunListener.NONE);
        assertThat(full.counters().read()).isEqualTo(30);
        List<JsonNode> contacts = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj("c-%05d"::formatted).map(this::asRecord)
                .filter(c -> !"bronze".equals(c.path("properties").path("tier").asText())).limit(3).toList();
        ObjectNode changed = contacts.get(0).deepCopy();
        ((ObjectNode) changed.get("properties")).put("email", "changed@example.com");
        JsonNode unchanged = contacts.get(1);
        ObjectNode bronze = contacts.get(2).deepCopy();
        ((ObjectNode) bronze.get("properties")).put("tier", "bronze").put("email", "bronze@example.com");
        Given given = new Given(List.of(List.of(changed, unchanged), List.of(bronze)));

        RunRecord run = syncs.engine().runGiven(syncs.plan(syncYaml("", BAD_BRONZE, ""), "ignored"), given, RunTriggers.WEBHOOK, RunListener.NONE);

        assertThat(run.trigger()).isEqualTo("webhook");
        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.counters().read()).isEqualTo(3);
        assertThat(run.counters().written()).isEqualTo(1);
        assertThat(run.counters().unchanged()).isEqualTo(1);
        assertThat(run.counters().failed()).isEqualTo(1);
        assertThat(syncs.store.deadLetters().listForRun(run.id())).singleElement()
                .satisfies(d -> assertThat(d.recordKey()).isEqualTo(bronze.get("id").asText()));
        assertThat(given.accountedPages.get()).as("both pages accounted for").isEqualTo(2);
        assertThat(given.checkpointsSeen).as("a given-records run reads no checkpoint").containsOnlyNulls();
        assertThat(syncs.writesPerKey().get(changed.get("id").asText())).as("the changed record written again").isEqualTo(2);
    }

    @Test
    void aFirstRunComparesAKeyThatComesAgainWithWhatItWroteItself() {
        // nothing stored for the sync yet: the run looks up only keys it diffed before (StoredFingerprints)
        List<JsonNode> contacts = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj("c-%05d"::formatted).map(this::asRecord)
                .filter(c -> !"bronze".equals(c.path("properties").path("tier").asText())).limit(3).toList();
        JsonNode same = contacts.get(0);
        JsonNode before = contacts.get(1);
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("properties")).put("email", "changed@example.com");
        JsonNode once = contacts.get(2);
        Given given = new Given(List.of(List.of(same, before), List.of(same, after), List.of(once)));

        RunRecord run = syncs.engine().runGiven(syncs.plan(syncYaml("", BAD_BRONZE, ""), "ignored"), given, RunTriggers.WEBHOOK, RunListener.NONE);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().read()).isEqualTo(5);
        assertThat(run.counters().unchanged()).as("the same record again").isEqualTo(1);
        assertThat(run.counters().written()).isEqualTo(4);
        assertThat(syncs.writesPerKey().get(same.get("id").asText())).as("not written twice").isEqualTo(1);
        assertThat(syncs.writesPerKey().get(before.get("id").asText())).as("its change written").isEqualTo(2);
        assertThat(syncs.writesPerKey().get(once.get("id").asText())).isEqualTo(1);
        assertThat(syncs.store.fingerprints().count(syncs.plan(syncYaml("", BAD_BRONZE, ""), "ignored").stateKey())).isEqualTo(3);
    }

    @Test
    void onlyTriggersOfGivenRecordsAreAccepted() {
        SyncJob job = syncs.plan(syncYaml("", PRIORITY, ""), "test");
        assertThatThrownBy(() -> syncs.engine().runGiven(job, new Given(List.of()), "cli", RunListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook, poll, replay");
    }

    /** The contact as the CRM's API gives it (the fields the mapping reads). */
    private JsonNode asRecord(String id) {
        ObjectNode record = syncs.json.createObjectNode().put("id", id);
        syncs.sandbox.crm().contact(id).orElseThrow().properties().forEach(record.putObject("properties")::put);
        return record;
    }

    /** Pages handed out in order; counts how many the run said were accounted for. */
    private static final class Given implements RecordSource {
        private final List<List<JsonNode>> pages;
        final AtomicLong accountedPages = new AtomicLong();
        final List<String> checkpointsSeen = new ArrayList<>();

        Given(List<List<JsonNode>> pages) {
            this.pages = pages;
        }

        @Override
        public Reader open(String checkpoint, String runId) {
            checkpointsSeen.add(checkpoint);
            var next = pages.iterator();
            return new Reader() {
                @Override
                public List<JsonNode> nextPage() {
                    return next.hasNext() ? next.next() : null;
                }

                @Override
                public boolean prefetchable() {
                    return true;
                }

                @Override
                public void accountedPages(long n) {
                    accountedPages.accumulateAndGet(n, Math::max);
                }
            };
        }
    }
}
