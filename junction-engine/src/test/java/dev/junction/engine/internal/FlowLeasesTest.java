package dev.junction.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.FlowExecution;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.jdbc.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An execution a store failure left running under this process's lease ({@link FlowLeases#abandon})
 * is left out of the renewals of the executions this process still runs, so its lease expires and a
 * flow worker resumes it even while the process is busy; before, the heartbeat renewed every lease of
 * the process in the store, and under steady traffic such an execution was never resumed.
 */
class FlowLeasesTest {
    private static final Duration TTL = Duration.ofSeconds(6);
    private static final Instant START = Instant.parse("2026-12-07T09:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final JdbcStore store = JdbcStore.h2InMemory("flow-leases-" + UUID.randomUUID());
    private final FlowExecutionRepository executions = store.flowExecutions();
    private final FlowLeases leases = new FlowLeases(executions, clock, TTL, "node-a/flows/1");

    @AfterEach
    void close() {
        leases.close();
        store.close();
    }

    @Test
    void anAbandonedExecutionIsLeftOutOfTheRenewalsAndExpiresWhileTheProcessRunsOthers() {
        String abandoned = queued("left-by-a-store-failure");
        String running = queued("still-running");
        assertThat(leases.claim(abandoned, null)).isTrue();
        assertThat(leases.claim(running, null)).isTrue();

        leases.abandon(abandoned);
        assertThat(leases.holds(abandoned)).isFalse();
        advance(Duration.ofSeconds(4));
        leases.renew();
        advance(Duration.ofSeconds(4)); // 8 s in: the abandoned lease (6 s) expired, the renewed one (4 + 6 s) holds

        assertThat(executions.claimable(now.get(), now.get(), 10)).as("resumable: only the abandoned one").containsExactly(abandoned);

        assertThat(leases.claim(abandoned, null)).as("claimed again here: held and renewed as any other").isTrue();
        advance(Duration.ofSeconds(4));
        leases.renew();
        advance(Duration.ofSeconds(4));
        assertThat(executions.claimable(now.get(), now.get(), 10)).isEmpty();
    }

    @Test
    void withNothingAbandonedEveryLeaseOfTheProcessIsRenewed() {
        String one = queued("one");
        String two = queued("two");
        assertThat(leases.claim(one, null)).isTrue();
        assertThat(leases.claim(two, null)).isTrue();
        advance(Duration.ofSeconds(4));
        leases.renew();
        advance(Duration.ofSeconds(4));
        assertThat(executions.claimable(now.get(), now.get(), 10)).isEmpty();
    }

    private String queued(String id) {
        executions.createOrFind(FlowExecution.queued(id, "make-user", 1, null, "{}", null, null, START));
        return id;
    }

    private void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }
}
