package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.DeadLetter;
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
}
