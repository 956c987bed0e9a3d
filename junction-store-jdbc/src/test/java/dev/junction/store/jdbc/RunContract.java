package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.ErrorClass;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.StoreException;
import org.junit.jupiter.api.Test;

/** Run history: start, counters, finish, lookups and listing. Mixed into {@link AbstractStoreContractTest}. */
interface RunContract extends StoreContract {
    @Test
    default void aStartedRunIsRunningWithZeroCountersAndNoFinish() {
        store().runs().start("r1", "crm-to-erp", "schedule", T0);

        assertThat(store().runs().find("r1"))
                .contains(new RunRecord("r1", "crm-to-erp", "schedule", RunStatus.RUNNING, T0, null, RunCounters.ZERO, null));
        assertThat(store().runs().find("r2")).isEmpty();
    }

    @Test
    default void updatingCountersChangesOnlyTheCounters() {
        store().runs().start("r1", "s", "manual", T0);
        RunCounters progress = new RunCounters(100, 10, 20, 60, 1, 2, 3, 4);
        store().runs().updateCounters("r1", progress);

        RunRecord run = store().runs().find("r1").orElseThrow();
        assertThat(run.counters()).isEqualTo(progress);
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(run.finishedAt()).isNull();
    }

    @Test
    default void finishingARunRecordsItsStatusCountersErrorAndFinishTime() {
        store().runs().start("r1", "s", "manual", T0);
        store().runs().updateCounters("r1", new RunCounters(5, 0, 0, 0, 0, 0, 0, 0));
        RunCounters last = new RunCounters(Long.MAX_VALUE, 3_000_000_000L, 2, 3, 4, 5, 6, 7);
        store().runs().finish("r1", RunStatus.PARTIAL, last, "4 records became dead letters", at(90));

        assertThat(store().runs().find("r1"))
                .contains(new RunRecord("r1", "s", "manual", RunStatus.PARTIAL, T0, at(90), last, "4 records became dead letters"));
    }

    @Test
    default void aFailedAttemptKeepsHowItsErrorWasClassified() {
        store().runs().start("r1", "s", "manual", T0);
        store().runs().start("r2", "s", "manual", T0);
        ErrorClass invalidParams = new ErrorClass(ErrorClass.PERMANENT, "-32602");

        assertThat(store().runs().finishAttempt("r1", 1, RunStatus.FAILED, RunCounters.ZERO, "JSON-RPC error -32602: Invalid params", invalidParams,
                at(5))).isTrue();
        store().runs().finishAttempt("r2", 1, RunStatus.FAILED, RunCounters.ZERO, "stopped", at(5));

        assertThat(store().runs().find("r1").orElseThrow().errorClass()).isEqualTo(invalidParams);
        assertThat(store().runs().find("r2").orElseThrow().errorClass()).as("not classified").isNull();
        assertThat(store().runs().list("s", 10)).extracting(RunRecord::errorClass).containsExactlyInAnyOrder(invalidParams, null);
    }

    @Test
    default void aRunningRunIsAbandonedKeepingItsLastCountersOnlyOnce() {
        store().runs().start("r1", "s", "manual", T0);
        RunCounters saved = new RunCounters(40, 30, 5, 5, 0, 0, 1, 0);
        store().runs().updateCounters("r1", saved);
        store().runs().start("r2", "s", "manual", T0);
        store().runs().finish("r2", RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(1));

        assertThat(store().runs().abandon("r1", "abandoned: its process is gone", at(9))).isTrue();
        assertThat(store().runs().find("r1"))
                .contains(new RunRecord("r1", "s", "manual", RunStatus.ABANDONED, T0, at(9), saved, "abandoned: its process is gone"));
        assertThat(store().runs().abandon("r1", "again", at(10))).as("already abandoned").isFalse();
        assertThat(store().runs().abandon("r2", "finished", at(10))).as("already finished").isFalse();
        assertThat(store().runs().find("r2").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store().runs().abandon("none", "unknown", at(10))).isFalse();
    }

    @Test
    default void aRunningRunCanBeAskedToStopOnceAFinishedOneCannot() {
        store().runs().start("r1", "s", "manual", T0);
        store().runs().start("r2", "s", "manual", T0);
        store().runs().finish("r2", RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(1));

        assertThat(store().runs().cancelRequested("r1")).isFalse();
        assertThat(store().runs().requestCancel("r1", at(2))).isTrue();
        assertThat(store().runs().requestCancel("r1", at(3))).isTrue();
        assertThat(store().runs().cancelRequested("r1")).isTrue();
        assertThat(store().runs().requestCancel("r2", at(2))).isFalse();
        assertThat(store().runs().cancelRequested("r2")).isFalse();
        assertThat(store().runs().requestCancel("none", at(2))).isFalse();
    }

    @Test
    default void skippedRecordsAndTheCancelledStatusRoundTrip() {
        store().runs().start("r1", "s", "manual", T0);
        RunCounters counters = new RunCounters(10, 2, 0, 3, 1, 0, 0, 0, 4);
        store().runs().finish("r1", RunStatus.CANCELLED, counters, "cancelled on request", at(1));

        assertThat(store().runs().find("r1").orElseThrow())
                .extracting(RunRecord::status, RunRecord::counters)
                .containsExactly(RunStatus.CANCELLED, counters);
    }

    @Test
    default void runsAreListedNewestFirstWithAndWithoutASyncFilter() {
        store().runs().start("a1", "a", "schedule", at(1));
        store().runs().start("b1", "b", "schedule", at(2));
        store().runs().start("a2", "a", "schedule", at(3));
        store().runs().start("a3", "a", "manual", at(4));
        store().runs().finish("a1", RunStatus.SUCCEEDED, RunCounters.ZERO, null, at(10));

        assertThat(store().runs().list(null, 10)).extracting(RunRecord::id).containsExactly("a3", "a2", "b1", "a1");
        assertThat(store().runs().list(null, 2)).extracting(RunRecord::id).containsExactly("a3", "a2");
        assertThat(store().runs().list("a", 10)).extracting(RunRecord::id).containsExactly("a3", "a2", "a1");
        assertThat(store().runs().list("a", 1)).extracting(RunRecord::id).containsExactly("a3");
        assertThat(store().runs().list("none", 10)).isEmpty();
    }

    @Test
    default void startingARunWithAnIdInUseFailsWithAStoreExceptionNamingTheRun() {
        store().runs().start("r1", "s", "manual", T0);

        assertThatThrownBy(() -> store().runs().start("r1", "s", "manual", at(1)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("could not start run 'r1'");
    }

    @Test
    default void updatingOrFinishingARunThatWasNeverStartedFails() {
        assertThatThrownBy(() -> store().runs().updateCounters("ghost", RunCounters.ZERO))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("run 'ghost'");
        assertThatThrownBy(() -> store().runs().finish("ghost", RunStatus.FAILED, RunCounters.ZERO, "boom", T0))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("run 'ghost'");
    }

    @Test
    default void listingWithANonPositiveLimitIsRejected() {
        assertThatThrownBy(() -> store().runs().list(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().deadLetters().list(null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().exchanges().find(new ExchangeQuery(null, null, null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
