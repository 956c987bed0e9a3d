package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.FlowSlots;
import dev.junction.store.FlowSlots.Limit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Flow concurrency limits kept in the store: a limit's load counts the executions running under a
 * live lease (of any process) and the oldest one another process holds waiting for it; claims under
 * a limit's lock never overshoot it however many processes race; a held execution stays queued, out
 * of every other process's reach while its lease lives, and is handed back when its process stops.
 * Mixed into {@link AbstractStoreContractTest}.
 */
interface FlowSlotContract extends StoreContract {
    private FlowExecution queued(String id, String flow, String tenant, long createdAt) {
        return store().flowExecutions().createOrFind(FlowExecution.queued(id, flow, 1, tenant, "{}", null, null, at(createdAt)));
    }

    @Test
    default void aLimitsLoadCountsExecutionsRunningUnderALiveLeaseAndTheOldestWaitingElsewhere() {
        FlowExecutionRepository flows = store().flowExecutions();
        queued("live", "orders", "acme", 0);
        queued("expired", "orders", "acme", 0);
        queued("handed-back", "orders", null, 0);
        queued("sub-flow", "orders", null, 0);
        queued("other-flow", "cards", "acme", 0);
        assertThat(flows.claim("live", "p1", at(10), at(20), null)).isTrue();
        assertThat(flows.claim("expired", "p2", at(1), at(5), null)).isTrue();
        assertThat(flows.claim("handed-back", "p1", at(10), at(20), null)).isTrue();
        flows.release("handed-back", "p1", at(11));
        assertThat(flows.start("sub-flow", at(10))).as("a sub-flow runs inside its parent, with no lease of its own").isTrue();
        assertThat(flows.claim("other-flow", "p1", at(10), at(20), null)).isTrue();
        queued("waits-1", "orders", "acme", 3);
        queued("waits-2", "orders", "acme", 4);
        queued("waits-tenant", "orders", "acme", 2);
        queued("mine", "orders", null, 1);
        flows.admit(List.of(Limit.flow("orders")), "p2", at(11), at(30), slots -> slots.hold("waits-1", true, false)
                && slots.hold("waits-2", true, false) && slots.hold("waits-tenant", false, true));
        flows.admit(List.of(Limit.flow("orders")), "p1", at(11), at(30), slots -> slots.hold("mine", true, false));

        List<FlowSlots.Load> loads = flows.admit(List.of(Limit.flow("orders"), Limit.tenant("acme"), Limit.tenant(null), Limit.flow("cards")),
                "p1", at(12), at(22), slots -> List.of(slots.load(Limit.flow("orders")), slots.load(Limit.tenant("acme")),
                        slots.load(Limit.tenant(null)), slots.load(Limit.flow("cards"))));

        assertThat(loads).containsExactly(new FlowSlots.Load(1, at(3)), new FlowSlots.Load(2, at(2)), new FlowSlots.Load(0, null),
                new FlowSlots.Load(1, null));
        assertThat(flows.<FlowSlots.Load>admit(List.of(Limit.flow("orders")), "p1", at(31), at(40), slots -> slots.load(Limit.flow("orders"))))
                .as("p2's holds expired at 30").isEqualTo(new FlowSlots.Load(0, null));
        assertThatThrownBy(() -> flows.admit(List.of(Limit.flow("orders")), "p1", at(12), at(22), slots -> slots.load(Limit.flow("cards"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the admission pass was not opened with limit flow:cards (it has [flow:orders])");
    }

    @Test
    default void processesRacingForTheLastSlotsOfALimitNeverTakeMoreThanItAllows() throws Exception {
        FlowExecutionRepository flows = store().flowExecutions();
        int racers = 8;
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String id = "racer-" + i;
            queued(id, "orders", "acme", i);
            tasks.add(() -> flows.admit(Set.of(Limit.tenant("acme"), Limit.flow("orders")), "process-" + id, at(10), at(20),
                    slots -> slots.load(Limit.flow("orders")).running() < 2 && slots.claim(id)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        int claimed = 0;
        try {
            for (Future<Boolean> answer : pool.invokeAll(tasks)) {
                claimed += answer.get() ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claimed).isEqualTo(2);
        assertThat(flows.inStatus(FlowExecutionStatus.RUNNING, 10)).hasSize(2);
    }

    @Test
    default void aHeldExecutionStaysQueuedOutOfOtherProcessesReachUntilItsProcessHandsItBack() {
        FlowExecutionRepository flows = store().flowExecutions();
        queued("held", "orders", null, 0);
        queued("resumed", "orders", null, 0);
        assertThat(flows.claim("resumed", "dead", at(1), at(5), null)).isTrue();

        assertThat(flows.<Boolean>admit(List.of(Limit.flow("orders")), "p1", at(10), at(20), slots -> slots.hold("held", true, false)
                && slots.hold("resumed", true, false))).isTrue();

        assertThat(flows.find("resumed").orElseThrow().status()).as("a resumed execution waits queued, its steps kept").isEqualTo(FlowExecutionStatus.QUEUED);
        assertThat(flows.find("resumed").orElseThrow().updatedAt()).isEqualTo(at(10));
        assertThat(flows.find("held").orElseThrow().updatedAt()).as("still queued since it was stored").isEqualTo(at(0));
        assertThat(flows.claimable(at(15), at(15), 10)).isEmpty();
        assertThat(flows.claim("held", "p2", at(15), at(25), null)).isFalse();
        assertThat(flows.<Boolean>admit(List.of(Limit.flow("orders")), "p2", at(15), at(25), slots -> slots.claim("held") || slots.hold("held", true, false)))
                .as("held by p1's live lease").isFalse();
        assertThat(flows.renew("p1", at(40))).isEmpty();
        assertThat(flows.claimable(at(30), at(30), 10)).as("renewed with p1's running executions").isEmpty();

        flows.releaseWaiting("p1");

        assertThat(flows.claimable(at(30), at(30), 10)).containsExactlyInAnyOrder("held", "resumed");
        assertThat(flows.<Boolean>admit(List.of(Limit.flow("orders")), "p2", at(30), at(40), slots -> slots.claim("held"))).isTrue();
        flows.cancel("resumed", at(31));
        assertThat(flows.<Boolean>admit(List.of(Limit.flow("orders")), "p2", at(31), at(41), slots -> slots.hold("resumed", true, false)))
                .as("cancelled").isFalse();
    }
}
