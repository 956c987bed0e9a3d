package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.ScheduleRepository;
import dev.junction.store.ScheduleState;
import dev.junction.store.ScheduleTick;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedules: pauses per sync and tenant, the last fire, and a history bounded per schedule. Mixed into {@link AbstractStoreContractTest}. */
interface ScheduleContract extends StoreContract {
    private ScheduleRepository schedules() {
        return store().schedules();
    }

    private ScheduleTick tick(String tenant, long due, String outcome, String runId, String reason) {
        return new ScheduleTick(0, "nightly", tenant, at(due), at(due + 1), outcome, runId, reason);
    }

    @Test
    default void aPauseIsKeptPerSyncAndTenantAndAResumeClearsIt() {
        schedules().setPaused("nightly", null, true, at(1));
        schedules().setPaused("nightly", "acme", true, at(2));
        schedules().setPaused("nightly", "acme", false, at(3));

        assertThat(schedules().find("nightly", null)).contains(new ScheduleState("nightly", null, true, at(1), null, null, null, null, null));
        assertThat(schedules().find("nightly", "acme")).contains(ScheduleState.fresh("nightly", "acme"));
        assertThat(schedules().find("nightly", "globex")).isEmpty();
        assertThat(schedules().list("nightly")).extracting(ScheduleState::tenant).containsExactly(null, "acme");
        assertThat(schedules().list(null)).hasSize(2);
        assertThat(schedules().list("other")).isEmpty();
    }

    @Test
    default void aFireBecomesTheLastOneWithoutTouchingThePause() {
        schedules().setPaused("nightly", "acme", true, at(1));
        ScheduleTick stored = schedules().recordFire(tick("acme", 10, "skipped", null, "run r1 is still running"), 5);

        assertThat(stored.id()).isPositive();
        assertThat(schedules().find("nightly", "acme")).contains(
                new ScheduleState("nightly", "acme", true, at(1), at(11), at(10), "skipped", null, "run r1 is still running"));

        schedules().recordFire(tick(null, 20, "queued", "r2", null), 5);
        assertThat(schedules().find("nightly", null)).contains(new ScheduleState("nightly", null, false, null, at(21), at(20), "queued", "r2", null));
    }

    @Test
    default void onlyTheNewestFiresOfEachScheduleAreKept() {
        for (int i = 0; i < 7; i++) {
            schedules().recordFire(tick("acme", i, "queued", "a" + i, null), 3);
            schedules().recordFire(tick("globex", i, "missed", null, "late"), 3);
        }

        List<ScheduleTick> acme = schedules().ticks("nightly", "acme", 10);
        assertThat(acme).extracting(ScheduleTick::runId).containsExactly("a6", "a5", "a4");
        assertThat(acme.getFirst()).isEqualTo(new ScheduleTick(acme.getFirst().id(), "nightly", "acme", at(6), at(7), "queued", "a6", null));
        assertThat(schedules().ticks("nightly", "globex", 10)).hasSize(3).allMatch(t -> t.outcome().equals("missed"));
        assertThat(schedules().ticks("nightly", null, 4)).hasSize(4).extracting(ScheduleTick::tenant).containsExactly("globex", "acme", "globex", "acme");
    }
}
