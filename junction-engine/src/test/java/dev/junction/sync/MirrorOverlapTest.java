package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sandbox.LedgerEntry;
import dev.junction.sandbox.RequestHook;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode mirror over a prefetchable source (a JSON Lines file, read in pages of {@value dev.junction.runtime.internal.FileSource#PAGE})
 * against the sandbox Helpdesk: the next page's writes start while the last ones of a page are still in flight, each page's
 * keys are marked seen once it is accounted for, and the deletes after a complete read are exactly the records gone. A run
 * cancelled midway deletes nothing.
 */
class MirrorOverlapTest {
    private static final String UPSERT = "/api/users/batch";
    /** 500 changed records of a page in batches of 50. */
    private static final int CALLS_PER_PAGE = 10;

    @TempDir
    Path work;

    private final SandboxSyncs syncs = new SandboxSyncs(1);

    @AfterEach
    void close() {
        syncs.sandbox.helpdesk().setRequestHook(RequestHook.NONE);
        syncs.close();
    }

    /** Users k0000.. up to {@code to}, their name with {@code version}, so a new version changes every record. */
    private Path file(int to, String version) throws IOException {
        Path file = work.resolve("users.jsonl");
        Files.writeString(file, IntStream.range(0, to)
                .mapToObj(i -> "{\"id\": \"k%04d\", \"email\": \"user%d@example.com\", \"name\": \"User %d %s\"}".formatted(i, i, i, version))
                .collect(Collectors.joining("\n")));
        return file;
    }

    private RunRecord run(Path file, int concurrency, RunListener listener) {
        String yaml = """
                kind: Sync
                name: contacts
                source: { file: { path: "%s", primaryKey: id } }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: mirror, deleteAction: deleteUsers, maxDeletePercent: 25 }
                mapping:
                  external_id: id
                  email: email
                  name: name
                batch: { size: 50, concurrency: %d }
                """.formatted(file.toString().replace("\\", "/"), concurrency);
        return syncs.engine().run(syncs.plan(yaml, "test"), listener);
    }

    private List<String> deletesInLedger() {
        return syncs.sandbox.helpdesk().ledger().stream().filter(e -> e.endpoint().equals("users.delete")).map(LedgerEntry::key).sorted().toList();
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "k%04d".formatted(i)).toList();
    }

    @Test
    void theNextPageIsWrittenWhileAPageIsStillInFlightAndTheDeletesAreExactlyTheRecordsGone() throws IOException {
        assertThat(run(file(1_000, "a"), 12, RunListener.NONE).status()).isEqualTo(RunStatus.SUCCEEDED);
        // the first call of page 1 is held until a call of page 2 arrived: one page at a time would never send that one
        AtomicInteger upserts = new AtomicInteger();
        CountDownLatch pageTwoSent = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        syncs.sandbox.helpdesk().setRequestHook((method, path) -> {
            if (!path.equals(UPSERT)) {
                return;
            }
            int n = upserts.incrementAndGet();
            if (n == 1) {
                overlapped.set(pageTwoSent.await(20, TimeUnit.SECONDS));
            } else if (n == CALLS_PER_PAGE + 1) {
                pageTwoSent.countDown();
            }
        });

        RunRecord second = run(file(980, "b"), 12, RunListener.NONE);

        assertThat(overlapped).as("page 2's first call arrived while page 1's first call was held").isTrue();
        assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(second.counters().updated()).isEqualTo(980);
        assertThat(second.counters().deleted()).isEqualTo(20);
        assertThat(deletesInLedger()).isEqualTo(keys(980, 1_000));
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(980);
        assertThat(syncs.store.fingerprints().count(SandboxSyncs.SYNC)).isEqualTo(980);
    }

    @Test
    void aRunCancelledMidwayDeletesNothingAndTheNextDeletesExactlyTheRecordsGone() throws IOException {
        run(file(1_500, "a"), 2, RunListener.NONE);
        AtomicReference<String> runId = new AtomicReference<>();
        AtomicInteger upserts = new AtomicInteger();
        // every call from page 2's first on asks to cancel before it is answered: with 2 calls at once, the run sees the
        // request before page 2's fifth batch, so it stops with page 3 unread
        syncs.sandbox.helpdesk().setRequestHook((method, path) -> {
            if (path.equals(UPSERT) && upserts.incrementAndGet() > CALLS_PER_PAGE) {
                syncs.store.runs().requestCancel(runId.get(), Instant.now());
            }
        });
        RunListener started = new RunListener() {
            @Override
            public void started(String id, String sync) {
                runId.set(id);
            }
        };

        RunRecord cancelled = run(file(1_470, "b"), 2, started);

        assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(cancelled.counters().updated()).isLessThan(1_470);
        assertThat(cancelled.counters().deleted()).isZero();
        assertThat(deletesInLedger()).isEmpty();
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(1_500);

        syncs.sandbox.helpdesk().setRequestHook(RequestHook.NONE);
        RunRecord next = run(file(1_470, "b"), 2, RunListener.NONE);

        assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(next.counters().updated() + cancelled.counters().updated()).isEqualTo(1_470);
        assertThat(next.counters().deleted()).isEqualTo(30);
        assertThat(deletesInLedger()).isEqualTo(keys(1_470, 1_500));
        assertThat(syncs.sandbox.helpdesk().userCount()).isEqualTo(1_470);
    }
}
