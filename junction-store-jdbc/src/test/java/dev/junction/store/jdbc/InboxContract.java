package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.InboxEvent;
import dev.junction.store.InboxEvent.Status;
import dev.junction.store.InboxQuery;
import dev.junction.store.InboxRepository.Appended;
import dev.junction.store.InboxRepository.NewEvent;
import dev.junction.store.InboxRepository.Outcome;
import dev.junction.store.InboxStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The durable inbox: dedup, claims with fencing, retries and dead letters, per-key order, purge,
 * lists and stats, and claimers that run at once. Mixed into {@link AbstractStoreContractTest}.
 */
interface InboxContract extends StoreContract {
    String TARGET = "sync:crm-to-helpdesk";
    Duration LEASE = Duration.ofSeconds(30);

    default NewEvent event(String eventId, String recordKey, boolean ordered) {
        return new NewEvent("crm", "acme", eventId, "contact.updated", recordKey, TARGET,
                ("{\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8), at(0), ordered);
    }

    default NewEvent event(String eventId) {
        return event(eventId, null, false);
    }

    private List<Long> ids(List<InboxEvent> events) {
        return events.stream().map(InboxEvent::id).toList();
    }

    @Test
    default void appendAnswersEachEventAcceptedWithANewIdOrDuplicateWithTheStoredOnesId() {
        List<Appended> first = store().inbox().append(List.of(event("e1"), event("e2")));
        assertThat(first).extracting(Appended::outcome).containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED);
        assertThat(first.get(1).id()).as("ids follow the list's order").isGreaterThan(first.get(0).id());

        List<Appended> second = store().inbox().append(List.of(event("e3"), event("e1"), event("e3")));

        assertThat(second.get(0).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(second.get(1)).as("stored by an earlier append").isEqualTo(new Appended(first.get(0).id(), Outcome.DUPLICATE));
        assertThat(second.get(2)).as("earlier in the same list").isEqualTo(new Appended(second.get(0).id(), Outcome.DUPLICATE));
        assertThat(store().inbox().list(InboxQuery.oldest(10))).extracting(InboxEvent::eventId).containsExactly("e1", "e2", "e3");
    }

    @Test
    default void theSameEventIdIsANewEventForAnotherSubscriberOrAnotherConnection() {
        NewEvent e = event("e1");
        List<Appended> answers = store().inbox().append(List.of(e,
                new NewEvent(e.source(), e.tenant(), e.eventId(), e.eventType(), null, "flow:notify", e.payload(), e.receivedAt(), false),
                new NewEvent("erp", e.tenant(), e.eventId(), e.eventType(), null, TARGET, e.payload(), e.receivedAt(), false)));

        assertThat(answers).extracting(Appended::outcome).containsOnly(Outcome.ACCEPTED);
        assertThat(answers).extracting(Appended::id).doesNotHaveDuplicates();
    }

    @Test
    default void anEventStoredInFullReadsBackWithItsPayloadByteForByte() {
        byte[] payload = new byte[300_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        long id = store().inbox().append(List.of(new NewEvent("crm", null, "big", null, "k1", TARGET, payload, at(5), true))).getFirst().id();

        InboxEvent stored = store().inbox().find(id).orElseThrow();

        assertThat(stored.payload()).isEqualTo(payload);
        assertThat(stored).extracting(InboxEvent::source, InboxEvent::tenant, InboxEvent::eventId, InboxEvent::eventType, InboxEvent::recordKey,
                InboxEvent::target, InboxEvent::receivedAt, InboxEvent::ordered, InboxEvent::status, InboxEvent::attempts, InboxEvent::dueAt,
                InboxEvent::claimedBy, InboxEvent::reason, InboxEvent::finishedAt, InboxEvent::updatedAt)
                .containsExactly("crm", null, "big", null, "k1", TARGET, at(5), true, Status.PENDING, 0, at(5), null, null, null, at(5));
        assertThat(store().inbox().find(id + 1000)).isEmpty();
    }

    @Test
    default void anEventWithoutSubscriberIsStoredIgnoredDedupedAndNeverClaimed() {
        NewEvent orphan = new NewEvent("crm", null, "o1", "deal.created", null, null, "{}".getBytes(StandardCharsets.UTF_8), at(0), false);
        Appended stored = store().inbox().append(List.of(orphan)).getFirst();

        assertThat(store().inbox().append(List.of(orphan)).getFirst()).isEqualTo(new Appended(stored.id(), Outcome.DUPLICATE));
        InboxEvent ignored = store().inbox().find(stored.id()).orElseThrow();
        assertThat(ignored.status()).isEqualTo(Status.IGNORED);
        assertThat(ignored.target()).isNull();
        assertThat(ignored.reason()).isEqualTo(InboxEvent.NO_SUBSCRIBER);
        assertThat(ignored.finishedAt()).isEqualTo(at(0));
        assertThat(store().inbox().claim("w1", 10, LEASE, at(100))).isEmpty();
    }

    @Test
    default void anIgnoredEventKeepsTheReasonItWasGiven() {
        String why = "no connection of connector 'acme-app' has config.accountId = 'acct_9'";
        NewEvent unrouted = new NewEvent("app", null, "u1", "contact.updated", null, null, "{}".getBytes(StandardCharsets.UTF_8), at(0), false, why);

        InboxEvent ignored = store().inbox().find(store().inbox().append(List.of(unrouted)).getFirst().id()).orElseThrow();

        assertThat(ignored.status()).isEqualTo(Status.IGNORED);
        assertThat(ignored.reason()).isEqualTo(why);
    }

    @Test
    default void aClaimTakesDueEventsOldestFirstUpToItsLimitCountingAttemptsAndNamingTheWorker() {
        store().inbox().append(List.of(event("e1"), event("e2"), event("e3")));

        List<InboxEvent> claimed = store().inbox().claim("w1", 2, LEASE, at(1));

        assertThat(claimed).extracting(InboxEvent::eventId).containsExactly("e1", "e2");
        assertThat(claimed).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(Status.CLAIMED);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.claimedBy()).isEqualTo("w1");
            assertThat(e.dueAt()).isEqualTo(at(1).plus(LEASE));
        });
        assertThat(store().inbox().find(claimed.getFirst().id())).get().usingRecursiveComparison().isEqualTo(claimed.getFirst());
        assertThat(claimed.getFirst().payloadText()).isEqualTo("{\"id\":\"e1\"}");
        assertThat(store().inbox().claim("w2", 10, LEASE, at(2))).extracting(InboxEvent::eventId).containsExactly("e3");
        assertThat(store().inbox().claim("w3", 10, LEASE, at(3))).as("nothing left due").isEmpty();
    }

