package dev.junction.sync;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.sandbox.LedgerEntry;
import dev.junction.store.CheckpointRepository.PartitionState;
import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sub-stream of many parents with a few children each, into the sandbox Helpdesk's batch upsert:
 * the children of every parent go into shared batches (full calls, not one call per parent), and
 * each parent's checkpoint still moves only past records that were written.
 */
class SharedPartitionBatchesTest {
    private static final int COMPANIES = 100;
    private static final int CONTACTS = 3;
    private static final String BATCH_CALL = "/api/users/batch";

    @RegisterExtension
    static final WireMockExtension source = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final PartitionSyncs syncs = new PartitionSyncs(source.baseUrl());
    private final AtomicInteger batchCalls = new AtomicInteger();

    private static final String CONNECTOR = PartitionSyncs.connector("""
            companies:
              request: { path: /companies }
              records: "$.data"
              primaryKey: id
            contacts:
              request: { path: "/companies/{{ parent.id }}/contacts" }
              records: "$.data"
              primaryKey: id
              incremental: { cursorField: updatedAt, param: updatedSince }
              parent: { stream: companies, key: id, as: company_id, parallel: 4 }
            """);

    @AfterEach
    void close() {
        syncs.close();
    }

    private static String company(int c) {
        return "co-%03d".formatted(c);
    }

    private static String contactId(int c, int n) {
        return company(c) + "-u" + n;
    }

    /** 100 companies of 3 contacts each; the contacts of {@code badEmail} companies have a second contact the Helpdesk refuses. */
    private void stubSource(List<Integer> badEmail) {
        String companies = IntStream.range(0, COMPANIES).mapToObj(c -> "{\"id\": \"" + company(c) + "\"}").collect(Collectors.joining(", "));
        source.stubFor(get(urlPathEqualTo("/companies")).willReturn(okJson("{\"data\": [" + companies + "]}")));
        for (int c = 0; c < COMPANIES; c++) {
            List<String> contacts = new ArrayList<>();
            for (int n = 1; n <= CONTACTS; n++) {
                String email = badEmail.contains(c) && n == 2 ? "no-at-sign" : "u%d@%s.example".formatted(n, company(c));
                contacts.add("{\"id\": \"%s\", \"email\": \"%s\", \"name\": \"User %d\", \"updatedAt\": \"2026-01-01T10:0%d:00Z\"}"
                        .formatted(contactId(c, n), email, n, n));
            }
            source.stubFor(get(urlPathEqualTo("/companies/" + company(c) + "/contacts"))
                    .willReturn(okJson("{\"data\": [" + String.join(", ", contacts) + "]}")));
        }
    }

    private String sync(String mode, int batchSize) {
        return PartitionSyncs.sync("contacts", mode, "profile.company: company_id").replace("size: 50", "size: " + batchSize);
    }

    private void countBatchCalls(Runnable onEach) {
        syncs.sandbox.helpdesk().setRequestHook((method, path) -> {
            if (method.equals("POST") && path.equals(BATCH_CALL)) {
                batchCalls.incrementAndGet();
                onEach.run();
            }
        });
    }

    private Map<String, Integer> writesByKey() {
        Map<String, Integer> counts = new HashMap<>();
        syncs.sandbox.helpdesk().ledger().stream().map(LedgerEntry::key).forEach(k -> counts.merge(k, 1, Integer::sum));
        return counts;
    }

    private static List<String> allContacts() {
        return IntStream.range(0, COMPANIES).boxed().flatMap(c -> IntStream.rangeClosed(1, CONTACTS).mapToObj(n -> contactId(c, n))).toList();
    }

    @Test
    void theChildrenOfManyParentsGoInFullBatchesNotOneCallPerParent() {
        stubSource(List.of());
        countBatchCalls(() -> {});

        RunRecord run = syncs.run(CONNECTOR, sync("full", 50));

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.counters().inserted()).isEqualTo(COMPANIES * CONTACTS);
        // 300 records in batches of 50: six calls (a partial batch more at most), where one call per parent made 100
        assertThat(batchCalls.get()).isBetween(6, 7);
        assertThat(writesByKey()).containsOnlyKeys(allContacts()).allSatisfy((key, writes) -> assertThat(writes).isOne());
    }

    @Test
    void aRunCancelledMidwayKeepsOnlyTheCheckpointsOfParentsWrittenAndTheNextRunWritesTheRestOnce() {
        stubSource(List.of());
        String sync = sync("incremental", 10);
        countBatchCalls(() -> {
            if (batchCalls.get() == 5) {
                String runId = syncs.store.runs().list(PartitionSyncs.SYNC, 1).getFirst().id();
                syncs.store.runs().requestCancel(runId, Instant.now());
            }
        });

        RunRecord cancelled = syncs.run(CONNECTOR, sync);

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        Map<String, Integer> firstRun = writesByKey();
        assertThat(firstRun.size()).isLessThan(COMPANIES * CONTACTS);
        List<PartitionState> saved = syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "contacts");
        assertThat(saved).isNotEmpty();
        // a parent's checkpoint is saved only once every one of its contacts is written, whatever batches they went in
        for (PartitionState state : saved) {
            String company = state.partition().substring("parent:".length());
            assertThat(firstRun).as(company).containsKeys(contactId(Integer.parseInt(company.substring(3)), 1),
                    contactId(Integer.parseInt(company.substring(3)), 2), contactId(Integer.parseInt(company.substring(3)), 3));
            assertThat(state.value()).isEqualTo("2026-01-01T10:03:00Z");
        }

        syncs.sandbox.helpdesk().setRequestHook((method, path) -> {});
        RunRecord resumed = syncs.run(CONNECTOR, sync);

        assertThat(resumed.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(writesByKey()).containsOnlyKeys(allContacts()).allSatisfy((key, writes) -> assertThat(writes).as(key).isOne());
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "contacts")).hasSize(COMPANIES);
    }

    @Test
    void theRefusedRecordsOfABatchMixingParentsAreTheDeadLettersAndTheRestIsWritten() {
        List<Integer> bad = List.of(0, 17, 42, 99);
        stubSource(bad);
        countBatchCalls(() -> {});

        RunRecord run = syncs.run(CONNECTOR, sync("incremental", 50));

        assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
        assertThat(run.counters().failed()).isEqualTo(bad.size());
        assertThat(batchCalls.get()).isBetween(6, 7);
        List<String> refused = bad.stream().map(c -> contactId(c, 2)).toList();
        assertThat(syncs.store.deadLetters().listForRun(run.id())).extracting(DeadLetter::recordKey).containsExactlyInAnyOrderElementsOf(refused);
        List<String> written = allContacts().stream().filter(k -> !refused.contains(k)).toList();
        assertThat(writesByKey()).containsOnlyKeys(written);
        // a dead letter is accounted for: every parent's checkpoint moved to its last contact
        assertThat(syncs.store.checkpoints().partitions(PartitionSyncs.SYNC, "contacts")).hasSize(COMPANIES)
                .allSatisfy(state -> assertThat(state.value()).isEqualTo("2026-01-01T10:03:00Z"));
    }
}
