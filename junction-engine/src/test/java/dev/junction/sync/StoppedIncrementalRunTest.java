package dev.junction.sync;

import static dev.junction.sync.SandboxSyncs.PRIORITY;
import static dev.junction.sync.SandboxSyncs.SYNC;
import static dev.junction.sync.SandboxSyncs.syncYaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.Contact;
import dev.junction.sandbox.Faults;
import dev.junction.sandbox.RequestHook;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: an incremental run saved the highest updatedAt written after each page, and the sandbox
 * CRM, like most APIs, pages by id, not by updatedAt; a run stopped partway (cancelled, failed, put back
 * in the queue, killed) left a checkpoint above contacts it had not read, and the next run never asked
 * for them (599 of 600 in the throwaway test that found it). Now an unsorted stream's checkpoint moves
 * only at the end of a read, and a stream declared sorted (the CRM's {@code sort=updatedAt}) keeps its
 * per-page progress. Every contact arrives in the Helpdesk exactly once either way.
 */
class StoppedIncrementalRunTest {
    private static final int CONTACTS = 600;
    private static final String INCREMENTAL = syncYaml("", PRIORITY, "").replace("stream: contacts, mode: full", "stream: contacts, mode: incremental");
    /** The CRM's contacts in updatedAt order, and the stream saying so. */
    private static final UnaryOperator<String> SORTED = connector -> replaced(declaredSorted(connector), "path: /v1/contacts, query: { limit: 50 } }",
            "path: /v1/contacts, query: { limit: 50, sort: updatedAt } }");
    /** A read that fails gives up at once. */
    private static final UnaryOperator<String> FEW_RETRIES = connector -> replaced(connector,
            "retry: { maxAttempts: 6, initialDelay: 200ms, maxDelay: 10s }", "retry: { maxAttempts: 2, initialDelay: 10ms, maxDelay: 20ms }");

    // each reading of the sandbox's clock is a second later: contacts changed by separate calls get distinct updatedAt
    private final SandboxSyncs syncs = new SandboxSyncs(CONTACTS, new TickingClock(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofSeconds(1)));

    @AfterEach
    void close() {
        syncs.close();
    }

    @Test
    void anUnsortedRunCancelledPartwaySavesNoCheckpointAndTheNextRunWritesEveryContactOnce() {
        SyncJob job = syncs.plan(INCREMENTAL, "test");

        RunRecord cancelled = syncs.engine().run(job, cancelOnceWritten(300));

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.counters().written()).isPositive().isLessThan(CONTACTS);
        assertThat(unreadBelowHighestWritten(syncs.writesPerKey().keySet())).as("contacts a checkpoint at the highest updatedAt written would skip")
                .isPositive();
        assertThat(checkpoint()).isEmpty();

        RunRecord next = syncs.engine().run(job, RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(crmReads(next).getFirst()).doesNotContain("updatedSince");
        assertThat(next.counters().read()).isEqualTo(CONTACTS);
        assertThat(next.counters().written()).isEqualTo(CONTACTS - cancelled.counters().written());
        assertThat(syncs.writesPerKey()).hasSize(CONTACTS).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(checkpoint()).contains(highestUpdatedAt());
    }

    @Test
    void anUnsortedRunThatFailsPartwayKeepsThePreviousCheckpointAndTheNextRunWritesEveryChangeOnce() {
        SyncJob job = syncs.plan(INCREMENTAL, "test", FEW_RETRIES);
        assertThat(syncs.engine().run(job, RunListener.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        String before = checkpoint().orElseThrow();
        Set<String> changed = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            changed.addAll(syncs.sandbox.crm().changeContacts(10)); // 20 distinct times, each spread over the ids
        }
        syncs.sandbox.helpdesk().reset();
        AtomicInteger reads = new AtomicInteger();
        syncs.sandbox.crm().setRequestHook((method, path) -> {
            if (path.equals("/v1/contacts") && reads.incrementAndGet() == 3) {
                syncs.sandbox.crm().setFaults(Faults.NONE.withErrorRate(1.0)); // the third page and its retries answer 5xx
            }
        });

        RunRecord failed = syncs.engine().run(job, RunListener.NONE);

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.counters().written()).isPositive().isLessThan(changed.size());
        assertThat(unreadBelowHighestWritten(syncs.writesPerKey().keySet())).as("changes a checkpoint at the highest updatedAt written would skip")
                .isPositive();
        assertThat(checkpoint()).contains(before);

        syncs.sandbox.crm().setRequestHook(RequestHook.NONE);
        syncs.sandbox.crm().setFaults(Faults.NONE);
        RunRecord next = syncs.engine().run(job, RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(crmReads(next).getFirst()).contains("updatedSince=" + before);
        assertThat(syncs.writesPerKey()).containsOnlyKeys(changed).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        for (String id : changed) {
            Contact contact = syncs.sandbox.crm().contact(id).orElseThrow();
            assertThat(syncs.sandbox.helpdesk().userByExternalId(id).orElseThrow().name()).as(id)
                    .isEqualTo(contact.property("firstname") + " " + contact.property("lastname"));
        }
        assertThat(checkpoint()).contains(highestUpdatedAt());
    }

    @Test
    void aSortedStreamCancelledPartwayResumesFromItsCheckpointAndReadsOnlyTheRest() {
        SyncJob job = syncs.plan(INCREMENTAL, "test", SORTED);

        RunRecord cancelled = syncs.engine().run(job, cancelOnceWritten(200));

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        String saved = checkpoint().orElseThrow();
        // the checkpoint moved with the pages written, never past a contact that was not
        assertThat(syncs.writesPerKey().keySet()).containsAll(contactsUpdated(t -> t.compareTo(Instant.parse(saved)) <= 0));

        RunRecord next = syncs.engine().run(job, RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        List<String> reads = crmReads(next);
        assertThat(reads.getFirst()).contains("updatedSince=" + saved);
        int rest = contactsUpdated(t -> t.compareTo(Instant.parse(saved)) >= 0).size();
        assertThat(next.counters().read()).isEqualTo(rest).isLessThan(CONTACTS); // how far the checkpoint got depends on when the cancel landed
        assertThat(reads).hasSize((rest + 49) / 50);
        assertThat(syncs.writesPerKey()).hasSize(CONTACTS).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(checkpoint()).contains(highestUpdatedAt());
    }

    @Test
    void aStreamDeclaredSortedThatIsNotMovesItsCheckpointOnlyAtTheEndOfARunAndTheRunSaysWhy() {
        SyncJob job = syncs.plan(INCREMENTAL, "test", StoppedIncrementalRunTest::declaredSorted); // but paged by id

        RunRecord cancelled = syncs.engine().run(job, cancelOnceWritten(300));

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(checkpoint()).isEmpty();

        RunRecord next = syncs.engine().run(job, RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.error()).startsWith("stream 'contacts' is declared sorted by 'updatedAt', but record 'c-")
                .endsWith("; this read moves its checkpoint only once it reaches its end. If the source does not return its records in ascending"
                        + " 'updatedAt' order, remove sorted: true from the stream's incremental");
        assertThat(syncs.writesPerKey()).hasSize(CONTACTS).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        assertThat(checkpoint()).contains(highestUpdatedAt());
    }

    private static String declaredSorted(String connector) {
        return replaced(connector, "param: updatedSince }", "param: updatedSince, sorted: true }");
    }

    private static String replaced(String text, String from, String to) {
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    /** Asks the run to stop once it wrote {@code records}; it stops between batches. */
    private RunListener cancelOnceWritten(long records) {
        return new RunListener() {
            @Override
            public void progress(RunCounters counters, Duration elapsed) {
                if (counters.written() >= records) {
                    syncs.store.runs().list(SYNC, 1).forEach(r -> syncs.store.runs().requestCancel(r.id(), Instant.now()));
                }
            }
        };
    }

    private Optional<String> checkpoint() {
        return syncs.store.checkpoints().find(SYNC, "contacts", "");
    }

    /** The URLs (decoded) of the run's reads of the CRM's contacts, oldest first. */
    private List<String> crmReads(RunRecord run) {
        return syncs.store.exchanges().find(ExchangeQuery.forRun(run.id())).stream().map(ExchangeRecord::url)
                .filter(url -> url.contains("/v1/contacts")).map(url -> URLDecoder.decode(url, StandardCharsets.UTF_8)).toList();
    }

    private List<Contact> contacts() {
        return IntStream.rangeClosed(1, CONTACTS).mapToObj(i -> syncs.sandbox.crm().contact("c-%05d".formatted(i)).orElseThrow()).toList();
    }

    private List<String> contactsUpdated(java.util.function.Predicate<Instant> when) {
        return contacts().stream().filter(c -> when.test(c.updatedAt())).map(Contact::id).toList();
    }

    private String highestUpdatedAt() {
        return contacts().stream().map(Contact::updatedAt).max(Comparator.naturalOrder()).orElseThrow().toString();
    }

    /** How many contacts not written have an updatedAt below the highest of those written. */
    private long unreadBelowHighestWritten(Set<String> written) {
        Instant highest = contacts().stream().filter(c -> written.contains(c.id())).map(Contact::updatedAt).max(Comparator.naturalOrder()).orElseThrow();
        return contacts().stream().filter(c -> !written.contains(c.id()) && c.updatedAt().isBefore(highest)).count();
    }
}
