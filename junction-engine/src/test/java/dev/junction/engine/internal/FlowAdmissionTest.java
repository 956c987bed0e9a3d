package dev.junction.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Executions past their flow's or tenant's concurrency wait in arrival order and start as others end. */
class FlowAdmissionTest {
    private final List<String> started = new ArrayList<>();

    private Runnable start(String name) {
        return () -> started.add(name);
    }

    @Test
    void executionsPastTheFlowsLimitWaitInOrderWhileOtherFlowsGoPast() {
        FlowAdmission admission = new FlowAdmission(0);

        admission.admit("orders", 1, "acme", start("o1"));
        admission.admit("orders", 1, "acme", start("o2"));
        admission.admit("orders", 1, "globex", start("o3"));
        admission.admit("cards", 0, "acme", start("c1"));

        assertThat(started).containsExactly("o1", "c1");
        assertThat(admission.waiting()).isEqualTo(2);
        admission.release("orders", "acme");
        assertThat(started).containsExactly("o1", "c1", "o2");
        admission.release("orders", "acme");
        assertThat(started).containsExactly("o1", "c1", "o2", "o3");
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aTenantsExecutionsPastTheTenantLimitWaitWhileOtherTenantsRun() {
        FlowAdmission admission = new FlowAdmission(2);

        admission.admit("a", 0, "acme", start("a1"));
        admission.admit("b", 0, "acme", start("b1"));
        admission.admit("c", 0, "acme", start("c1"));
        admission.admit("a", 0, "globex", start("g1"));
        admission.admit("a", 0, null, start("op1"));

        assertThat(started).containsExactly("a1", "b1", "g1", "op1");
        admission.release("b", "acme");
        assertThat(started).containsExactly("a1", "b1", "g1", "op1", "c1");
    }
}
