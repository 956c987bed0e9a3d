package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowStepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Flow executions: stored once per idempotency key (whoever comes second gets the first), started
 * only from queued, ended with their answer; steps kept in the order they ran. Mixed into
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
        FlowStepRecord first = new FlowStepRecord("e1", 1, "contact", "succeeded", "{\"a\":1}", null, at(1), at(2));
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
}