    @Test
    default void anEventIsNotClaimedBeforeItWasReceived() {
        store().inbox().append(List.of(event("e1")));

        assertThat(store().inbox().claim("w1", 10, LEASE, at(-1))).isEmpty();
        assertThat(store().inbox().claim("w1", 10, LEASE, at(0))).hasSize(1);
    }

    @Test
    default void aWorkerExtendsItsOwnClaimsOnlyAndAnExtendedClaimIsNotTakenWhenItsFirstLeaseEnds() {
        store().inbox().append(List.of(event("e1"), event("e2"), event("e3")));
        List<InboxEvent> mine = store().inbox().claim("w1", 2, LEASE, at(0));
        long theirs = store().inbox().claim("w2", 10, LEASE, at(0)).getFirst().id();

        assertThat(store().inbox().extendClaims("w1", at(50), at(20))).isEqualTo(2);

        assertThat(store().inbox().find(mine.getFirst().id()).orElseThrow().dueAt()).isEqualTo(at(50));
        assertThat(store().inbox().find(theirs).orElseThrow().dueAt()).as("another worker's claim").isEqualTo(at(30));
        assertThat(store().inbox().claim("w3", 10, LEASE, at(40))).extracting(InboxEvent::id).as("only the claim that was not extended ended")
                .containsExactly(theirs);
        assertThat(store().inbox().complete(mine.getFirst().id(), "w1", at(45))).isTrue();
        assertThat(store().inbox().extendClaims("w1", at(90), at(46))).as("a finished event is no claim").isEqualTo(1);
    }

