package dev.junction.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.internal.Background;
import dev.junction.engine.internal.EventDeliverer;
import dev.junction.engine.internal.EventWorker;
import dev.junction.engine.internal.SubscriptionInput;
import dev.junction.engine.internal.WebhookSigner;
import dev.junction.http.EgressPolicy;
import dev.junction.store.EventDelivery;
import dev.junction.store.EventRepository;
import dev.junction.store.EventSubscription;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Junction's own events, delivered to subscriber URLs signed per Standard Webhooks. Emitting is one
 * call from anywhere in the engine ({@link #emit}): it stores one delivery per matching active
 * subscription in the store's outbox before it returns, so a process that dies afterwards loses
 * nothing. The deliveries are made by the processes that run the run queue ({@code junction serve}):
 * each POSTs due deliveries with {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} headers, retries failures with backoff, and disables a subscription
 * that keeps failing. See docs/triggers.md, "Outbound events".
 */
public final class Events implements AutoCloseable {
    /**
     * How events are delivered.
     *
     * @param pollInterval how often a delivering process looks for due deliveries
     * @param batch how many deliveries one pass claims (and attempts in parallel)
     * @param maxAttempts after how many failed attempts a delivery is dead (the default's backoff spans about a day)
     * @param initialBackoff the wait after the first failed attempt; doubled after each next one, ±20% jitter
     * @param maxBackoff the longest wait between two attempts
     * @param maxRetryAfter the longest wait a {@code Retry-After} of a 429 or 503 is granted
     * @param disableAfterFailures after how many failed attempts in a row (of any of its deliveries) a subscription is disabled
     * @param requestTimeout how long one POST may take, answer included
     * @param retention how long delivered and dead deliveries stay in the delivery log
     * @param previousSecretGrace how long a rotated-out secret still signs (a second signature)
     * @param deadLettersPerRun how many of a run's dead letters get a {@code record.dead_lettered} event each
     */
    public record Settings(Duration pollInterval, int batch, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
            int disableAfterFailures, Duration requestTimeout, Duration retention, Duration previousSecretGrace, int deadLettersPerRun) {
        /** Attempts over about a day (10 s doubling to 1 h, 30 attempts); disabled after 100 failures in a row; a week of log. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), 50, 30, Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofHours(1), 100, Duration.ofSeconds(15), Duration.ofDays(7), Duration.ofHours(24), 100);

        public Settings {
            for (var d : List.of(pollInterval, initialBackoff, maxBackoff, maxRetryAfter, requestTimeout, retention)) {
                if (d == null || !d.isPositive()) {
                    throw new IllegalArgumentException("event settings: every duration must be positive, was " + d);
                }
            }
            Objects.requireNonNull(previousSecretGrace, "previousSecretGrace");
            if (batch < 1 || maxAttempts < 1 || disableAfterFailures < 1 || deadLettersPerRun < 0) {
                throw new IllegalArgumentException("event settings: batch, maxAttempts and disableAfterFailures must be at least 1 and deadLettersPerRun"
                        + " at least 0; were " + batch + ", " + maxAttempts + ", " + disableAfterFailures + ", " + deadLettersPerRun);
            }
        }

        public Settings withPollInterval(Duration value) {
            return new Settings(value, batch, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, disableAfterFailures, requestTimeout, retention,
                    previousSecretGrace, deadLettersPerRun);
        }

        public Settings withMaxAttempts(int value) {
            return new Settings(pollInterval, batch, value, initialBackoff, maxBackoff, maxRetryAfter, disableAfterFailures, requestTimeout, retention,
                    previousSecretGrace, deadLettersPerRun);
        }

        public Settings withDisableAfterFailures(int value) {
            return new Settings(pollInterval, batch, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, value, requestTimeout, retention,
                    previousSecretGrace, deadLettersPerRun);
        }

        public Settings withDeadLettersPerRun(int value) {
            return new Settings(pollInterval, batch, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, disableAfterFailures, requestTimeout,
                    retention, previousSecretGrace, value);
        }

        EventDeliverer.Policy policy() {
            // a claimed delivery stays hidden from other processes for its whole attempt, and then some
            Duration lease = requestTimeout.multipliedBy(2).plusSeconds(30);
            return new EventDeliverer.Policy(batch, maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, disableAfterFailures, requestTimeout, lease);
        }
    }

    /** An event to emit: its type (a wire name, see {@link EventType}), the tenant it is about (null: none) and its {@code data}. */
    public record Event(String type, String tenant, Object data) {
        public Event {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("an event needs a type, such as run.failed");
            }
        }
    }

    private final EventRepository events;
    private final Clock clock;
    private final ObjectMapper json;
    private final Settings settings;
    private final SecureRandom random;
    private final HttpClient client;
    private final EventDeliverer deliverer;
    private final EventWorker worker;
    private final SubscriptionInput input;
    private final Consumer<List<Event>> observed;

    public Events(EventRepository events, Clock clock, ObjectMapper json, Settings settings, SecureRandom random) {
        this(events, clock, json, settings, random, EgressPolicy.DEFAULT, (type, outcome) -> { });
    }

    /** @param egress where subscribers may be (a tenant's subscription is held to it as a tenant's connection is) */
    public Events(EventRepository events, Clock clock, ObjectMapper json, Settings settings, SecureRandom random, EgressPolicy egress) {
        this(events, clock, json, settings, random, egress, (type, outcome) -> { });
    }

    /**
     * @param egress where subscribers may be (a tenant's subscription is held to it as a tenant's connection is)
     * @param attempted told of every delivery attempt, with the event type and its outcome (delivered, failed, dead)
     */
    public Events(EventRepository events, Clock clock, ObjectMapper json, Settings settings, SecureRandom random, EgressPolicy egress,
            BiConsumer<String, String> attempted) {
        this(events, clock, json, settings, random, egress, attempted, emitted -> { });
    }

    /**
     * @param observed told of every event emitted in this process, after it is stored, whether or not a
     *     subscription wants it (the alert rules decide their event-driven conditions here); must not throw
     */
    public Events(EventRepository events, Clock clock, ObjectMapper json, Settings settings, SecureRandom random, EgressPolicy egress,
            BiConsumer<String, String> attempted, Consumer<List<Event>> observed) {
        this.observed = Objects.requireNonNull(observed, "observed");
        this.input = new SubscriptionInput(Objects.requireNonNull(egress, "egress"));
        this.events = events;
        this.clock = clock;
        this.json = json;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = random;
        this.client = egress.proxyInUse().configure(HttpClient.newBuilder()).connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.deliverer = new EventDeliverer(events, client, clock, random, settings.policy(), egress, attempted);
        this.worker = new EventWorker(deliverer::deliverDue, events::purge, clock, settings.pollInterval(), settings.retention(), settings.batch());
    }

    public Settings settings() {
        return settings;
    }

    // ---- emitting -------------------------------------------------------------------------------

    /**
     * Emits an event: stores one delivery for each active subscription that wants {@code type} of
     * {@code tenant}, durably, before it returns; nothing when none does.
     *
     * @param type a wire name, see {@link EventType}
     * @param tenant the tenant it is about, or null (only subscriptions of no tenant get it then)
     * @param data the event's {@code data}: a Map, a record, a JsonNode (anything Jackson writes as an object)
     * @return the ids of the stored deliveries (their {@code webhook-id}s)
     * @throws dev.junction.store.StoreException when the store cannot store them
     */
    public List<String> emit(String type, String tenant, Object data) {
        return emitAll(List.of(new Event(type, tenant, data)));
    }

    public List<String> emit(EventType type, String tenant, Object data) {
        return emit(type.wireName(), tenant, data);
    }

    /** {@link #emit} for several events, stored in one transaction. */
    public List<String> emitAll(List<Event> emitted) {
        if (emitted.isEmpty()) {
            return List.of();
        }
        List<EventSubscription> active = events.active();
        Instant now = clock.instant();
        List<EventDelivery> deliveries = new ArrayList<>();
        for (Event event : emitted) {
            String payload = null;
            for (EventSubscription subscription : active) {
                if (subscription.wants(event.type(), event.tenant())) {
                    payload = payload != null ? payload : body(event, now);
                    deliveries.add(EventDelivery.pending(newDeliveryId(), subscription.id(), event.type(), event.tenant(), payload, now));
                }
            }
        }
        events.enqueue(deliveries);
        if (!deliveries.isEmpty()) {
            worker.wake();
        }
        observed.accept(emitted);
        return deliveries.stream().map(EventDelivery::id).toList();
    }

    /** The body every delivery of the event carries, byte for byte: {@code {"type", "timestamp", "data"}}. */
    private String body(Event event, Instant at) {
        ObjectNode body = json.createObjectNode();
        body.put("type", event.type());
        body.put("timestamp", at.toString());
        JsonNode data = json.valueToTree(event.data() == null ? Map.of() : event.data());
        body.set("data", data);
        return body.toString();
    }

    private String newDeliveryId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "msg_" + HexFormat.of().formatHex(bytes);
    }

    // ---- subscriptions --------------------------------------------------------------------------

    /**
     * Creates an active subscription with a new secret, returned this once.
     *
     * @param eventTypes event types or patterns ({@code run.*}, {@code *}); each must match a type of {@link EventType}
     * @param tenant the one tenant whose events it gets; null for every event (operators)
     * @throws EngineException.Invalid naming what is wrong with the url, a pattern or the description
     */
    public CreatedSubscription create(String url, List<String> eventTypes, String tenant, String description) {
        input.url(url, tenant);
        List<String> types = SubscriptionInput.eventTypes(eventTypes);
        SubscriptionInput.description(description);
        Instant now = clock.instant();
        String secret = WebhookSigner.newSecret(random);
        EventSubscription subscription = new EventSubscription(newSubscriptionId(), url, types, tenant, description, EventSubscription.Status.ACTIVE,
                null, 0, now, now);
        events.create(subscription, secret);
        return new CreatedSubscription(subscription, secret);
    }

    /** Oldest first; {@code tenant} null for every subscription, otherwise only that tenant's. */
    public List<EventSubscription> list(String tenant) {
        return events.list(tenant);
    }

    public Optional<EventSubscription> find(String id) {
        return events.find(id);
    }

    /** The subscription, or NotFound naming how to list them. */
    public EventSubscription get(String id) {
        return find(id).orElseThrow(() -> new EngineException.NotFound("no event subscription with id '" + id
                + "'; list them with GET /api/v1/event-subscriptions"));
    }

    /** Changes what is given (null keeps it; an empty description removes it). */
    public EventSubscription update(String id, String url, List<String> eventTypes, String description) {
        EventSubscription current = get(id);
        String newUrl = url == null ? current.url() : input.url(url, current.tenant());
        List<String> newTypes = eventTypes == null ? current.eventTypes() : SubscriptionInput.eventTypes(eventTypes);
        String newDescription = description == null ? current.description() : description.isEmpty() ? null : SubscriptionInput.description(description);
        events.update(id, newUrl, newTypes, newDescription, clock.instant());
        return get(id);
    }

    /** A new secret, returned this once; the one before still signs (a second signature) for {@link Settings#previousSecretGrace()}. */
    public CreatedSubscription rotateSecret(String id) {
        get(id);
        String secret = WebhookSigner.newSecret(random);
        Instant now = clock.instant();
        Duration grace = settings.previousSecretGrace();
        events.rotateSecret(id, secret, grace.isPositive() ? now.plus(grace) : null, now);
        return new CreatedSubscription(get(id), secret);
    }

    /** Active again, its failure count back to 0; its deliveries still due are made. */
    public EventSubscription enable(String id) {
        get(id);
        events.setStatus(id, EventSubscription.Status.ACTIVE, null, clock.instant());
        return get(id);
    }

    /** Disabled with {@code reason}: no event is stored for it, nothing due is delivered, until it is enabled. */
    public EventSubscription disable(String id, String reason) {
        get(id);
        events.setStatus(id, EventSubscription.Status.DISABLED, reason == null ? "disabled on request" : reason, clock.instant());
        return get(id);
    }

    /** Deletes it and its delivery log. @throws EngineException.NotFound when there is none */
    public void delete(String id) {
        if (!events.delete(id)) {
            throw new EngineException.NotFound("no event subscription with id '" + id + "'; list them with GET /api/v1/event-subscriptions");
        }
    }

    /** Its delivery log, newest first; {@code status} null for all. */
    public List<EventDelivery> deliveries(String id, EventDelivery.Status status, int limit) {
        get(id);
        return events.deliveries(id, status, limit);
    }

    /**
     * Sends a {@code ping} event to this subscription only, now, and answers with the delivery as the
     * attempt left it; a failed ping is retried like any delivery. The subscription must be active.
     */
    public EventDelivery test(String id) {
        EventSubscription subscription = get(id);
        if (subscription.status() != EventSubscription.Status.ACTIVE) {
            throw new EngineException.Conflict("event subscription '" + id + "' is disabled (" + subscription.disabledReason()
                    + "); enable it before testing it");
        }
        Instant now = clock.instant();
        String payload = body(new Event(EventType.PING.wireName(), subscription.tenant(), Map.of("subscription", id)), now);
        // stored with a lease, so no delivering process takes it while this one attempts it
        EventDelivery delivery = new EventDelivery(newDeliveryId(), id, EventType.PING.wireName(), subscription.tenant(), payload,
                EventDelivery.Status.PENDING, 0, now.plus(settings.policy().attemptLease()), null, null, now, now);
        events.enqueue(List.of(delivery));
        return deliverer.attempt(delivery).orElse(delivery);
    }

    // ---- flow callbacks (FlowCallbacks) ----------------------------------------------------------

    /** A callback URL of {@code tenant}, checked as a subscription's ({@link SubscriptionInput#url}). */
    String checkedUrl(String url, String tenant) {
        return input.url(url, tenant);
    }

    /** Stores a parked delivery (not due until {@link #release}). */
    void park(EventDelivery parked) {
        events.enqueue(List.of(parked));
    }

    /** Makes a parked delivery due now with the event as its body. @return false when there was none parked under {@code id} */
    boolean release(String id, Event event) {
        Instant now = clock.instant();
        boolean released = events.release(id, body(event, now), now);
        if (released) {
            worker.wake();
        }
        return released;
    }

    // ---- delivering -----------------------------------------------------------------------------

    /** One delivery pass in this process (what the delivery loop does each poll). @return how many deliveries were attempted */
    public int deliverDue() {
        return deliverer.deliverDue();
    }

    /** The delivery loop, started and stopped with the run queue. */
    Background worker() {
        return worker;
    }

    @Override
    public void close() {
        worker.stop(Duration.ofSeconds(5));
        client.close();
    }

    private String newSubscriptionId() {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        StringBuilder id = new StringBuilder("sub_");
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
