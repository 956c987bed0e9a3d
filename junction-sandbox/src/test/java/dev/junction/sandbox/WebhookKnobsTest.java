package dev.junction.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Duplicates, reordering, delays and bursts, seen by a real receiver. No assertion on how long anything took. */
class WebhookKnobsTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final WebhookKnobs FAST = WebhookKnobs.DEFAULTS.withRetryBackoff(Duration.ofMillis(1));

    private Sandbox sandbox;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(0));
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        sandbox.close();
    }

    @Test
    void aDuplicateRateOfOneDeliversEveryEventTwiceWithTheSameIdAndBody() {
        sandbox.crm().webhooks().setKnobs(FAST.withDuplicateRate(1.0));
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());

        sandbox.crm().changeContacts(5);

        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        assertThat(receiver.received()).hasSize(10);
        Map<String, Set<String>> bodiesById = new HashMap<>();
        receiver.received().forEach(r -> bodiesById.computeIfAbsent(r.eventId(), k -> new HashSet<>())
                .add(new String(r.body())));
        assertThat(bodiesById).hasSize(5).allSatisfy((id, bodies) -> assertThat(bodies).hasSize(1));
        assertThat(sandbox.crm().webhooks().attempts()).extracting(WebhookAttempt::delivery)
                .containsOnly(1, 2).filteredOn(d -> d == 2).hasSize(5);
    }

    @Test
    void aReorderRateOfOneSwapsEachPairOfNeighbours() {
        sandbox.crm().webhooks().setKnobs(FAST.withReorderRate(1.0));
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());

        List<String> changed = sandbox.crm().changeContacts(4);

        await().atMost(BOUND).until(() -> receiver.count() == 4);
        assertThat(receiver.received()).extracting(r -> r.json().at("/data/id").asText())
                .containsExactly(changed.get(1), changed.get(0), changed.get(3), changed.get(2));
    }

    @Test
    void withoutKnobsOneSubscriberReceivesTheEventsInTheOrderTheyHappened() {
        sandbox.crm().webhooks().setKnobs(FAST);
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());

        List<String> changed = sandbox.crm().changeContacts(20);

        await().atMost(BOUND).until(() -> receiver.count() == 20);
        assertThat(receiver.received()).extracting(r -> r.json().at("/data/id").asText())
                .containsExactlyElementsOf(changed);
    }

    @Test
    void aHeldBackEventIsSentAloneWhenNoNextEventComes() {
        sandbox.crm().webhooks().setKnobs(FAST.withReorderRate(1.0));
        sandbox.crm().webhooks().subscribe(receiver.url(), SECRET, List.of());

        sandbox.crm().changeContacts(1);

        await().atMost(BOUND).until(() -> receiver.count() == 1);
        // the sender counts the delivery done once it has read the answer, a moment after the receiver counted it
        await().atMost(BOUND).until(() -> sandbox.crm().webhooks().pendingDeliveries() == 0);
        assertThat(receiver.count()).isEqualTo(1);
    }

    @Test
    void aDelayedDeliveryIsOvertakenByOneSentWithoutDelay() {
        Webhooks webhooks = sandbox.crm().webhooks();
        webhooks.setKnobs(FAST.withConcurrency(2).withDelay(Duration.ofHours(1)));
        webhooks.subscribe(receiver.url(), SECRET, List.of());
        String delayed = sandbox.crm().changeContacts(1).getFirst();

        webhooks.setKnobs(FAST.withConcurrency(2));
        List<String> prompt = sandbox.crm().changeContacts(1);

        await().atMost(BOUND).until(() -> receiver.count() == 1);
        assertThat(receiver.received().getFirst().json().at("/data/id").asText()).isEqualTo(prompt.getFirst())
                .isNotEqualTo(delayed);
        await().atMost(BOUND).until(() -> webhooks.pendingDeliveries() == 1); // the prompt one done once its answer is read; the delayed one waits
    }

    @Test
    void theSameSeedInjectsTheSameFaultsAndAnotherSeedOthers() {
        List<String> first = receivedSequence(7);
        List<String> again = receivedSequence(7);
        List<String> other = receivedSequence(8);

        assertThat(first).hasSizeGreaterThan(30).isEqualTo(again).isNotEqualTo(other);
    }

    /** The contact ids in the order a fresh receiver got them, with duplicates and reordering seeded by {@code seed}. */
    private List<String> receivedSequence(long seed) {
        try (Sandbox own = Sandbox.start(SandboxOptions.defaults().withCrmRateLimit(0));
             WebhookReceiver hooks = new WebhookReceiver()) {
            own.crm().webhooks().setKnobs(FAST.withDuplicateRate(0.5).withReorderRate(0.3)
                    .withJitter(Duration.ofMillis(2)).withSeed(seed));
            own.crm().webhooks().subscribe(hooks.url(), SECRET, List.of());
            own.crm().burst(30);
            await().atMost(BOUND).until(() -> own.crm().webhooks().pendingDeliveries() == 0);
            return hooks.received().stream().map(r -> r.json().at("/data/id").asText()).toList();
        }
    }

    @Test
    void aBurstWithRetriesAndDuplicatesIsProcessedExactlyOnceByAnIdempotentReceiver() {
        int changes = 2_000;
        Set<String> processed = ConcurrentHashMap.newKeySet();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        Map<String, Integer> processedTimes = new ConcurrentHashMap<>();
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(SECRET);
        receiver.answer(r -> {
            if (!verifier.verify(r, Instant.now())) {
                return 401;
            }
            if (Math.floorMod(r.eventId().hashCode(), 7) == 0 && failedOnce.add(r.eventId())) {
                return 500;   // about one event in seven fails its first request, then succeeds
            }
            if (processed.add(r.eventId())) {
                processedTimes.merge(r.eventId(), 1, Integer::sum);
            }
            return 200;
        });
        Webhooks webhooks = sandbox.crm().webhooks();
        webhooks.setKnobs(FAST.withDuplicateRate(0.1).withReorderRate(0.1).withConcurrency(8).withSeed(3));
        webhooks.subscribe(receiver.url(), SECRET, List.of("contact.*"));

        assertThat(sandbox.crm().burst(changes)).hasSize(changes);

        await().atMost(BOUND).until(() -> webhooks.pendingDeliveries() == 0);
        assertThat(webhooks.eventsPublished()).isEqualTo(changes);
        assertThat(webhooks.failedEventIds()).isEmpty();
        assertThat(webhooks.acknowledgedEventIds()).hasSize(changes).isEqualTo(processed);
        assertThat(processedTimes.values()).containsOnly(1);
        assertThat(receiver.received()).noneMatch(r -> r.answered() == 401);
        assertThat(webhooks.attempts()).anyMatch(a -> a.delivery() == 2).anyMatch(a -> a.status() == 500);
    }

    @Test
    void aBurstLargerThanTheContactsChangesContactsOverAndOver() {
        List<String> changed = sandbox.crm().burst(450);

        assertThat(changed).hasSize(450);
        assertThat(new HashSet<>(changed)).hasSize(200);
        assertThat(sandbox.crm().webhooks().eventsPublished()).isEqualTo(450);
        assertThatThrownBy(() -> sandbox.crm().burst(-1)).hasMessage("count must be between 0 and 1000000, got -1");
    }

    @Test
    void knobsRefuseValuesOutOfRangeByName() {
        assertThatThrownBy(() -> FAST.withDuplicateRate(1.5)).hasMessage("duplicateRate must be between 0 and 1, got 1.5");
        assertThatThrownBy(() -> FAST.withConcurrency(0)).hasMessage("concurrency must be between 1 and 256, got 0");
        assertThatThrownBy(() -> FAST.withDelay(Duration.ofMillis(-1))).hasMessage("delay must not be negative: PT-0.001S");
    }

    @Test
    void backoffDoublesFromTheFirstRetryAndStopsAtThirtySeconds() {
        WebhookKnobs knobs = WebhookKnobs.DEFAULTS.withRetryBackoff(Duration.ofMillis(200));

        assertThat(List.of(knobs.backoffBefore(2), knobs.backoffBefore(3), knobs.backoffBefore(4)))
                .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(knobs.backoffBefore(20)).isEqualTo(WebhookKnobs.MAX_BACKOFF);
    }
}
