package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.engine.internal.FlowAdmission;
import dev.junction.engine.internal.FlowLeases;
import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.FlowExecutionStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Executions past their flow's or tenant's concurrency wait, queued, and start oldest first as others
 * end, counted in the store over every process on it: here two admissions with their own leases stand
 * for two processes on one H2 database. A process sees a slot another freed when it looks again
 * ({@link FlowAdmission#release}, which its recheck does too; the recheck here is too slow to come
 * during a test). The clock stands still until a test moves it.
 */
class FlowAdmissionTest {
    private static final Duration TTL = Duration.ofSeconds(6);

    private final TestClock clock = new TestClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final JdbcStore store = JdbcStore.h2InMemory("admission-" + UUID.randomUUID());
    private final FlowExecutionRepository executions = store.flowExecutions();
    private final List<String> started = new ArrayList<>();
    private final List<String> gone = new ArrayList<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        store.close();
    }

    /** An admission standing for a process named {@code owner}. */
    private FlowAdmission process(String owner, int tenantLimit) {
        FlowLeases leases = new FlowLeases(executions, clock, TTL, owner);
        FlowAdmission admission = new FlowAdmission(executions, leases, clock, tenantLimit, Duration.ofHours(1));
        opened.add(leases);
        opened.add(admission);
        return admission;
    }

    /** Stores a queued execution {@code id} of {@code flow} (limit {@code flowLimit}) for {@code tenant} and has {@code process} admit it. */
    private void start(FlowAdmission process, String id, String flow, int flowLimit, String tenant) {
        FlowExecution execution = executions.createOrFind(FlowExecution.queued(id, flow, 1, tenant, "{}", null, null, clock.instant()));
        process.admit(id, flow, flowLimit, tenant, execution.createdAt(), () -> started.add(id), () -> gone.add(id));
        clock.advance(Duration.ofMillis(1));
    }

    /** The execution ends where it runs; {@code process} looks again. */
    private void end(String id, FlowAdmission process) {
        executions.finish(id, FlowExecutionStatus.SUCCEEDED, 200, "{}", null, clock.instant());
        process.release();
    }

    private FlowExecutionStatus status(String id) {
        return executions.find(id).orElseThrow().status();
    }

    @Test
    void executionsPastTheFlowsLimitWaitInOrderWhileOtherFlowsGoPast() {
        FlowAdmission admission = process("p1", 0);

        start(admission, "o1", "orders", 1, "acme");
        start(admission, "o2", "orders", 1, "acme");
        start(admission, "o3", "orders", 1, "globex");
        start(admission, "c1", "cards", 2, "acme");

        assertThat(started).containsExactly("o1", "c1");
        assertThat(admission.waiting()).isEqualTo(2);
        assertThat(status("o1")).isEqualTo(FlowExecutionStatus.RUNNING);
        assertThat(status("o2")).isEqualTo(FlowExecutionStatus.QUEUED);
        assertThat(admission.limited(0)).as("a flow with no limit, and no tenant limit: started at once, without the store").isFalse();
        end("o1", admission);
        assertThat(started).containsExactly("o1", "c1", "o2");
        end("o2", admission);
        assertThat(started).containsExactly("o1", "c1", "o2", "o3");
        assertThat(admission.waiting()).isZero();
    }

    @Test
    void aTenantsExecutionsPastTheTenantLimitWaitWhileOtherTenantsRun() {
        FlowAdmission admission = process("p1", 2);

        start(admission, "a1", "a", 0, "acme");
        start(admission, "b1", "b", 0, "acme");
        start(admission, "c1", "c", 0, "acme");
        start(admission, "g1", "a", 0, "globex");
        start(admission, "op1", "a", 0, null);

        assertThat(started).containsExactly("a1", "b1", "g1", "op1");
        end("b1", admission);
        assertThat(started).containsExactly("a1", "b1", "g1", "op1", "c1");
    }

    @Test
    void twoProcessesRunNoMoreThanTheLimitTogetherAndTheOldestWaitingStartsFirstWhereverItWaits() {
        FlowAdmission a = process("a", 0);
        FlowAdmission b = process("b", 0);

        start(a, "e1", "orders", 2, null);
        start(a, "e2", "orders", 2, null);
        start(b, "e3", "orders", 2, null);
        start(a, "e4", "orders", 2, null);
        assertThat(started).containsExactly("e1", "e2");
        assertThat(List.of(status("e3"), status("e4"))).containsOnly(FlowExecutionStatus.QUEUED);

        end("e1", a);
        assertThat(started).as("b holds an older execution waiting for the flow: a leaves the slot to it").containsExactly("e1", "e2");
        b.release();
        assertThat(started).containsExactly("e1", "e2", "e3");
        a.release();
        assertThat(started).as("the flow is full again").containsExactly("e1", "e2", "e3");
        end("e3", b);
        assertThat(started).as("b has nothing waiting; a has not looked yet").containsExactly("e1", "e2", "e3");
        a.release();
        assertThat(started).containsExactly("e1", "e2", "e3", "e4");
    }

    @Test
    void anExecutionWaitingForItsTenantDoesNotHoldBackItsFlowElsewhere() {
        FlowAdmission a = process("a", 1);
        FlowAdmission b = process("b", 1);

        start(a, "acme-1", "other", 0, "acme");
        start(a, "acme-2", "orders", 1, "acme");
        start(b, "globex-1", "orders", 1, "globex");

        assertThat(started).as("acme-2 waits for its tenant only").containsExactly("acme-1", "globex-1");
    }

    @Test
    void theSlotsOfAProcessThatDiedCountUntilItsLeasesExpireAndItsExecutionsWaitLikeAnyOther() {
        FlowAdmission a = process("a", 0);
        for (String id : List.of("dead-1", "dead-2")) {
            executions.createOrFind(FlowExecution.queued(id, "orders", 1, null, "{}", null, null, clock.instant()));
            assertThat(executions.claim(id, "dead-process", clock.instant(), clock.instant().plus(TTL), null)).isTrue();
        }

        start(a, "e1", "orders", 2, null);
        assertThat(started).isEmpty();
        clock.advance(TTL);
        a.release();
        assertThat(started).as("the dead process's leases expired").containsExactly("e1");

        // what the flow worker hands over: the dead process's executions, to resume
        a.admit("dead-1", "orders", 2, null, executions.find("dead-1").orElseThrow().createdAt(), () -> started.add("dead-1"), () -> gone.add("dead-1"));
        a.admit("dead-2", "orders", 2, null, executions.find("dead-2").orElseThrow().createdAt(), () -> started.add("dead-2"), () -> gone.add("dead-2"));
        assertThat(started).containsExactly("e1", "dead-1");
        assertThat(status("dead-2")).as("waiting for a slot again, its steps kept").isEqualTo(FlowExecutionStatus.QUEUED);
        assertThat(executions.claimable(clock.instant(), clock.instant().plusSeconds(60), 10)).as("held by a live process").isEmpty();
    }

    @Test
    void aProcessThatStopsHandsItsWaitingExecutionsBackAtOnce() throws Exception {
        FlowAdmission a = process("a", 0);
        start(a, "e1", "orders", 1, null);
        start(a, "e2", "orders", 1, null);
        clock.advance(Duration.ofSeconds(1));

        a.close();

        assertThat(gone).containsExactly("e2");
        assertThat(executions.claimable(clock.instant(), clock.instant(), 10)).as("any process may take it").containsExactly("e2");
    }

    @Test
    void anExecutionCancelledWhileItWaitsIsGoneWhenItsTurnComes() {
        FlowAdmission a = process("a", 0);
        start(a, "e1", "orders", 1, null);
        start(a, "e2", "orders", 1, null);
        start(a, "e3", "orders", 1, null);

        executions.cancel("e2", clock.instant());
        end("e1", a);

        assertThat(gone).containsExactly("e2");
        assertThat(started).containsExactly("e1", "e3");
    }
}