    @Test
    default void anExpiredClaimIsClaimedAgainAndOnlyTheNewHolderRecordsTheOutcome() {
        store().inbox().append(List.of(event("e1")));
        long id = store().inbox().claim("w1", 10, LEASE, at(0)).getFirst().id();
        assertThat(store().inbox().claim("w2", 10, LEASE, at(29))).as("the claim still runs").isEmpty();

        InboxEvent again = store().inbox().claim("w2", 10, LEASE, at(30)).getFirst();

        assertThat(again.id()).isEqualTo(id);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(store().inbox().complete(id, "w1", at(31))).as("the worker that lost its claim").isFalse();
        assertThat(store().inbox().retry(id, "w1", "late", at(40), at(31))).isFalse();
        assertThat(store().inbox().deadLetter(id, "w1", "late", at(31))).isFalse();
        assertThat(store().inbox().complete(id, "w2", at(32))).isTrue();
        assertThat(store().inbox().complete(id, "w2", at(33))).as("only once").isFalse();
        InboxEvent done = store().inbox().find(id).orElseThrow();
        assertThat(done).extracting(InboxEvent::status, InboxEvent::dueAt, InboxEvent::finishedAt, InboxEvent::updatedAt)
                .containsExactly(Status.DONE, null, at(32), at(32));
    }

    @Test
    default void severalClaimedEventsAreCompletedAtOnceOnlyWhereTheWorkerHoldsThem() {
        List<NewEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 700; i++) {
            events.add(event("e" + i));
        }
        store().inbox().append(events);
        List<Long> mine = store().inbox().claim("w1", 650, LEASE, at(0)).stream().map(InboxEvent::id).toList();
        long theirs = store().inbox().claim("w2", 10, LEASE, at(0)).getFirst().id();
        List<Long> asked = new java.util.ArrayList<>(mine);
        asked.add(theirs);

