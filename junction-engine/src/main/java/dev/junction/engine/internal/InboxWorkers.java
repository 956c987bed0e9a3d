package dev.junction.engine.internal;

import dev.junction.engine.Inbox;
import dev.junction.store.InboxEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's workers in one process: a loop claims due events (oldest first, {@code FOR UPDATE
 * SKIP LOCKED}, so the workers of several nodes never claim one event twice at once), hands the
 * events of each target and tenant to {@link Processor} (one run per sync and tenant, several
 * targets at once), and waits for the next events: woken at once when this process stored some,
 * else looking again every {@link Settings#idle()}. An event a processor leaves unfinished is tried
 * again later (backoff doubling from {@link Settings#firstRetry()}), and after
 * {@link Settings#maxAttempts()} it is dead (replayable). Finished events older than
 * {@link Settings#retention()} are purged in bounded batches every {@link Settings#purgeEvery()}.
 *
 * <p>A claim lasts {@link Settings#lease()} (30 s) and is extended every third of it while its
 * events are processed, so a long run keeps its events, and the events of a process that died
 * (kill -9, a lost node) are due again within one lease instead of waiting out a long one.
 */
public final class InboxWorkers implements Background, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InboxWorkers.class);

    /**
     * How the workers work.
     *
     * @param concurrency how many targets (sync and tenant) are processed at once
     * @param claimBatch how many events one claim takes at most
     * @param lease how long a claim lasts unrenewed; renewed every third of it while its events are processed
     * @param idle how often an idle loop looks for events (others nodes' events, retries coming due)
     * @param maxAttempts after how many failed attempts an event is dead
     * @param firstRetry the wait before the first retry, doubling each attempt up to {@code maxRetry}
     * @param busy the wait before an event is tried again when its sync was running
     * @param retention how long finished events are kept (and so how long an event id is remembered for dedup)
     * @param purgeBatch how many finished events one purge transaction deletes at most
     * @param purgeEvery how often finished events past the retention are purged
     */
    public record Settings(int concurrency, int claimBatch, Duration lease, Duration idle, int maxAttempts, Duration firstRetry, Duration maxRetry,
            Duration busy, Duration retention, int purgeBatch, Duration purgeEvery) {
        public static final Settings DEFAULT = new Settings(4, 500, Duration.ofSeconds(30), Duration.ofMillis(500), 8, Duration.ofSeconds(2),
                Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofDays(7), 1000, Duration.ofMinutes(1));

        public Settings {
            if (concurrency < 1 || claimBatch < 1 || maxAttempts < 1 || purgeBatch < 1) {
                throw new IllegalArgumentException("inbox workers: concurrency, claimBatch, maxAttempts and purgeBatch must be at least 1");
            }
            List.of(lease, idle, firstRetry, maxRetry, busy, retention, purgeEvery).forEach(d -> {
                if (d == null || !d.isPositive()) {
                    throw new IllegalArgumentException("inbox workers: every duration must be positive, one was " + d);
                }
            });
        }

        public Settings withIdle(Duration value) {
            return new Settings(concurrency, claimBatch, lease, value, maxAttempts, firstRetry, maxRetry, busy, retention, purgeBatch, purgeEvery);
        }

        public Settings withRetries(int attempts, Duration first, Duration max) {
            return new Settings(concurrency, claimBatch, lease, idle, attempts, first, max, busy, retention, purgeBatch, purgeEvery);
        }

        public Settings withRetention(Duration value, Duration every) {
            return new Settings(concurrency, claimBatch, lease, idle, maxAttempts, firstRetry, maxRetry, busy, value, purgeBatch, every);
        }
    }

    /** Processes the claimed events of one target (and tenant). */
    @FunctionalInterface
    public interface Processor {
        /**
         * Processes {@code events} (oldest first): each finished one is completed or dead-lettered
         * through {@code outcomes}; the rest come back as the result's unfinished, with the reason.
         */
        Result process(String target, String tenant, List<InboxEvent> events, Outcomes outcomes);
    }

    /**
     * What became of a target's events that {@link Outcomes} was not told about.
     *
     * @param busy the target's sync was running: try again soon, without counting it as a failure
     * @param reason why they are unfinished (kept with the events)
     */
    public record Result(boolean busy, String reason) {
        public static final Result ALL_FINISHED = new Result(false, null);
    }

    /** What a processor says of single events, as it goes. */
    public interface Outcomes {
        void done(List<InboxEvent> events);

        void retry(InboxEvent event, String reason);

        void dead(InboxEvent event, String reason);
    }

    private final Inbox inbox;
    private final Processor processor;
    private final Clock clock;
    private final Settings settings;
    private final String worker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wake; // guarded by lock
    private volatile boolean running;
    private Thread loop;
    private java.util.concurrent.ScheduledExecutorService renewer;
    private volatile boolean holding; // the loop holds claims it is processing
    private ExecutorService targets;
    private Instant nextPurge;

    public InboxWorkers(Inbox inbox, Processor processor, Clock clock, Settings settings, String worker) {
        this.inbox = inbox;
        this.processor = processor;
        this.clock = clock;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.worker = worker;
    }

    /** A worker name for this process's claims: its JVM's name (pid@host), {@code /inbox/} and 8 random characters. */
    public static String nameForThisProcess() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "/inbox/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts the claiming loop (a platform thread) and the targets' pool (virtual threads). */
    @Override
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("the inbox workers were already started");
        }
        running = true;
        targets = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("junction-inbox-", 0).factory());
        nextPurge = clock.instant();
        loop = Thread.ofPlatform().daemon().name("junction-inbox").start(this::loop);
        long every = Math.max(1, settings.lease().toMillis() / 3);
        renewer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("junction-inbox-renew").factory());
        renewer.scheduleWithFixedDelay(this::renewClaims, every, every, TimeUnit.MILLISECONDS);
    }

    /** Looks for events at once (this process just stored some). */
    public void wake() {
        lock.lock();
        try {
            wake = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims and processes one round of due events, on the calling thread.
     *
     * @return how many events were claimed
     */
    public int drainOnce() {
        List<InboxEvent> claimed = inbox.claim(worker, settings.claimBatch(), settings.lease());
        if (claimed.isEmpty()) {
            return 0;
        }
        holding = true;
        try {
            process(claimed);
        } finally {
            holding = false;
        }
        return claimed.size();
    }

    private void process(List<InboxEvent> claimed) {
        Map<List<String>, List<InboxEvent>> byTarget = new LinkedHashMap<>();
        for (InboxEvent event : claimed) {
            byTarget.computeIfAbsent(java.util.Arrays.asList(event.target(), event.tenant()), k -> new ArrayList<>()).add(event);
        }
        List<Future<?>> running = new ArrayList<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(settings.concurrency());
        for (Map.Entry<List<String>, List<InboxEvent>> e : byTarget.entrySet()) {
            Runnable work = () -> process(e.getKey().get(0), e.getKey().get(1), e.getValue());
            if (targets == null) {
                work.run();
                continue;
            }
            slots.acquireUninterruptibly();
            running.add(targets.submit(() -> {
                try {
                    work.run();
                } finally {
                    slots.release();
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException ex) {
                LOG.warn("Processing inbox events failed: {}", ex.getCause().toString());
            }
        }
    }

    /** While the loop processes claimed events, extends their claims (scheduled every third of the lease). */
    private void renewClaims() {
        if (running && holding) {
            try {
                inbox.extendClaims(worker, settings.lease());
            } catch (RuntimeException e) {
                LOG.warn("Could not extend the inbox claims of {} ({}); they end unless the next try succeeds", worker, e.toString());
            }
        }
    }

    private void process(String target, String tenant, List<InboxEvent> events) {
        java.util.Set<Long> told = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Outcomes outcomes = new Outcomes() {
            @Override
            public void done(List<InboxEvent> finished) {
                inbox.completeAll(finished.stream().map(InboxEvent::id).toList(), worker);
                finished.forEach(event -> told.add(event.id()));
            }

            @Override
            public void retry(InboxEvent event, String reason) {
                failed(event, reason);
                told.add(event.id());
            }

            @Override
            public void dead(InboxEvent event, String reason) {
                inbox.deadLetter(event.id(), worker, reason);
                told.add(event.id());
            }
        };
        Result result;
        try {
            result = processor.process(target, tenant, events, outcomes);
        } catch (RuntimeException e) {
            LOG.warn("Inbox events of {} could not be processed: {}", target, e.toString());
            result = new Result(false, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        for (InboxEvent event : events) {
            if (told.contains(event.id())) {
                continue;
            }
            if (result.busy()) {
                inbox.retry(event.id(), worker, result.reason(), clock.instant().plus(settings.busy()));
            } else {
                failed(event, result.reason() == null ? "not processed" : result.reason());
            }
        }
    }

    /** Tries the event again after a backoff, or, after its last attempt, marks it dead. */
    private void failed(InboxEvent event, String reason) {
        if (event.attempts() >= settings.maxAttempts()) {
            inbox.deadLetter(event.id(), worker, reason + " (after " + event.attempts() + " attempts)");
            return;
        }
        long base = settings.firstRetry().toMillis() << Math.min(20, Math.max(0, event.attempts() - 1));
        long wait = Math.min(settings.maxRetry().toMillis(), base);
        wait += ThreadLocalRandom.current().nextLong(Math.max(1, wait / 5)); // jitter: events failed together do not come back together
        inbox.retry(event.id(), worker, reason, clock.instant().plus(Duration.ofMillis(wait)));
    }

    private void loop() {
        while (running) {
            try {
                purgeWhenDue();
                if (drainOnce() > 0) {
                    continue;
                }
                awaitWake();
            } catch (RuntimeException e) {
                LOG.warn("The inbox loop failed ({}); it looks again in {}", e.toString(), settings.idle());
                awaitWake();
            }
        }
    }

    private void purgeWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(settings.purgeEvery());
        long purged = inbox.purgeFinished(now.minus(settings.retention()), settings.purgeBatch());
        if (purged > 0) {
            LOG.info("Purged {} processed inbox events older than {}", purged, settings.retention());
        }
    }

    private void awaitWake() {
        lock.lock();
        try {
            if (!wake && running) {
                woken.await(settings.idle().toMillis(), TimeUnit.MILLISECONDS);
            }
            wake = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops claiming; waits up to {@code grace} for the events being processed (claims of the rest expire and are taken again). */
    @Override
    public boolean stop(Duration grace) {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = loop;
        }
        wake();
        if (stopping == null) {
            return true;
        }
        try {
            stopping.join(Math.max(1, grace.toMillis()));
            targets.shutdown();
            boolean ended = targets.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS) && !stopping.isAlive();
            renewer.shutdownNow(); // claims still held end within one lease
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
