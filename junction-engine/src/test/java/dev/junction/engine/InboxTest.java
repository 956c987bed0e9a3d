package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.junction.store.InboxEvent;
import dev.junction.store.InboxQuery;
import dev.junction.store.InboxRepository;
import dev.junction.store.InboxRepository.Appended;
import dev.junction.store.InboxRepository.NewEvent;
import dev.junction.store.InboxStats;
import dev.junction.store.StoreException;
import dev.junction.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's inbox over a real H2 store: concurrent accepts grouped into few appends, each caller
 * answered for its own events, a failed batch failing all its callers, and a close that refuses what
 * is queued. {@link Appends} stands between the inbox and the store to count and hold appends.
 */
class InboxTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    private final JdbcStore store = JdbcStore.h2InMemory("inbox-" + UUID.randomUUID());
    private final Appends appends = new Appends(store.inbox());
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private Inbox inbox = new Inbox(appends, Clock.fixed(T0, ZoneOffset.UTC), Inbox.Settings.DEFAULT);

    @AfterEach
    void close() {
        appends.release();
        pool.shutdownNow();
        inbox.close();
        store.close();
    }

    private static NewEvent event(String eventId) {
        return new NewEvent("crm", null, eventId, "contact.updated", null, "sync:s", ("{\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8),
                T0, false);
    }

    @Test
    void manyThreadsAcceptingAtOnceHaveEveryEventStoredOnceAndEveryDuplicateAnsweredWithItsId() throws Exception {
        int threads = 32;
        int perThread = 40;
        List<Callable<List<Appended>>> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            callers.add(() -> {
                List<Appended> answers = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    // threads 2k and 2k+1 deliver the same events: every event arrives twice
                    answers.add(inbox.accept(event("e" + thread / 2 + "-" + i)));
                }
                return answers;
            });
        }
        List<Future<List<Appended>>> results = pool.invokeAll(callers);

        Map<String, List<Appended>> byEvent = new HashMap<>();
        for (int t = 0; t < threads; t++) {
            List<Appended> answers = results.get(t).get();
            for (int i = 0; i < perThread; i++) {
                byEvent.computeIfAbsent("e" + t / 2 + "-" + i, k -> new ArrayList<>()).add(answers.get(i));
            }
        }
        List<InboxEvent> stored = new ArrayList<>();
        for (long after = 0; ; ) {
            List<InboxEvent> page = inbox.list(InboxQuery.oldest(1000).after(after));
            if (page.isEmpty()) {
                break;
            }
            stored.addAll(page);
            after = page.getLast().id();
        }
        assertThat(stored).hasSize(threads / 2 * perThread);
        Map<String, Long> storedIds = new HashMap<>();
        stored.forEach(e -> storedIds.put(e.eventId(), e.id()));
        byEvent.forEach((eventId, answers) -> {
            assertThat(answers).as(eventId).hasSize(2);
            assertThat(answers).as(eventId + " accepted once").filteredOn(a -> !a.duplicate()).hasSize(1);
            assertThat(answers).as(eventId + " answered with the stored id").extracting(Appended::id).containsOnly(storedIds.get(eventId));
        });
        System.out.printf("%,d accepts from %d threads took %,d appends%n", threads * perThread, threads, appends.calls());
    }

    @Test
    void acceptsQueuedWhileABatchIsBeingStoredAreStoredTogetherInOneAppend() throws Exception {
        appends.hold();
        Future<Appended> first = pool.submit(() -> inbox.accept(event("first")));
        appends.awaitHeld();
        List<Future<Appended>> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "e" + i;
            waiting.add(pool.submit(() -> inbox.accept(event(id))));
        }
        await("20 accepts queued").atMost(Duration.ofSeconds(30)).until(() -> inbox.queued() == 20);

        appends.release();

        assertThat(first.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
        List<Long> ids = new ArrayList<>();
        for (Future<Appended> f : waiting) {
            ids.add(f.get(30, TimeUnit.SECONDS).id());
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(appends.sizes()).as("events per append").containsExactly(1, 20);
        for (int i = 0; i < 20; i++) {
            assertThat(inbox.get(ids.get(i)).eventId()).as("caller %d got its own event's id", i).isEqualTo("e" + i);
        }
    }

    @Test
    void aBatchThatFailsFailsEveryCallerInItWithTheStoresErrorAndStoresNothing() throws Exception {
        appends.hold();
        Future<Appended> first = pool.submit(() -> inbox.accept(event("first")));
        appends.awaitHeld();
        List<Future<Appended>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "e" + i;
            waiting.add(pool.submit(() -> inbox.accept(event(id))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.queued() == 5);
        appends.failNext(new StoreException("could not append 5 inbox event(s): disk full", null));

        appends.release();

        first.get(30, TimeUnit.SECONDS);
        for (Future<Appended> f : waiting) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(StoreException.class)
                    .hasMessage("could not store 1 inbox event(s): could not append 5 inbox event(s): disk full");
        }
        assertThat(inbox.list(InboxQuery.oldest(100))).extracting(InboxEvent::eventId).containsExactly("first");
        assertThat(inbox.accept(event("e0")).duplicate()).as("the next batch works").isFalse();
    }

    @Test
    void closingRefusesTheQueuedAcceptsLetsTheBatchInFlightFinishAndRefusesLaterOnes() throws Exception {
        appends.hold();
        Future<Appended> inFlight = pool.submit(() -> inbox.accept(event("in-flight")));
        appends.awaitHeld();
        List<Future<Appended>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "e" + i;
            queued.add(pool.submit(() -> inbox.accept(event(id))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.queued() == 5);

        Future<?> closing = pool.submit(inbox::close);
        for (Future<Appended> f : queued) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(Inbox.Unavailable.class)
                    .hasMessage("the inbox was closed before this was committed: nothing was stored");
        }
        appends.release();
        closing.get(30, TimeUnit.SECONDS);

        assertThat(inFlight.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
        assertThatThrownBy(() -> inbox.accept(event("late"))).isInstanceOf(Inbox.Unavailable.class)
                .hasMessage("the inbox is closed: nothing was stored");
        assertThat(inbox.list(InboxQuery.oldest(100))).extracting(InboxEvent::eventId).containsExactly("in-flight");
    }

    @Test
    void aFullQueueRefusesTheCallerOnceItsWaitForRoomEnds() throws Exception {
        inbox.close();
        inbox = new Inbox(appends, Clock.fixed(T0, ZoneOffset.UTC), new Inbox.Settings(10, 2, Duration.ofMillis(50)));
        appends.hold();
        pool.submit(() -> inbox.accept(event("in-flight")));
        appends.awaitHeld();
        pool.submit(() -> inbox.accept(event("q1")));
        pool.submit(() -> inbox.accept(event("q2")));
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.queued() == 2);

        assertThatThrownBy(() -> inbox.accept(event("q3"))).isInstanceOf(Inbox.Unavailable.class)
                .hasMessage("the inbox is overloaded: 2 submissions wait to be committed; try again later");
    }

    @Test
    void workersClaimSettleAndReplayThroughTheServiceAndPurgeLoopsOverBatches() {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(event("e" + i));
        }
        inbox.accept(events);
        List<InboxEvent> claimed = inbox.claim("w1", 25, Duration.ofMinutes(1));
        assertThat(claimed).hasSize(25);
        for (InboxEvent e : claimed.subList(0, 24)) {
            assertThat(inbox.complete(e.id(), "w1")).isTrue();
        }
        long dead = claimed.getLast().id();
        assertThat(inbox.deadLetter(dead, "w1", "no such contact")).isTrue();
        assertThat(inbox.stats()).isEqualTo(new InboxStats(0, Duration.ZERO, 0, 1));

        assertThat(inbox.purgeFinished(T0.plusSeconds(1), 10)).isEqualTo(24);

        assertThat(inbox.replay(dead).status()).isEqualTo(InboxEvent.Status.PENDING);
        assertThatThrownBy(() -> inbox.replay(dead)).isInstanceOf(EngineException.Conflict.class)
                .hasMessage("inbox event " + dead + " is pending, not dead: only dead events are replayed");
        assertThatThrownBy(() -> inbox.replay(dead + 100)).isInstanceOf(EngineException.NotFound.class);
        assertThat(inbox.list(InboxQuery.oldest(100))).extracting(InboxEvent::id).containsExactly(dead);
    }

    @Test
    void theEngineOffersTheInboxAndClosesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Engine engine = Engine.open(EngineConfig.embedded(dir, name -> null));
        Inbox engineInbox = engine.inbox();
        assertThat(engineInbox.accept(event("e1")).duplicate()).isFalse();
        engine.close();
        assertThatThrownBy(() -> engineInbox.accept(event("e2"))).isInstanceOf(Inbox.Unavailable.class);
    }

    /**
     * The store's inbox with appends counted, and held on request: {@link #hold()} makes the next
     * append wait for {@link #release()}, so a test can queue accepts behind it.
     */
    static final class Appends implements InboxRepository {
        private final InboxRepository store;
        private final List<Integer> sizes = new CopyOnWriteArrayList<>();
        private final AtomicBoolean holdNext = new AtomicBoolean();
        private volatile CountDownLatch held = new CountDownLatch(1);
        private volatile CountDownLatch released = new CountDownLatch(0);
        private volatile RuntimeException failure;

        Appends(InboxRepository store) {
            this.store = store;
        }

        void hold() {
            held = new CountDownLatch(1);
            released = new CountDownLatch(1);
            holdNext.set(true);
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(30, TimeUnit.SECONDS)).as("an append started").isTrue();
        }

        void release() {
            released.countDown();
        }

        void failNext(RuntimeException e) {
            failure = e;
        }

        int calls() {
            return sizes.size();
        }

        List<Integer> sizes() {
            return List.copyOf(sizes);
        }

        @Override
        public List<Appended> append(List<NewEvent> events) {
            if (holdNext.compareAndSet(true, false)) {
                held.countDown();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sizes.add(events.size());
            RuntimeException fail = failure;
            if (fail != null && events.size() > 1) {
                failure = null;
                throw fail;
            }
            return store.append(events);
        }

        @Override
        public List<InboxEvent> claim(String worker, int limit, Duration lease, Instant now) {
            return store.claim(worker, limit, lease, now);
        }

        @Override
        public int extendClaims(String worker, Instant until, Instant now) {
            return store.extendClaims(worker, until, now);
        }

        @Override
        public boolean complete(long id, String worker, Instant now) {
            return store.complete(id, worker, now);
        }

        @Override
        public boolean retry(long id, String worker, String error, Instant nextAttemptAt, Instant now) {
            return store.retry(id, worker, error, nextAttemptAt, now);
        }

        @Override
        public boolean deadLetter(long id, String worker, String error, Instant now) {
            return store.deadLetter(id, worker, error, now);
        }

        @Override
        public boolean replay(long id, Instant now) {
            return store.replay(id, now);
        }

        @Override
        public int purge(Instant finishedBefore, int batchSize) {
            return store.purge(finishedBefore, batchSize);
        }

        @Override
        public Optional<InboxEvent> find(long id) {
            return store.find(id);
        }

        @Override
        public List<InboxEvent> list(InboxQuery query) {
            return store.list(query);
        }

        @Override
        public InboxStats stats(Instant now) {
            return store.stats(now);
        }
    }
}