        assertThat(store().inbox().completeAll(asked, "w1", at(5))).as("more than one statement's worth, the other worker's left").isEqualTo(650);
        assertThat(store().inbox().completeAll(mine, "w1", at(6))).as("only once").isZero();
        assertThat(store().inbox().find(mine.getLast()).orElseThrow()).extracting(InboxEvent::status, InboxEvent::finishedAt)
                .containsExactly(Status.DONE, at(5));
        assertThat(store().inbox().find(theirs).orElseThrow().status()).isEqualTo(Status.CLAIMED);
    }

    @Test
    default void aRetriedEventIsDueAgainAtItsNextAttemptWithItsError() {
        store().inbox().append(List.of(event("e1")));
        long id = store().inbox().claim("w1", 10, LEASE, at(0)).getFirst().id();

        assertThat(store().inbox().retry(id, "w1", "helpdesk answered 503", at(60), at(1))).isTrue();

        InboxEvent pending = store().inbox().find(id).orElseThrow();
        assertThat(pending).extracting(InboxEvent::status, InboxEvent::dueAt, InboxEvent::reason, InboxEvent::attempts)
                .containsExactly(Status.PENDING, at(60), "helpdesk answered 503", 1);
        assertThat(store().inbox().claim("w1", 10, LEASE, at(59))).isEmpty();
        assertThat(store().inbox().claim("w1", 10, LEASE, at(60))).extracting(InboxEvent::attempts).containsExactly(2);
    }

    @Test
    default void aDeadEventStaysUntilReplayedThenIsDueWithItsAttemptsReset() {
        store().inbox().append(List.of(event("e1")));
        long id = store().inbox().claim("w1", 10, LEASE, at(0)).getFirst().id();
        assertThat(store().inbox().replay(id, at(1))).as("not dead").isFalse();

        assertThat(store().inbox().deadLetter(id, "w1", "mapping failed: no email", at(1))).isTrue();
        assertThat(store().inbox().find(id).orElseThrow()).extracting(InboxEvent::status, InboxEvent::dueAt, InboxEvent::reason, InboxEvent::finishedAt)
                .containsExactly(Status.DEAD, null, "mapping failed: no email", at(1));
        assertThat(store().inbox().claim("w1", 10, LEASE, at(1000))).isEmpty();
        assertThat(store().inbox().purge(at(10_000), 100)).as("dead events are kept").isZero();

        assertThat(store().inbox().replay(id, at(2000))).isTrue();

        InboxEvent replayed = store().inbox().find(id).orElseThrow();
        assertThat(replayed).extracting(InboxEvent::status, InboxEvent::attempts, InboxEvent::dueAt, InboxEvent::finishedAt)
                .containsExactly(Status.PENDING, 0, at(2000), null);
        assertThat(store().inbox().claim("w2", 10, LEASE, at(2000))).extracting(InboxEvent::id, InboxEvent::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple(id, 1));
        assertThat(store().inbox().replay(id, at(2001))).isFalse();
    }

    @Test
    default void orderedEventsOfOneRecordAreClaimedOneAtATimeInArrivalOrder() {
        store().inbox().append(List.of(event("a1", "A", true), event("b1", "B", true), event("a2", "A", true), event("u1", "A", false),
                event("a3", "A", true)));

        assertThat(store().inbox().claim("w1", 10, LEASE, at(1))).extracting(InboxEvent::eventId)
                .as("the first of each record, and an unordered event of record A").containsExactly("a1", "b1", "u1");
        long a1 = store().inbox().list(InboxQuery.oldest(1)).getFirst().id();
        assertThat(store().inbox().claim("w1", 10, LEASE, at(2))).as("a2 waits while a1 is claimed").isEmpty();

        store().inbox().retry(a1, "w1", "timeout", at(10), at(3));
        assertThat(store().inbox().claim("w1", 10, LEASE, at(4))).as("a2 waits while a1 waits for its retry").isEmpty();
        assertThat(store().inbox().claim("w1", 10, LEASE, at(10))).extracting(InboxEvent::eventId).containsExactly("a1");

        store().inbox().complete(a1, "w1", at(11));
        List<InboxEvent> next = store().inbox().claim("w1", 10, LEASE, at(12));
        assertThat(next).extracting(InboxEvent::eventId).containsExactly("a2");

        store().inbox().deadLetter(next.getFirst().id(), "w1", "bad", at(13));
        assertThat(store().inbox().claim("w1", 10, LEASE, at(14))).as("an older unordered event of the record holds it back too").isEmpty();
        store().inbox().list(InboxQuery.oldest(10).withStatus(Status.CLAIMED)).forEach(e -> store().inbox().complete(e.id(), "w1", at(14)));
        assertThat(store().inbox().claim("w1", 10, LEASE, at(14))).extracting(InboxEvent::eventId)
                .as("a dead event does not hold back the next").containsExactly("a3");
    }

    @Test
    default void orderHoldsPerSubscriber() {
        NewEvent a1 = event("a1", "A", true);
        store().inbox().append(List.of(a1, new NewEvent("crm", "acme", "a1", null, "A", "flow:other", a1.payload(), at(0), true),
                event("a2", "A", true)));

        assertThat(store().inbox().claim("w1", 10, LEASE, at(1))).extracting(InboxEvent::eventId, InboxEvent::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a1", TARGET), org.assertj.core.groups.Tuple.tuple("a1", "flow:other"));
    }

    @Test
    default void purgeDeletesFinishedEventsBeforeTheCutoffInBoundedBatches() {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(event("done-" + i));
        }
        events.add(event("pending"));
        events.add(new NewEvent("crm", null, "orphan", null, null, null, new byte[0], at(0), false));
        store().inbox().append(events);
        List<InboxEvent> claimed = store().inbox().claim("w1", 7, LEASE, at(1));
        for (int i = 0; i < claimed.size(); i++) {
            store().inbox().complete(claimed.get(i).id(), "w1", i < 6 ? at(10) : at(500));
        }

        assertThat(store().inbox().purge(at(100), 4)).isEqualTo(4);
        assertThat(store().inbox().purge(at(100), 4)).as("the other two done and the ignored one").isEqualTo(3);
        assertThat(store().inbox().purge(at(100), 4)).isZero();

        assertThat(store().inbox().list(InboxQuery.oldest(100))).extracting(InboxEvent::eventId).containsExactly("done-6", "pending");
        assertThat(store().inbox().append(List.of(event("done-0"))).getFirst().outcome()).as("dedup ends with the purge").isEqualTo(Outcome.ACCEPTED);
        assertThatThrownBy(() -> store().inbox().purge(at(100), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void listFiltersByEachFieldAndPagesAfterTheLastId() {
        store().inbox().append(List.of(event("e1"), event("e2"), event("e3"),
                new NewEvent("erp", "globex", "x1", null, null, "flow:f", new byte[] {1}, at(0), false)));
        long e2 = store().inbox().claim("w1", 2, LEASE, at(1)).get(1).id();
        store().inbox().retry(e2, "w1", "later", at(100), at(2));

        assertThat(store().inbox().list(InboxQuery.oldest(2))).extracting(InboxEvent::eventId).containsExactly("e1", "e2");
        assertThat(store().inbox().list(InboxQuery.oldest(2).after(e2))).extracting(InboxEvent::eventId).containsExactly("e3", "x1");
        assertThat(store().inbox().list(InboxQuery.oldest(10).withSource("erp"))).extracting(InboxEvent::eventId).containsExactly("x1");
        assertThat(store().inbox().list(InboxQuery.oldest(10).withTenant("acme"))).hasSize(3);
        assertThat(store().inbox().list(InboxQuery.oldest(10).withTarget("flow:f"))).extracting(InboxEvent::eventId).containsExactly("x1");
        assertThat(store().inbox().list(InboxQuery.oldest(10).withStatus(Status.PENDING).withSource("crm"))).extracting(InboxEvent::eventId)
                .containsExactly("e2", "e3");
        assertThat(store().inbox().list(InboxQuery.oldest(10).withStatus(Status.CLAIMED))).extracting(InboxEvent::eventId).containsExactly("e1");
    }

    @Test
    default void statsCountPendingClaimedAndDeadAndAgeTheOldestPending() {
        assertThat(store().inbox().stats(at(0))).isEqualTo(new InboxStats(0, Duration.ZERO, 0, 0));
        store().inbox().append(List.of(event("e1"), event("e2"), event("e3"),
                new NewEvent("crm", null, "late", null, null, TARGET, new byte[0], at(50), false)));
        List<InboxEvent> claimed = store().inbox().claim("w1", 2, LEASE, at(1));
        store().inbox().deadLetter(claimed.get(0).id(), "w1", "bad", at(2));

        assertThat(store().inbox().stats(at(60))).isEqualTo(new InboxStats(2, Duration.ofSeconds(60), 1, 1));
    }

    @Test
    default void claimsAndAppendsRefuseWhatCannotBeRight() {
        assertThatThrownBy(() -> store().inbox().claim(" ", 1, LEASE, at(0))).hasMessageContaining("worker");
        assertThatThrownBy(() -> store().inbox().claim("w", 0, LEASE, at(0))).hasMessageContaining("limit must be positive");
        assertThatThrownBy(() -> store().inbox().claim("w", 1, Duration.ZERO, at(0))).hasMessageContaining("lease must be positive");
        assertThatThrownBy(() -> new NewEvent("crm", null, " ", null, null, null, new byte[0], at(0), false)).hasMessage("inbox event: eventId must not be blank");
        assertThatThrownBy(() -> new NewEvent("crm", null, "e", null, null, "", new byte[0], at(0), false))
                .hasMessage("inbox event 'e' of 'crm': target must be null (no subscriber) or not blank");
        assertThat(store().inbox().append(List.of())).isEmpty();
    }

    @Test
    default void eightClaimersAtOnceNeverClaimOneEventTwice() throws Exception {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(event("e" + i, "k" + (i % 40), i % 2 == 0));
        }
        store().inbox().append(events);
        Set<Long> done = ConcurrentHashMap.newKeySet();
        List<Long> claims = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String worker = "w" + w;
                workers.add(() -> {
                    for (int idle = 0; idle < 50; ) {
                        List<InboxEvent> batch = store().inbox().claim(worker, 7, LEASE, at(1));
                        idle = batch.isEmpty() ? idle + 1 : 0;
                        for (InboxEvent e : batch) {
                            claims.add(e.id());
                            assertThat(store().inbox().complete(e.id(), worker, at(2))).isTrue();
                            done.add(e.id());
                        }
                        if (batch.isEmpty()) {
                            Thread.sleep(2);
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(workers)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claims).as("no event claimed twice").doesNotHaveDuplicates().hasSize(300);
        assertThat(done).hasSize(300);
        assertThat(store().inbox().stats(at(3))).isEqualTo(new InboxStats(0, Duration.ZERO, 0, 0));
    }

    @Test
    default void fourProcessesAppendingTheSameEventsAtOnceStoreEachOnce() throws Exception {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(event("e" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<List<Appended>> answers = new ArrayList<>();
        try {
            List<Callable<List<Appended>>> appenders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                appenders.add(() -> store().inbox().append(events));
            }
            for (Future<List<Appended>> result : pool.invokeAll(appenders)) {
                answers.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<InboxEvent> stored = store().inbox().list(InboxQuery.oldest(100));
        assertThat(stored).hasSize(60);
        for (int i = 0; i < 60; i++) {
            Set<Long> ids = new HashSet<>();
            int accepted = 0;
            for (List<Appended> a : answers) {
                ids.add(a.get(i).id());
                accepted += a.get(i).duplicate() ? 0 : 1;
            }
            assertThat(accepted).as("event %d accepted once", i).isEqualTo(1);
            assertThat(ids).as("event %d has one id", i).containsExactly(stored.get(i).id());
        }
    }
}
