package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.AlertNotification;
import dev.junction.store.AlertRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Alerts: one firing episode per rule and subject however many processes see the condition at once,
 * resolved once, notifications claimed once and purged when final. Mixed into
 * {@link AbstractStoreContractTest}.
 */
interface AlertContract extends StoreContract {
    private AlertRecord alert(String id, String subject, String tenant) {
        return new AlertRecord(id, "sync-failed", subject, tenant, "s", null, "critical", AlertRecord.Status.FIRING, "run failed", T0, T0, null, T0);
    }

    private AlertNotification note(String id, String alertId, String action) {
        return AlertNotification.pending(id, alertId, "ops-slack", action, "acme", "{\"summary\":\"x\"}", T0);
    }

    @Test
    default void anAlertFiresOnceWhileItsConditionHoldsEvenWhenProcessesRace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "a" + i;
                tasks.add(() -> store().alerts().fire(alert(id, "sync=s tenant=acme", "acme"), List.of(note("n" + id, id, "trigger"))));
            }
            int fired = 0;
            for (Future<Boolean> answer : pool.invokeAll(tasks)) {
                fired += answer.get() ? 1 : 0;
            }
            assertThat(fired).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        AlertRecord firing = store().alerts().firing("sync-failed", "sync=s tenant=acme").orElseThrow();
        assertThat(store().alerts().notifications(firing.id(), 10)).hasSize(1).allMatch(n -> n.action().equals("trigger"));
        assertThat(store().alerts().notifications(null, 10)).as("the losers stored no notification").hasSize(1);

        store().alerts().seen(firing.id(), at(5));
        assertThat(store().alerts().find(firing.id()).orElseThrow().lastSeenAt()).isEqualTo(at(5));
        assertThat(store().alerts().resolve(firing.id(), at(9), List.of(note("r1", firing.id(), "resolve")))).isTrue();
        assertThat(store().alerts().resolve(firing.id(), at(10), List.of(note("r2", firing.id(), "resolve")))).as("resolved once").isFalse();
        AlertRecord resolved = store().alerts().find(firing.id()).orElseThrow();
        assertThat(resolved.status()).isEqualTo(AlertRecord.Status.RESOLVED);
        assertThat(resolved.resolvedAt()).isEqualTo(at(9));
        assertThat(store().alerts().firing()).isEmpty();

        // the condition holds again: a new episode
        assertThat(store().alerts().fire(alert("b1", "sync=s tenant=acme", "acme"), List.of())).isTrue();
        assertThat(store().alerts().list(null, null, 10)).extracting(AlertRecord::id).containsExactlyInAnyOrder("b1", firing.id());
        assertThat(store().alerts().list("acme", AlertRecord.Status.FIRING, 10)).extracting(AlertRecord::id).containsExactly("b1");
        assertThat(store().alerts().list("other", null, 10)).isEmpty();
    }

    @Test
    default void notificationsAreClaimedOnceRetriedAndPurgedWhenFinal() {
        store().alerts().fire(alert("a1", "x", null), List.of(note("n1", "a1", "trigger"), note("n2", "a1", "trigger")));
        List<AlertNotification> claimed = store().alerts().claimDue(at(1), at(60), 10);
        assertThat(claimed).extracting(AlertNotification::id).containsExactlyInAnyOrder("n1", "n2");
        assertThat(store().alerts().claimDue(at(2), at(60), 10)).as("held until the lease ends").isEmpty();

        store().alerts().recordAttempt("n1", AlertNotification.Status.DELIVERED, null, null, at(3));
        store().alerts().recordAttempt("n2", AlertNotification.Status.FAILED, at(20), "HTTP 500", at(3));
        AlertNotification failed = store().alerts().findNotification("n2").orElseThrow();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("HTTP 500");
        assertThat(store().alerts().claimDue(at(21), at(80), 10)).extracting(AlertNotification::id).containsExactly("n2");
        store().alerts().recordAttempt("n2", AlertNotification.Status.DEAD, null, "HTTP 500", at(22));

        store().alerts().resolve("a1", at(23), List.of());
        assertThat(store().alerts().purge(at(100), 1000)).isEqualTo(3);
        assertThat(store().alerts().notifications(null, 10)).isEmpty();
        assertThat(store().alerts().find("a1")).isEmpty();
    }

    @Test
    default void silencesAreListedUntilTheyEndAndTheNewestAlertOfASubjectIsFound() {
        store().alerts().addSilence(new dev.junction.store.AlertSilence("sil_1", "sync-failed", null, null, "acme", T0, at(3600), "deploy", "admin", T0));
        store().alerts().addSilence(new dev.junction.store.AlertSilence("sil_2", null, null, null, null, at(10), at(20), "window", null, T0));
        assertThat(store().alerts().silences(at(15))).extracting(dev.junction.store.AlertSilence::id).containsExactly("sil_2", "sil_1");
        assertThat(store().alerts().silences(at(20))).extracting(dev.junction.store.AlertSilence::id).containsExactly("sil_1");
        AlertRecord acme = alert("a1", "x", "acme");
        assertThat(store().alerts().silences(at(15)).getLast().silences(acme, at(15))).isTrue();
        assertThat(store().alerts().silences(at(15)).getLast().silences(alert("a2", "x", "globex"), at(15))).isFalse();
        assertThat(store().alerts().deleteSilence("sil_1")).isTrue();
        assertThat(store().alerts().deleteSilence("sil_1")).isFalse();

        store().alerts().fire(acme, List.of());
        store().alerts().resolve("a1", at(5), List.of());
        store().alerts().fire(new AlertRecord("a3", "sync-failed", "x", "acme", "s", null, "critical", AlertRecord.Status.FIRING, "again", at(9), at(9),
                null, null), List.of());
        assertThat(store().alerts().latest("sync-failed", "x").orElseThrow().id()).isEqualTo("a3");
        assertThat(store().alerts().latest("sync-failed", "y")).isEmpty();
        assertThat(store().alerts().purge(at(100), 1000)).as("the resolved alert and the ended silence").isEqualTo(2);
        assertThat(store().alerts().latest("sync-failed", "x").orElseThrow().id()).as("a firing alert stays").isEqualTo("a3");
    }
}
