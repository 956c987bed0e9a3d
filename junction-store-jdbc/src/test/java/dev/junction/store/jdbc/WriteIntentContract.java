package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.WriteIntent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Write intents: saved before a call, completed with fingerprints in one transaction, or discarded. Mixed into {@link AbstractStoreContractTest}. */
interface WriteIntentContract extends StoreContract {
    private WriteIntent intent(String sync, String key, long second) {
        return new WriteIntent(sync, key, "run-1", List.of("c-1", "c-2"), List.of("f1", "f2"),
                "[{\"external_id\":\"c-1\"},{\"external_id\":\"c-2\",\"name\":\"Zoë ✓\"}]", at(second));
    }

    @Test
    default void savedIntentsAreFoundPerSyncOldestFirstWithKeysFingerprintsAndRecordsIntact() {
        store().writeIntents().add(intent("s", "k-late", 20));
        store().writeIntents().add(intent("s", "k-early", 10));
        store().writeIntents().add(intent("other", "k-other", 0));

        assertThat(store().writeIntents().find("s")).containsExactly(intent("s", "k-early", 10), intent("s", "k-late", 20));
        assertThat(store().writeIntents().find("none")).isEmpty();
    }

    @Test
    default void completingSavesTheWrittenRecordsFingerprintsAndRemovesTheIntent() {
        store().fingerprints().saveAll("s", Map.of("c-2", "old"));
        store().writeIntents().add(intent("s", "k-1", 0));

        store().writeIntents().complete("s", "k-1", Map.of("c-1", "f1", "c-2", "f2"));

        assertThat(store().writeIntents().find("s")).isEmpty();
        assertThat(store().fingerprints().find("s", List.of("c-1", "c-2"))).isEqualTo(Map.of("c-1", "f1", "c-2", "f2"));
    }

    @Test
    default void completingWithNothingWrittenOrDiscardingOnlyRemovesThatIntent() {
        store().writeIntents().add(intent("s", "k-1", 0));
        store().writeIntents().add(intent("s", "k-2", 1));
        store().writeIntents().add(intent("s", "k-3", 2));

        store().writeIntents().complete("s", "k-1", Map.of());
        store().writeIntents().discard("s", "k-2");

        assertThat(store().writeIntents().find("s")).extracting(WriteIntent::idempotencyKey).containsExactly("k-3");
        assertThat(store().fingerprints().count("s")).isZero();
    }
}
