package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.DeadLetter;
import dev.junction.store.DeadLetterReason;
import dev.junction.store.ErrorClass;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dead letters: added, listed newest first, listed per run. Mixed into {@link AbstractStoreContractTest}. */
interface DeadLetterContract extends StoreContract {
    static DeadLetter deadLetter(String runId, String sync, String key, Instant at) {
        return new DeadLetter(0, at, runId, sync, key, "422 Unprocessable: email invalid", "{\"key\":\"" + key + "\"}");
    }

    @Test
    default void deadLettersAreListedNewestFirstWithOrWithoutASyncFilter() {
        store().deadLetters().add(deadLetter("r1", "a", "k1", at(1)));
        store().deadLetters().add(deadLetter("r2", "b", "k2", at(2)));
        store().deadLetters().add(deadLetter("r3", "a", "k3", at(3)));

        assertThat(store().deadLetters().list(null, 10)).extracting(DeadLetter::recordKey).containsExactly("k3", "k2", "k1");
        assertThat(store().deadLetters().list(null, 2)).extracting(DeadLetter::recordKey).containsExactly("k3", "k2");
        assertThat(store().deadLetters().list("a", 10)).extracting(DeadLetter::recordKey).containsExactly("k3", "k1");
        assertThat(store().deadLetters().list("none", 10)).isEmpty();
    }

    @Test
    default void deadLettersOfOneRunAreListedInTheOrderTheyWereAddedWithAllFields() {
        DeadLetter first = deadLetter("r1", "a", "k1", at(1));
        DeadLetter second = deadLetter("r1", "a", "k2", at(2));
        store().deadLetters().add(first);
        store().deadLetters().add(deadLetter("r2", "a", "k3", at(3)));
        store().deadLetters().add(second);

        List<DeadLetter> found = store().deadLetters().listForRun("r1");
        assertThat(found).usingRecursiveFieldByFieldElementComparatorIgnoringFields("id").containsExactly(first, second);
        assertThat(found).extracting(DeadLetter::id).allMatch(id -> id > 0).doesNotHaveDuplicates();
        assertThat(store().deadLetters().listForRun("none")).isEmpty();
    }

    @Test
    default void aDeadLetterKeepsHowItsFailureWasClassified() {
        ErrorClass problem = new ErrorClass(ErrorClass.PERMANENT, "https://api.example/problems/validation");
        store().deadLetters().add(new DeadLetter(0, at(1), "r1", "a", "k1", "HTTP 422: email: must be an email", null, null, DeadLetter.State.OPEN,
                null, null, DeadLetter.Kind.WRITE, "northwind", problem));
        store().deadLetters().add(deadLetter("r1", "a", "k2", at(2)));

        assertThat(store().deadLetters().listForRun("r1")).extracting(DeadLetter::errorClass).containsExactly(problem, null);
        long id = store().deadLetters().listForRun("r1").getFirst().id();
        assertThat(store().deadLetters().find(id).orElseThrow().errorClass()).isEqualTo(problem);
    }

    @Test
    default void aRunsDeadLettersAreGroupedByClassifiedErrorOrElseByReasonLargestGroupFirst() {
        ErrorClass validation = new ErrorClass(ErrorClass.PERMANENT, "https://api.example/problems/validation");
        for (int i = 1; i <= 3; i++) {
            store().deadLetters().add(new DeadLetter(0, at(i), "r1", "a", "k" + i, "HTTP 422: email of k" + i + " invalid", null, null,
                    DeadLetter.State.OPEN, null, null, DeadLetter.Kind.WRITE, null, validation));
        }
        store().deadLetters().add(deadLetter("r1", "a", "k4", at(4)));
        store().deadLetters().add(deadLetter("r1", "a", "k5", at(5)));
        store().deadLetters().add(new DeadLetter(0, at(6), "r1", "a", "k6", "no field 'x'", null, null, DeadLetter.State.DISCARDED, null, null,
                DeadLetter.Kind.DELETE, null));
        store().deadLetters().add(deadLetter("r2", "a", "k7", at(7)));

        List<DeadLetterReason> reasons = store().deadLetters().reasons("r1", 100, 10);

        assertThat(reasons).containsExactly(
                new DeadLetterReason("write", ErrorClass.PERMANENT, validation.code(), null, 3, "k1", "HTTP 422: email of k1 invalid"),
                new DeadLetterReason("write", null, null, "422 Unprocessable: email invalid", 2, "k4", "422 Unprocessable: email invalid"),
                new DeadLetterReason("delete", null, null, "no field 'x'", 1, "k6", "no field 'x'"));
        assertThat(store().deadLetters().reasons("r1", 100, 1)).hasSize(1);
        assertThat(store().deadLetters().reasons("r1", 2, 10)).as("only the newest two: k6 and k5")
                .extracting(DeadLetterReason::sampleKey).containsExactlyInAnyOrder("k5", "k6");
        assertThat(store().deadLetters().reasons("none", 100, 10)).isEmpty();
    }

