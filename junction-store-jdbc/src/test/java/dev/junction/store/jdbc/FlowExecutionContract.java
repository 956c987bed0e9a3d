package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.store.FlowExecutionRepository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Flow executions: stored once per idempotency key (whoever comes second gets the first), started
 * only from queued, ended with their answer; steps kept in the order they ran, their full outputs
 * encrypted (and encrypted again when the tenant's data key rotates); claimed under a lease, claimed
 * again once it expired, parked until a wake time, cancelled, retried, purged. Mixed into
 * {@link AbstractStoreContractTest}.
 */
interface FlowExecutionContract extends StoreContract {
    @Test
    default void anExecutionIsStoredStartedOnceAndEndedWithItsAnswerAndSteps() {
        FlowExecution queued = FlowExecution.queued("e1", "contact-card", 3, "acme", "{\"id\":\"7\"}", null, null, T0);
        assertThat(store().flowExecutions().createOrFind(queued)).isEqualTo(queued);
        assertThat(store().flowExecutions().find("e1")).contains(queued);
        assertThat(store().flowExecutions().inStatus(FlowExecutionStatus.QUEUED, 10)).containsExactly(queued);

        assertThat(store().flowExecutions().start("e1", at(1))).isTrue();
        assertThat(store().flowExecutions().start("e1", at(2))).as("only a queued execution starts").isFalse();
        FlowStepRecord first = new FlowStepRecord("e1", 1, "contact", "succeeded", "{\"a\":1}", null, at(1), at(2), "{\"id\":\"c-1\"}");
        FlowStepRecord second = new FlowStepRecord("e1", 2, "answer", "failed", null, "boom", at(2), at(3));
        store().flowExecutions().saveStep(second);
        store().flowExecutions().saveStep(first);
        store().flowExecutions().finish("e1", FlowExecutionStatus.FAILED, 502, "{\"title\":\"x\"}", "boom", at(3));

        FlowExecution ended = store().flowExecutions().find("e1").orElseThrow();
        assertThat(ended.status()).isEqualTo(FlowExecutionStatus.FAILED);
        assertThat(ended.responseStatus()).isEqualTo(502);
        assertThat(ended.output()).isEqualTo("{\"title\":\"x\"}");
        assertThat(ended.version()).isEqualTo(3);
        assertThat(ended.updatedAt()).isEqualTo(at(3));
        assertThat(store().flowExecutions().steps("e1")).containsExactly(first, second);
        assertThat(store().flowExecutions().steps("nope")).isEmpty();
        assertThat(store().flowExecutions().find("nope")).isEmpty();
    }

    @Test
    default void theSameIdempotencyIsStoredOnceEvenWhenRacing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<FlowExecution>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "race-" + i;
                tasks.add(() -> store().flowExecutions().createOrFind(FlowExecution.queued(id, "f", 1, null, "{}", "acme/f/key-1", "hash", T0)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<FlowExecution> answer : pool.invokeAll(tasks)) {
                ids.add(answer.get().id());
            }
            assertThat(ids).as("every caller got the same execution").containsOnly(ids.getFirst());
            assertThat(store().flowExecutions().list("f", 100)).hasSize(1);
            assertThat(store().flowExecutions().findByIdempotency("acme/f/key-1").orElseThrow().bodyHash()).isEqualTo("hash");
        } finally {
            pool.shutdownNow();
        }
        // without a key, executions never collide
        store().flowExecutions().createOrFind(FlowExecution.queued("n1", "f", 1, null, "{}", null, null, at(1)));
        store().flowExecutions().createOrFind(FlowExecution.queued("n2", "g", 1, null, "{}", null, null, at(2)));
        assertThat(store().flowExecutions().list(null, 10)).extracting(FlowExecution::id).hasSize(3).startsWith("n2", "n1");
    }

    @Test
    default void aRenewalLeavesOutTheExecutionsItIsToldTo() {
        FlowExecutionRepository flows = store().flowExecutions();
        for (String id : java.util.List.of("r1", "r2", "r3")) {
            flows.createOrFind(FlowExecution.queued(id, "f", 1, null, "{}", null, null, T0));
            assertThat(flows.claim(id, "p1", at(1), at(11), null)).isTrue();
        }
        assertThat(flows.renew("p1", at(30), java.util.Set.of("r1", "r3"))).isEmpty();
        assertThat(flows.claimable(at(12), at(1), 10)).as("left to expire").containsExactlyInAnyOrder("r1", "r3");
        assertThat(flows.renew("p1", at(40), java.util.Set.of())).isEmpty();
        assertThat(flows.claimable(at(31), at(1), 10)).as("all renewed").isEmpty();
    }

    @Test
    default void aClaimedExecutionIsClaimedAgainOnlyOnceItsLeaseExpiredAndWaitingOnesWhenTheirTimeCame() {
        FlowExecutionRepository flows = store().flowExecutions();
        flows.createOrFind(FlowExecution.queued("c1", "f", 1, null, "{}", null, null, T0));
        flows.createOrFind(FlowExecution.queued("c2", "f", 1, null, "{}", null, null, at(5)));
        assertThat(flows.claimable(at(6), at(1), 10)).as("only queued ones older than the grace").containsExactly("c1");
        assertThat(flows.claim("c1", "p1", at(6), at(16), at(1))).isTrue();
        assertThat(flows.claim("c1", "p2", at(7), at(17), null)).as("held").isFalse();
        assertThat(flows.claimable(at(10), at(1), 10)).isEmpty();
        assertThat(flows.renew("p1", at(30))).isEmpty();
        assertThat(flows.claimable(at(20), at(1), 10)).as("renewed").isEmpty();
        assertThat(flows.claimable(at(31), at(1), 10)).as("expired").containsExactly("c1");
        assertThat(flows.claim("c1", "p2", at(31), at(41), null)).isTrue();
        flows.release("c1", "p1", at(31));
        assertThat(flows.claimable(at(32), at(1), 10)).as("only its owner hands it back").isEmpty();
        flows.release("c1", "p2", at(32));
        assertThat(flows.claimable(at(32), at(1), 10)).as("handed back").containsExactly("c1");
        assertThat(flows.claim("c1", "p2", at(32), at(42), null)).isTrue();

        flows.park("c1", "p1", at(100), at(32));
        assertThat(flows.find("c1").orElseThrow().status()).as("only its owner parks it").isEqualTo(FlowExecutionStatus.RUNNING);
        flows.park("c1", "p2", at(100), at(32));
        assertThat(flows.find("c1").orElseThrow().status()).isEqualTo(FlowExecutionStatus.WAITING);
        assertThat(flows.claimable(at(99), at(99), 10)).containsExactly("c2");
        assertThat(flows.claimable(at(100), at(1), 10)).containsExactly("c1");
        assertThat(flows.claim("c1", "p3", at(100), at(110), null)).isTrue();

        assertThat(flows.cancel("c1", at(101))).contains(FlowExecutionStatus.RUNNING);
        assertThat(flows.renew("p3", at(120))).containsExactly("c1");
        assertThat(flows.cancel("c2", at(101))).contains(FlowExecutionStatus.CANCELLED);
        assertThat(flows.claim("c2", "p3", at(102), at(112), null)).isFalse();
        assertThat(flows.cancel("nope", at(101))).isEmpty();
        assertThat(flows.claimable(at(200), at(200), 10)).as("asked to cancel, its process died: ended").isEmpty();
        assertThat(flows.find("c1").orElseThrow().status()).isEqualTo(FlowExecutionStatus.CANCELLED);
        flows.finish("c1", FlowExecutionStatus.SUCCEEDED, 200, "{}", null, at(201));
        assertThat(flows.find("c1").orElseThrow().status()).as("an ended execution stays ended").isEqualTo(FlowExecutionStatus.CANCELLED);
    }

    @Test
    default void aFailedExecutionIsQueuedAgainOnAnotherVersionAndEndedOnesArePurged() {
        FlowExecutionRepository flows = store().flowExecutions();
        flows.createOrFind(FlowExecution.queued("r1", "f", 1, null, "{}", null, null, T0));
        flows.createOrFind(FlowExecution.queued("r2", "f", 1, null, "{}", null, null, T0));
        flows.saveStep(new FlowStepRecord("r1", 1, "a", "failed", null, "boom", at(1), at(1)));
        flows.finish("r1", FlowExecutionStatus.FAILED, 502, "{}", "boom", at(2));
        assertThat(flows.retry("r2", 2, at(3))).as("only a failed one").isFalse();
        assertThat(flows.retry("r1", 4, at(3))).isTrue();
        FlowExecution again = flows.find("r1").orElseThrow();
        assertThat(again.status()).isEqualTo(FlowExecutionStatus.QUEUED);
        assertThat(again.version()).isEqualTo(4);
        assertThat(again.error()).isNull();
        assertThat(flows.steps("r1")).hasSize(1);

        flows.finish("r1", FlowExecutionStatus.SUCCEEDED, 200, "{}", null, at(10));
        assertThat(flows.purge(at(11), 10)).isEqualTo(1);
        assertThat(flows.find("r1")).isEmpty();
        assertThat(flows.steps("r1")).isEmpty();
        assertThat(flows.find("r2")).as("not ended").isPresent();
    }

    @Test
    default void aStepsFullOutputIsStoredEncryptedAndSurvivesADataKeyRotation() throws Exception {
        EnvelopeCipher cipher = new EnvelopeCipher(MasterKey.generate(new SecureRandom()), new SecureRandom());
        FlowExecutionRepository flows = store().flowExecutions(() -> cipher);
        flows.createOrFind(FlowExecution.queued("s1", "f", 1, "acme", "{}", null, null, T0));
        flows.createOrFind(FlowExecution.queued("s2", "f", 1, null, "{}", null, null, T0));
        flows.saveStep(new FlowStepRecord("s1", 1, "a", "succeeded", "{\"token\":\"[REDACTED]\"}", null, at(1), at(1), "{\"given\":1}"), "acme",
                "{\"token\":\"full-output-plaintext\"}");
        flows.saveStep(new FlowStepRecord("s2", 1, "a", "succeeded", "{}", null, at(1), at(1)), null, "{\"operator\":true}");

        try (java.sql.Connection c = ((JdbcStore) store()).dataSource().getConnection();
                java.sql.ResultSet row = c.createStatement().executeQuery("select sealed_output from flow_steps where execution_id = 's1'")) {
            assertThat(row.next()).isTrue();
            assertThat(new String(row.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain("full-output-plaintext");
        }
        assertThat(((JdbcStore) store()).rotateDataKey(cipher, "acme")).hasValueSatisfying(n -> assertThat(n).isPositive());
        FlowExecutionRepository fresh = ((JdbcStore) store()).flowExecutions(() -> cipher);
        assertThat(fresh.resumable("s1", "acme")).singleElement().satisfies(s -> {
            assertThat(s.output()).isEqualTo("{\"token\":\"full-output-plaintext\"}");
            assertThat(s.row().output()).isEqualTo("{\"token\":\"[REDACTED]\"}");
            assertThat(s.row().input()).isEqualTo("{\"given\":1}");
        });
        assertThat(fresh.resumable("s2", null)).singleElement().satisfies(s -> assertThat(s.output()).isEqualTo("{\"operator\":true}"));
    }
}
