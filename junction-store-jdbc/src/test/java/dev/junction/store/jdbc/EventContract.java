package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.store.EventDelivery;
import dev.junction.store.EventRepository;
import dev.junction.store.EventSubscription;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Outbound event subscriptions and their outbox. Mixed into {@link AbstractStoreContractTest}. */
interface EventContract extends StoreContract {
    String SECRET = "whsec_c2VjcmV0LXBsYWludGV4dC1vZi10aGUtc3Vic2NyaWJlcg==";

    private EventRepository events() {
        EnvelopeCipher cipher = new EnvelopeCipher(MasterKey.generate(new SecureRandom()), new SecureRandom());
        return store().events(() -> cipher);
    }

    private EventSubscription subscription(String id, String tenant, String... types) {
        return new EventSubscription(id, "https://hooks.example/" + id, List.of(types), tenant, "for " + id, EventSubscription.Status.ACTIVE, null, 0,
                at(0), at(0));
    }

    private static EventDelivery delivery(String id, String subscription, java.time.Instant due) {
        return EventDelivery.pending(id, subscription, "run.failed", null, "{\"type\":\"run.failed\"}", due);
    }

    @Test
    default void subscriptionsRoundTripWithTheirSecretStoredOnlyEncrypted() throws SQLException {
        EventRepository events = events();
        events.create(subscription("sub_1", "acme", "run.*", "schema.drifted"), SECRET);

        assertThat(events.find("sub_1")).contains(subscription("sub_1", "acme", "run.*", "schema.drifted"));
        assertThat(events.secrets("sub_1", at(0))).contains(new EventRepository.Secrets(SECRET, null));
        try (Connection c = rawConnection(); PreparedStatement s = c.prepareStatement("select secret from event_subscriptions where id = 'sub_1'");
                ResultSet r = s.executeQuery()) {
            r.next();
            assertThat(new String(r.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain("whsec_", "c2VjcmV0");
        }
        assertThat(events.find("sub_2")).isEmpty();
    }

    @Test
    default void aRotatedSecretKeepsThePreviousOneUntilItsGraceEnds() {
        EventRepository events = events();
        events.create(subscription("sub_1", null, "*"), SECRET);

        assertThat(events.rotateSecret("sub_1", "whsec_bmV3", at(100), at(1))).isTrue();

        assertThat(events.secrets("sub_1", at(99))).contains(new EventRepository.Secrets("whsec_bmV3", SECRET));
        assertThat(events.secrets("sub_1", at(100))).contains(new EventRepository.Secrets("whsec_bmV3", null));
        assertThat(events.rotateSecret("sub_1", "whsec_dGhpcmQ=", null, at(2))).isTrue();
        assertThat(events.secrets("sub_1", at(3))).contains(new EventRepository.Secrets("whsec_dGhpcmQ=", null));
        assertThat(events.rotateSecret("nope", "whsec_x", null, at(2))).isFalse();
    }

    @Test
    default void subscriptionsAreListedPerTenantAndUpdatedDisabledAndEnabled() {
        EventRepository events = events();
        events.create(subscription("sub_a", "acme", "run.*"), SECRET);
        events.create(subscription("sub_b", "globex", "run.*"), SECRET);
        events.create(subscription("sub_c", null, "*"), SECRET);

        assertThat(events.list(null)).extracting(EventSubscription::id).containsExactly("sub_a", "sub_b", "sub_c");
        assertThat(events.list("acme")).extracting(EventSubscription::id).containsExactly("sub_a");
        assertThat(events.update("sub_a", "https://other.example/x", List.of("record.dead_lettered"), null, at(5))).isTrue();
        assertThat(events.setStatus("sub_b", EventSubscription.Status.DISABLED, "disabled by alice", at(6))).isTrue();

        assertThat(events.find("sub_a").orElseThrow()).extracting(EventSubscription::url, EventSubscription::eventTypes, EventSubscription::description,
                EventSubscription::updatedAt).containsExactly("https://other.example/x", List.of("record.dead_lettered"), null, at(5));
        assertThat(events.find("sub_b").orElseThrow()).extracting(EventSubscription::status, EventSubscription::disabledReason)
                .containsExactly(EventSubscription.Status.DISABLED, "disabled by alice");
        assertThat(events.setStatus("sub_b", EventSubscription.Status.DISABLED, "disabled again", at(7))).as("the first reason stays").isFalse();
        assertThat(events.find("sub_b").orElseThrow().disabledReason()).isEqualTo("disabled by alice");
        assertThat(events.active()).extracting(EventSubscription::id).containsExactly("sub_a", "sub_c");
        assertThat(events.setStatus("sub_b", EventSubscription.Status.ACTIVE, null, at(7))).isTrue();
        assertThat(events.find("sub_b").orElseThrow().disabledReason()).isNull();
    }

    @Test
    default void dueDeliveriesAreClaimedOnceAndLeasedUntilTheirAttemptIsRecorded() {
        EventRepository events = events();
        events.create(subscription("sub_1", null, "*"), SECRET);
        events.enqueue(List.of(delivery("msg_1", "sub_1", at(0)), delivery("msg_2", "sub_1", at(10)), delivery("msg_3", "sub_1", at(1))));

        List<EventDelivery> claimed = events.claimDue(at(5), at(65), 10);

        assertThat(claimed).extracting(EventDelivery::id).containsExactly("msg_1", "msg_3");
        assertThat(events.claimDue(at(6), at(66), 10)).isEmpty(); // leased until 65
        assertThat(events.findDelivery("msg_1").orElseThrow().nextAttemptAt()).isEqualTo(at(65));

        int failures = events.recordAttempt(claimed.get(0), new EventRepository.Attempt(EventDelivery.Status.FAILED, 503, "HTTP 503", at(30), at(6)));
        assertThat(failures).isEqualTo(1);
        assertThat(events.claimDue(at(30), at(90), 10)).extracting(EventDelivery::id).containsExactly("msg_2", "msg_1");
        EventDelivery failed = events.findDelivery("msg_1").orElseThrow();
        assertThat(failed).extracting(EventDelivery::status, EventDelivery::attempts, EventDelivery::lastStatusCode, EventDelivery::lastError)
                .containsExactly(EventDelivery.Status.FAILED, 1, 503, "HTTP 503");

        assertThat(events.recordAttempt(failed, new EventRepository.Attempt(EventDelivery.Status.DELIVERED, 200, null, null, at(31)))).isZero();
        EventDelivery delivered = events.findDelivery("msg_1").orElseThrow();
        assertThat(delivered).extracting(EventDelivery::status, EventDelivery::attempts, EventDelivery::nextAttemptAt, EventDelivery::lastError)
                .containsExactly(EventDelivery.Status.DELIVERED, 2, null, null);
        assertThat(events.claimDue(at(1000), at(1060), 10)).extracting(EventDelivery::id).containsExactly("msg_3", "msg_2");
    }

    @Test
    default void aParkedDeliveryIsNotDueUntilReleasedOnceWithItsPayloadAndKeepsItsOwnUrl() {
        EventRepository events = events();
        events.create(subscription("sub_1", null, "*"), SECRET);
        events.enqueue(List.of(EventDelivery.parked("msg_flow_1", "sub_1", "flow.execution.ended", null, "https://hooks.example/sub_1/x?y=1", at(0))));

        assertThat(events.claimDue(at(1000), at(1060), 10)).as("parked").isEmpty();
        assertThat(events.release("msg_flow_1", "{\"type\":\"flow.execution.ended\"}", at(5))).isTrue();
        assertThat(events.release("msg_flow_1", "{}", at(6))).as("released once").isFalse();
        assertThat(events.release("msg_none", "{}", at(6))).isFalse();

        List<EventDelivery> claimed = events.claimDue(at(5), at(65), 10);
        assertThat(claimed).singleElement().satisfies(d -> {
            assertThat(d.payload()).isEqualTo("{\"type\":\"flow.execution.ended\"}");
            assertThat(d.url()).isEqualTo("https://hooks.example/sub_1/x?y=1");
        });
        assertThat(events.findDelivery("msg_1")).isEmpty();
    }

    @Test
    default void aDisabledSubscriptionsDeliveriesAreNotClaimed() {
        EventRepository events = events();
        events.create(subscription("sub_1", null, "*"), SECRET);
        events.enqueue(List.of(delivery("msg_1", "sub_1", at(0))));
        events.setStatus("sub_1", EventSubscription.Status.DISABLED, "off", at(1));

        assertThat(events.claimDue(at(5), at(65), 10)).isEmpty();
        events.setStatus("sub_1", EventSubscription.Status.ACTIVE, null, at(2));
        assertThat(events.claimDue(at(5), at(65), 10)).extracting(EventDelivery::id).containsExactly("msg_1");
    }

    @Test
    default void concurrentClaimersNeverClaimOneDeliveryTwice() throws Exception {
        EventRepository events = events();
        events.create(subscription("sub_1", null, "*"), SECRET);
        List<EventDelivery> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(delivery("msg_" + i, "sub_1", at(i % 7)));
        }
        events.enqueue(rows);
        List<Callable<List<String>>> claimers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            claimers.add(() -> {
                List<String> mine = new ArrayList<>();
                List<EventDelivery> batch;
                while (!(batch = events.claimDue(at(10), at(1000), 7)).isEmpty()) {
                    batch.forEach(d -> mine.add(d.id()));
                }
                return mine;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : pool.invokeAll(claimers)) {
                all.addAll(f.get());
            }
            Set<String> distinct = new HashSet<>(all);
            assertThat(all).hasSize(200);
            assertThat(distinct).hasSize(200);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    default void deliveriesAreListedNewestFirstAndPurgedInBoundedBatches() {
        EventRepository events = events();
        events.create(subscription("sub_1", null, "*"), SECRET);
        List<EventDelivery> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(delivery("msg_" + i, "sub_1", at(i)));
        }
        events.enqueue(rows);
        for (EventDelivery d : events.claimDue(at(3), at(60), 10)) {
            events.recordAttempt(d, new EventRepository.Attempt(EventDelivery.Status.DELIVERED, 204, null, null, at(10)));
        }

        assertThat(events.deliveries("sub_1", null, 10)).extracting(EventDelivery::id).containsExactly("msg_4", "msg_3", "msg_2", "msg_1", "msg_0");
        assertThat(events.deliveries("sub_1", EventDelivery.Status.PENDING, 10)).extracting(EventDelivery::id).containsExactly("msg_4");
        assertThat(events.purge(at(11), 3)).isEqualTo(3);
        assertThat(events.purge(at(11), 3)).isEqualTo(1);
        assertThat(events.purge(at(11), 3)).isZero();
        assertThat(events.deliveries("sub_1", null, 10)).extracting(EventDelivery::id).containsExactly("msg_4");
    }

    @Test
    default void deletingASubscriptionDeletesItsDeliveries() {
        EventRepository events = events();
        events.create(subscription("sub_1", null, "*"), SECRET);
        events.enqueue(List.of(delivery("msg_1", "sub_1", at(0))));

        assertThat(events.delete("sub_1")).isTrue();

        assertThat(events.find("sub_1")).isEmpty();
        assertThat(events.findDelivery("msg_1")).isEmpty();
        assertThat(events.delete("sub_1")).isFalse();
    }
}
