package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.PollRepository;
import dev.junction.store.PollState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Polls: one cursor per connection and stream, moved only from the value a tick started with. Mixed into {@link AbstractStoreContractTest}. */
interface PollContract extends StoreContract {
    private PollRepository polls() {
        return store().polls();
    }

    private PollState state(String connection, String cursor, long tick, String outcome) {
        return new PollState(connection, "contacts", "acme", cursor, cursor == null ? List.of() : List.of("c-1", "c-2"), cursor == null ? null
                : at(tick), at(tick), outcome, null, 3, 2);
    }

    @Test
    default void aFirstTickStoresThePollAndLaterTicksMoveItsCursorFromTheValueTheyStartedWith() {
        assertThat(polls().find("crm", "contacts")).isEmpty();
        assertThat(polls().record(state("crm", "2026-05-04T10:00:00Z", 1, "baseline"), null)).isTrue();
        assertThat(polls().record(state("crm", "2026-05-04T10:05:00Z", 2, "ok"), "2026-05-04T10:00:00Z")).isTrue();

        assertThat(polls().find("crm", "contacts")).contains(state("crm", "2026-05-04T10:05:00Z", 2, "ok"));
    }

    @Test
    default void aTickThatStartedFromAnotherCursorStoresNothing() {
        polls().record(state("crm", "5", 1, "baseline"), null);
        polls().record(state("crm", "9", 2, "ok"), "5");

        assertThat(polls().record(state("crm", "7", 3, "ok"), "5")).as("started from 5, but 9 is stored").isFalse();
        assertThat(polls().record(state("crm", "1", 3, "baseline"), null)).as("started from none, but a row is stored").isFalse();
        assertThat(polls().record(state("other", "1", 3, "ok"), "0")).as("started from 0, but no row is stored").isFalse();
        assertThat(polls().find("crm", "contacts").orElseThrow().cursor()).isEqualTo("9");
        assertThat(polls().find("other", "contacts")).isEmpty();
    }

    @Test
    default void aFailedTickKeepsTheCursorAndPollsAreListedByConnectionThenStream() {
        polls().record(state("crm", "5", 1, "ok"), null);
        PollState failed = new PollState("crm", "contacts", "acme", "5", List.of("c-1", "c-2"), at(1), at(2), "failed", "GET /v1/contacts answered 500", 0, 0);
        polls().record(failed, "5");
        polls().record(PollState.fresh("b-crm", "contacts", null), null);

        assertThat(polls().find("crm", "contacts")).contains(failed);
        assertThat(polls().list()).extracting(PollState::connection).containsExactly("b-crm", "crm");
    }
}