    @Test
    default void aDeadLetterKeepsItsSourceRecordAndIsFoundByIdWhateverItsState() {
        store().deadLetters().add(new DeadLetter(0, at(1), "r1", "a", "k1", "422 email invalid", "{\"email\":\"x\"}", "{\"id\":\"k1\"}"));
        long id = store().deadLetters().listForRun("r1").getFirst().id();

        DeadLetter found = store().deadLetters().find(id).orElseThrow();
        assertThat(found.source()).isEqualTo("{\"id\":\"k1\"}");
        assertThat(found.state()).isEqualTo(DeadLetter.State.OPEN);
        assertThat(found.resolvedRun()).isNull();
        assertThat(found.resolvedAt()).isNull();

        assertThat(store().deadLetters().resolve(List.of(id), DeadLetter.State.REPLAYED, "replay-1", at(5))).isOne();
        assertThat(store().deadLetters().find(id).orElseThrow())
                .extracting(DeadLetter::state, DeadLetter::resolvedRun, DeadLetter::resolvedAt)
                .containsExactly(DeadLetter.State.REPLAYED, "replay-1", at(5));
        assertThat(store().deadLetters().find(id + 1000)).isEmpty();
    }

    @Test
    default void openDeadLettersArePagedOldestFirstAndNarrowedBySyncAndRun() {
        for (int i = 1; i <= 5; i++) {
            store().deadLetters().add(deadLetter(i <= 3 ? "r1" : "r2", i == 5 ? "b" : "a", "k" + i, at(i)));
        }
        List<DeadLetter> all = store().deadLetters().open(null, null, 0, 100);
        assertThat(all).extracting(DeadLetter::recordKey).containsExactly("k1", "k2", "k3", "k4", "k5");

        List<DeadLetter> firstPage = store().deadLetters().open("a", null, 0, 2);
        assertThat(firstPage).extracting(DeadLetter::recordKey).containsExactly("k1", "k2");
        assertThat(store().deadLetters().open("a", null, firstPage.getLast().id(), 2)).extracting(DeadLetter::recordKey).containsExactly("k3", "k4");
        assertThat(store().deadLetters().open("a", "r2", 0, 10)).extracting(DeadLetter::recordKey).containsExactly("k4");
        assertThat(store().deadLetters().open(null, "r1", 0, 10)).extracting(DeadLetter::recordKey).containsExactly("k1", "k2", "k3");
    }

    @Test
    default void openDeadLettersAreCountedWithTheSameFilterAndResolvedOnesLeftOut() {
        for (int i = 1; i <= 5; i++) {
            store().deadLetters().add(deadLetter(i <= 3 ? "r1" : "r2", i == 5 ? "b" : "a", "k" + i, at(i)));
        }
        long first = store().deadLetters().open("a", null, 0, 1).getFirst().id();
        store().deadLetters().resolve(List.of(first), DeadLetter.State.DISCARDED, null, at(6));

        assertThat(store().deadLetters().countOpen(null, null, null)).isEqualTo(4);
        assertThat(store().deadLetters().countOpen("a", null, null)).isEqualTo(3);
        assertThat(store().deadLetters().countOpen("a", null, "r1")).isEqualTo(2);
        assertThat(store().deadLetters().countOpen("a", "tenant-x", null)).isZero();
        assertThat(store().deadLetters().countOpen("nope", null, null)).isZero();
    }

    @Test
    default void resolvingChangesOnlyOpenDeadLettersAndCountsThem() {
        store().deadLetters().add(deadLetter("r1", "a", "k1", at(1)));
        store().deadLetters().add(deadLetter("r1", "a", "k2", at(2)));
        List<Long> ids = store().deadLetters().open("a", null, 0, 10).stream().map(DeadLetter::id).toList();

        assertThat(store().deadLetters().resolve(List.of(ids.get(0)), DeadLetter.State.DISCARDED, null, at(3))).isOne();
        assertThat(store().deadLetters().resolve(ids, DeadLetter.State.REPLAYED, "replay-1", at(4))).isOne();
        assertThat(store().deadLetters().resolve(List.of(), DeadLetter.State.DISCARDED, null, at(4))).isZero();

        assertThat(store().deadLetters().open("a", null, 0, 10)).isEmpty();
        assertThat(store().deadLetters().find(ids.get(0)).orElseThrow().state()).isEqualTo(DeadLetter.State.DISCARDED);
        assertThat(store().deadLetters().find(ids.get(1)).orElseThrow().state()).isEqualTo(DeadLetter.State.REPLAYED);
        assertThat(store().deadLetters().list("a", 10)).hasSize(2);
    }

    @Test
    default void aDeadLetterKeepsItsKindWriteByDefaultOrDelete() {
        store().deadLetters().add(deadLetter("r1", "a", "k1", at(1)));
        store().deadLetters().add(DeadLetter.delete(at(2), "r1", "a", "k2", "delete failed: on hold", "{\"external_id\":\"k2\"}"));

        assertThat(store().deadLetters().listForRun("r1")).extracting(DeadLetter::recordKey, DeadLetter::kind, DeadLetter::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("k1", DeadLetter.Kind.WRITE, null),
                        org.assertj.core.groups.Tuple.tuple("k2", DeadLetter.Kind.DELETE, null));
        assertThat(store().deadLetters().open("a", null, 0, 10)).extracting(DeadLetter::kind).containsExactly(DeadLetter.Kind.WRITE, DeadLetter.Kind.DELETE);
    }
}
