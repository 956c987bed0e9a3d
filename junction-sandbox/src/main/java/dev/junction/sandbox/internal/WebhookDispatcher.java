package dev.junction.sandbox.internal;

import dev.junction.sandbox.Contact;
import dev.junction.sandbox.WebhookAttempt;
import dev.junction.sandbox.WebhookKnobs;
import dev.junction.sandbox.WebhookSubscription;
import dev.junction.sandbox.Webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The Acme CRM's webhook sender: subscriptions, one {@link SubscriptionOutbox} each, the knobs and the ledger.
 * Contact changes come in through {@link #changed} (under the CRM store's write lock, so in the order they happened).
 */
public final class WebhookDispatcher implements Webhooks, ContactChanges, AutoCloseable {

    private final Clock clock;
    private final Json json;
    private final Function<Contact, Map<String, Object>> renderer;
    private final WebhookLedger ledger = new WebhookLedger();
    private final WebhookSender sender;
    private final AtomicInteger pending = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SubscriptionOutbox> outboxes = new LinkedHashMap<>();
    private volatile List<SubscriptionOutbox> active = List.of();
    private volatile WebhookKnobs knobs = WebhookKnobs.DEFAULTS;
    private int nextSubscription = 1;
    private boolean closed;

    /** @param renderer the contact as the CRM's API returns it, the event's {@code data} */
    WebhookDispatcher(Clock clock, Json json, Function<Contact, Map<String, Object>> renderer) {
        this.clock = clock;
        this.json = json;
        this.renderer = renderer;
        this.sender = new WebhookSender(clock, ledger);
    }

    @Override
    public synchronized WebhookSubscription subscribe(URI url, String secret, List<String> events) {
        if (closed) {
            throw new IllegalStateException("the CRM is closed");
        }
        requireUrl(url);
        List<String> patterns = patterns(events);
        String key = secret == null ? WebhookSigner.generateSecret(random) : secret;
        WebhookSigner.validate(key);
        WebhookSubscription subscription = new WebhookSubscription("sub_%04d".formatted(nextSubscription++), url, key,
                patterns, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        SubscriptionOutbox outbox = new SubscriptionOutbox(subscription, sender, this::knobs, pending);
        outboxes.put(subscription.id(), outbox);
        active = List.copyOf(outboxes.values());
        outbox.start();
        return subscription;
    }

    @Override
    public List<WebhookSubscription> subscriptions() {
        return active.stream().map(SubscriptionOutbox::subscription).toList();
    }

    @Override
    public Optional<WebhookSubscription> subscription(String id) {
        return active.stream().map(SubscriptionOutbox::subscription).filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public synchronized boolean unsubscribe(String id) {
        SubscriptionOutbox removed = outboxes.remove(id);
        if (removed == null) {
            return false;
        }
        active = List.copyOf(outboxes.values());
        removed.stop();
        return true;
    }

    @Override
    public WebhookKnobs knobs() {
        return knobs;
    }

    @Override
    public synchronized void setKnobs(WebhookKnobs value) {
        knobs = Objects.requireNonNull(value, "knobs");
        outboxes.values().forEach(o -> o.reseed(value.seed()));
    }

    @Override
    public List<WebhookAttempt> attempts() {
        return ledger.snapshot();
    }

    /** Attempts {@code offset} to {@code offset + limit - 1}. */
    List<WebhookAttempt> attempts(int offset, int limit) {
        return ledger.page(offset, limit);
    }

    int attemptCount() {
        return ledger.size();
    }

    @Override
    public Set<String> acknowledgedEventIds() {
        return ledger.acknowledged();
    }

    @Override
    public Set<String> failedEventIds() {
        return ledger.failed();
    }

    @Override
    public long eventsPublished() {
        return ledger.publishedCount();
    }

    @Override
    public int pendingDeliveries() {
        return pending.get();
    }

    @Override
    public void clearLedger() {
        ledger.clear();
    }

    @Override
    public void changed(String type, Contact contact, Instant at) {
        List<SubscriptionOutbox> targets = active;
        ledger.published();
        if (targets.isEmpty()) {
            return;
        }
        String id = "evt_" + HexFormat.of().formatHex(randomBytes());
        byte[] body = json.write(Json.obj("id", id, "type", type, "occurredAt", at.truncatedTo(ChronoUnit.MILLIS)
                .toString(), "data", renderer.apply(contact))).getBytes(StandardCharsets.UTF_8);
        WebhookEvent event = new WebhookEvent(id, type, body);
        for (SubscriptionOutbox outbox : targets) {
            if (outbox.subscription().wants(type)) {
                outbox.offer(event);
            }
        }
    }

    /** Stops every subscription's deliveries and the HTTP client. */
    @Override
    public void close() {
        List<SubscriptionOutbox> stopping;
        synchronized (this) {
            closed = true;
            stopping = new ArrayList<>(outboxes.values());
            outboxes.clear();
            active = List.of();
        }
        stopping.forEach(SubscriptionOutbox::stop);
        sender.close();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void requireUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme();
        if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("url must be an absolute http or https URL, got " + url);
        }
    }

    private static List<String> patterns(List<String> events) {
        if (events == null || events.isEmpty()) {
            return List.of("*");
        }
        for (String pattern : events) {
            if (pattern == null || WebhookSubscription.EVENT_TYPES.stream().noneMatch(t -> WebhookSubscription.matches(pattern, t))) {
                throw new IllegalArgumentException("events: '" + pattern + "' matches no event type; expected one of "
                        + WebhookSubscription.EVENT_TYPES + ", a prefix ending in * such as contact.*, or *");
            }
        }
        return List.copyOf(events);
    }
}
