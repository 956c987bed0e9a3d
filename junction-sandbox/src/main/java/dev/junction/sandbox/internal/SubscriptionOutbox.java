package dev.junction.sandbox.internal;

import dev.junction.sandbox.WebhookKnobs;
import dev.junction.sandbox.WebhookSubscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The events waiting for one subscription and the virtual thread that hands them out: it takes events in the order
 * they happened, applies the knobs (hold back, duplicate, delay) with draws from its own seeded generator, and starts
 * one virtual thread per delivery, at most {@code concurrency} at a time.
 */
final class SubscriptionOutbox {

    /** How long a held-back event waits for a next one before it is sent anyway. */
    static final Duration HOLD_LIMIT = Duration.ofSeconds(1);

    private final WebhookSubscription subscription;
    private final WebhookSigner signer;
    private final WebhookSender sender;
    private final Supplier<WebhookKnobs> knobs;
    private final AtomicInteger pending;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final Object slots = new Object();
    private SplittableRandom random;
    private int inFlight;
    private volatile boolean stopped;
    private Thread loop;

    SubscriptionOutbox(WebhookSubscription subscription, WebhookSender sender, Supplier<WebhookKnobs> knobs,
                       AtomicInteger pending) {
        this.subscription = subscription;
        this.signer = new WebhookSigner(subscription.secret());
        this.sender = sender;
        this.knobs = knobs;
        this.pending = pending;
        this.random = new SplittableRandom(knobs.get().seed());
    }

    WebhookSubscription subscription() {
        return subscription;
    }

    synchronized void start() {
        loop = Thread.ofVirtual().name("crm-webhooks-" + subscription.id()).start(this::run);
    }

    /** An event with the knobs in force when it happened. */
    private record Queued(WebhookEvent event, WebhookKnobs knobs) {
    }

    /** Queues an event (counted as pending until its deliveries end); the knobs in force now apply to it. */
    void offer(WebhookEvent event) {
        synchronized (queue) {
            if (!stopped) {
                pending.incrementAndGet();
                queue.add(new Queued(event, knobs.get()));
            }
        }
    }

    /** Restarts the fault generator from {@code seed}. */
    synchronized void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Stops handing out events, interrupts deliveries in flight and forgets the queued ones. */
    void stop() {
        List<Queued> dropped = new ArrayList<>();
        synchronized (queue) {
            stopped = true;
            queue.drainTo(dropped);
        }
        pending.addAndGet(-dropped.size());
        Thread running;
        synchronized (this) {
            running = loop;
        }
        if (running != null) {
            running.interrupt();
        }
        workers.forEach(Thread::interrupt);
    }

    private void run() {
        List<WebhookSender.Job> held = null;
        try {
            while (!stopped) {
                Queued next = held == null ? queue.take()
                        : queue.poll(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    List<WebhookSender.Job> release = held;
                    held = null;
                    startAll(release);
                    continue;
                }
                Decision decision = decide(next);
                if (held == null && decision.hold()) {
                    held = decision.jobs();
                    continue;
                }
                // the held event goes right after this one; startAll uncounts whatever it could not start
                List<WebhookSender.Job> jobs = new ArrayList<>(decision.jobs());
                if (held != null) {
                    jobs.addAll(held);
                    held = null;
                }
                startAll(jobs);
            }
        } catch (InterruptedException e) {
            // stopped
        }
        if (held != null) {
            pending.addAndGet(-held.size());
        }
    }

    private record Decision(boolean hold, List<WebhookSender.Job> jobs) {
    }

    /** Draws, in a fixed order, whether to hold the event, whether to duplicate it, and each delivery's jitter. */
    private synchronized Decision decide(Queued queued) {
        WebhookEvent event = queued.event();
        WebhookKnobs k = queued.knobs();
        boolean hold = k.reorderRate() > 0 && random.nextDouble() < k.reorderRate();
        boolean duplicate = k.duplicateRate() > 0 && random.nextDouble() < k.duplicateRate();
        List<WebhookSender.Job> jobs = new ArrayList<>(2);
        jobs.add(new WebhookSender.Job(event, 1, wait(k), k));
        if (duplicate) {
            pending.incrementAndGet();
            jobs.add(new WebhookSender.Job(event, 2, wait(k), k));
        }
        return new Decision(hold, jobs);
    }

    private Duration wait(WebhookKnobs k) {
        long jitterNanos = k.jitter().toNanos();
        return jitterNanos <= 0 ? k.delay() : k.delay().plusNanos(random.nextLong(jitterNanos));
    }

    private void startAll(List<WebhookSender.Job> jobs) throws InterruptedException {
        for (int i = 0; i < jobs.size(); i++) {
            try {
                acquire();
            } catch (InterruptedException e) {
                pending.addAndGet(-(jobs.size() - i));
                throw e;
            }
            WebhookSender.Job job = jobs.get(i);
            Thread worker = Thread.ofVirtual().unstarted(() -> {
                try {
                    sender.deliver(subscription, signer, job, () -> stopped);
                } finally {
                    workers.remove(Thread.currentThread());
                    pending.decrementAndGet();
                    release();
                }
            });
            workers.add(worker);
            worker.start();
            if (stopped) {
                // stop() may have interrupted the workers before this one was added
                worker.interrupt();
            }
        }
    }

    private void acquire() throws InterruptedException {
        synchronized (slots) {
            while (inFlight >= knobs.get().concurrency()) {
                slots.wait();
            }
            inFlight++;
        }
    }

    private void release() {
        synchronized (slots) {
            inFlight--;
            slots.notifyAll();
        }
    }
}
