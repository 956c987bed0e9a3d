package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.sync.LeaseKeeper;
import dev.junction.sync.internal.ThisProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A keeper that cannot reach its store keeps trying while its leases last: a run is told it lost
 * its lease only when the lease would expire before the next renewal.
 */
class LeaseKeeperOutageTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:15:30Z");

    @Test
    void aRunIsToldItsLeaseIsLostOnlyWhenRenewingFailedUntilItWouldExpire() {
        TestClock clock = new TestClock(T0);
        List<String> lost = new CopyOnWriteArrayList<>();
        JdbcStore store = JdbcStore.h2InMemory("outage-" + UUID.randomUUID());
        try (LeaseKeeper keeper = new LeaseKeeper(store.leases(), clock, ThisProcess.holder(), LeaseKeeper.Schedule.manual(),
                LeaseKeeper.TTL, LeaseKeeper.RENEW_EVERY)) {
            keeper.acquire("s", "run-1", lost::add);
            store.close(); // the store goes away

            clock.advance(Duration.ofSeconds(2));
            keeper.renewNow();
            assertThat(lost).as("two seconds of outage, the lease lasts four more").isEmpty();

            clock.advance(Duration.ofSeconds(2));
            keeper.renewNow();
            assertThat(lost).singleElement().asString().startsWith("could not renew the run lease of sync 's' before it expires at "
                    + T0.plus(LeaseKeeper.TTL) + ": ");

            clock.advance(Duration.ofSeconds(2));
            keeper.renewNow();
            assertThat(lost).as("told once").hasSize(1);
        }
    }
}
