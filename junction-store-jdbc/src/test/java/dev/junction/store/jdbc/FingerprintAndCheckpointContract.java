package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.CheckpointRepository;
import dev.junction.store.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Fingerprints (in bulk, per sync) and checkpoints (per partition). Mixed into {@link AbstractStoreContractTest}. */
interface FingerprintAndCheckpointContract extends StoreContract {
    static Map<String, String> fingerprints(int from, int to, String prefix) {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            result.put("key-" + i, prefix + i);
        }
        return result;
    }

    @Test
    default void findReturnsOnlyTheRequestedKeysThatHaveAFingerprintAcrossManyChunks() {
        store().fingerprints().saveAll("s", fingerprints(0, 1_200, "fp-"));
        store().fingerprints().saveAll("other", fingerprints(0, 1_200, "other-"));

        List<String> asked = new ArrayList<>();
        IntStream.range(600, 1_500).forEach(i -> asked.add("key-" + i)); // 600 stored, 300 never stored
        asked.add("key-700"); // a duplicate does no harm
        Map<String, String> found = store().fingerprints().find("s", asked);

        assertThat(found).hasSize(600).isEqualTo(fingerprints(600, 1_200, "fp-"));
        assertThat(store().fingerprints().find("s", List.of())).isEmpty();
        assertThat(store().fingerprints().find("s", List.of("missing"))).isEmpty();
    }

    @Test
    default void saveAllInsertsAndReplacesFingerprints() {
        store().fingerprints().saveAll("s", fingerprints(0, 1_200, "v1-"));
        Map<String, String> update = fingerprints(1_000, 1_300, "v2-"); // 200 replaced, 100 new
        store().fingerprints().saveAll("s", update);

        Map<String, String> expected = new LinkedHashMap<>(fingerprints(0, 1_000, "v1-"));
        expected.putAll(update);
        List<String> all = IntStream.range(0, 1_300).mapToObj(i -> "key-" + i).toList();
        assertThat(store().fingerprints().find("s", all)).isEqualTo(expected);
        assertThat(store().fingerprints().count("s")).isEqualTo(1_300);
    }

    @Test
    default void keysSaidToBeNewAreSavedAndOneSavedMeanwhileIsReplaced() {
        store().fingerprints().saveAll("s", fingerprints(0, 600, "v1-"));
        // 100 keys the caller believed new exist after all (another partition saved them): replaced, not refused
        Map<String, String> batch = fingerprints(500, 1_200, "v2-");
        Set<String> believedNew = new HashSet<>(fingerprints(500, 1_200, "").keySet());
        store().fingerprints().saveAll("s", batch, believedNew);
        // new keys only; then known keys only
        store().fingerprints().saveAll("s", fingerprints(1_200, 1_300, "v3-"), fingerprints(1_200, 1_300, "").keySet());
        store().fingerprints().saveAll("s", fingerprints(0, 100, "v4-"), Set.of());

        Map<String, String> expected = new LinkedHashMap<>(fingerprints(0, 500, "v1-"));
        expected.putAll(batch);
        expected.putAll(fingerprints(1_200, 1_300, "v3-"));
        expected.putAll(fingerprints(0, 100, "v4-"));
        List<String> all = IntStream.range(0, 1_300).mapToObj(i -> "key-" + i).toList();
        assertThat(store().fingerprints().find("s", all)).isEqualTo(expected);
        assertThat(store().fingerprints().count("s")).isEqualTo(1_300);
    }

    @Test
    default void aNewKeyBatchWithAnInvalidFingerprintWritesNothing() {
        Map<String, String> batch = fingerprints(0, 700, "fp-");
        batch.put("key-bad", null); // fingerprint is NOT NULL: not a duplicate key, so no second attempt hides it

        assertThatThrownBy(() -> store().fingerprints().saveAll("s", batch, batch.keySet()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("fingerprints of sync 's'");
        assertThat(store().fingerprints().count("s")).isZero();
    }

    @Test
    default void saveAllWritesNothingWhenOneFingerprintIsInvalid() {
        Map<String, String> batch = fingerprints(0, 700, "fp-");
        batch.put("key-bad", null); // fingerprint is NOT NULL

        assertThatThrownBy(() -> store().fingerprints().saveAll("s", batch))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("fingerprints of sync 's'");
        assertThat(store().fingerprints().count("s")).isZero();
    }

    @Test
    default void keysARunDidNotMarkSeenArePagedInKeyOrderAcrossChunks() {
        store().fingerprints().saveAll("s", fingerprints(0, 1_200, "fp-"));
        store().fingerprints().saveAll("other", fingerprints(0, 10, "fp-"));
        List<String> seen = new ArrayList<>();
        IntStream.range(0, 1_200).filter(i -> i % 100 != 7).forEach(i -> seen.add("key-" + i)); // 12 keys not seen
        seen.add("never-stored"); // ignored
        store().fingerprints().markSeen("s", seen, "run-2");
        store().fingerprints().markSeen("other", List.of("key-1"), "run-2");

        assertThat(store().fingerprints().countUnseen("s", "run-2")).isEqualTo(12);
        assertThat(store().fingerprints().countUnseen("s", "run-3")).as("marks of another run do not count").isEqualTo(1_200);
        List<String> firstPage = store().fingerprints().unseen("s", "run-2", null, 5);
        assertThat(firstPage).containsExactly("key-1007", "key-107", "key-1107", "key-207", "key-307");
        assertThat(store().fingerprints().unseen("s", "run-2", firstPage.getLast(), 100))
                .containsExactly("key-407", "key-507", "key-607", "key-7", "key-707", "key-807", "key-907");
        assertThat(store().fingerprints().countUnseen("other", "run-2")).isEqualTo(9);

        store().fingerprints().markSeen("s", List.of("key-8"), "run-3");
        assertThat(store().fingerprints().countUnseen("s", "run-2")).as("a later run's mark replaces the earlier").isEqualTo(13);
    }

    @Test
    default void keysArePagedInCodePointOrderAndRemovedByKey() {
        store().fingerprints().saveAll("s", Map.of("b", "1", "B", "2", "a", "3", "é", "4", "a-1", "5"));
        store().fingerprints().saveAll("other", Map.of("a", "1"));

        assertThat(store().fingerprints().keys("s", null, 10)).containsExactly("B", "a", "a-1", "b", "é");
        assertThat(store().fingerprints().keys("s", "a", 2)).containsExactly("a-1", "b");

        assertThat(store().fingerprints().remove("s", List.of("a", "b", "missing"))).isEqualTo(2);
        assertThat(store().fingerprints().remove("s", List.of())).isZero();
        assertThat(store().fingerprints().keys("s", null, 10)).containsExactly("B", "a-1", "é");
        assertThat(store().fingerprints().count("other")).isEqualTo(1);
    }

    @Test
    default void countAndClearApplyToOneSyncOnly() {
        store().fingerprints().saveAll("a", fingerprints(0, 1_200, "a-"));
        store().fingerprints().saveAll("b", fingerprints(0, 3, "b-"));

        assertThat(store().fingerprints().count("a")).isEqualTo(1_200);
        assertThat(store().fingerprints().clear("a")).isEqualTo(1_200);
        assertThat(store().fingerprints().count("a")).isZero();
        assertThat(store().fingerprints().clear("a")).isZero();
        assertThat(store().fingerprints().count("b")).isEqualTo(3);
        assertThat(store().fingerprints().count("never")).isZero();
    }

    // ---- checkpoints ----------------------------------------------------------------------------

    @Test
    default void checkpointsAreKeptPerSyncStreamAndPartition() {
        store().checkpoints().save("s", "contacts", "", "2026-01-01T00:00:00Z", T0);
        store().checkpoints().save("s", "deals", "eu", "100", T0);
        store().checkpoints().save("s", "deals", "us", "200", T0);
        store().checkpoints().save("other", "deals", "eu", "999", T0);

        assertThat(store().checkpoints().find("s", "contacts", "")).contains("2026-01-01T00:00:00Z");
        assertThat(store().checkpoints().find("s", "deals", "eu")).contains("100");
        assertThat(store().checkpoints().find("s", "deals", "us")).contains("200");
        assertThat(store().checkpoints().find("other", "deals", "eu")).contains("999");
        assertThat(store().checkpoints().find("s", "deals", "")).isEmpty();
        assertThat(store().checkpoints().find("s", "contacts", "eu")).isEmpty();
    }

    @Test
    default void savingACheckpointAgainReplacesItsValue() {
        store().checkpoints().save("s", "contacts", "", "1", T0);
        store().checkpoints().save("s", "contacts", "", "2", at(1));

        assertThat(store().checkpoints().find("s", "contacts", "")).contains("2");
    }

    @Test
    default void partitionsAreListedWithTheirValueAndWhetherTheyAreComplete() {
        store().checkpoints().save("s", "orders", "", "2026-01-01T00:00:00Z", T0);
        store().checkpoints().save("s", "orders", "slice:2026-01-02", "2026-01-02T10:00:00Z", T0);
        store().checkpoints().complete("s", "orders", "slice:2026-01-01", T0);
        store().checkpoints().save("s", "orders", "slice:2026-01-01", "2026-01-01T23:00:00Z", at(1)); // stays complete
        store().checkpoints().save("s", "other-stream", "slice:2026-01-01", "x", T0);

        assertThat(store().checkpoints().partitions("s", "orders")).containsExactly(
                new CheckpointRepository.PartitionState("slice:2026-01-01", "2026-01-01T23:00:00Z", true),
                new CheckpointRepository.PartitionState("slice:2026-01-02", "2026-01-02T10:00:00Z", false));
        assertThat(store().checkpoints().find("s", "orders", "")).contains("2026-01-01T00:00:00Z");

        store().checkpoints().complete("s", "orders", "slice:2026-01-02", at(2));
        store().checkpoints().delete("s", "orders", "slice:2026-01-01");
        assertThat(store().checkpoints().partitions("s", "orders")).containsExactly(
                new CheckpointRepository.PartitionState("slice:2026-01-02", "2026-01-02T10:00:00Z", true));
        assertThat(store().checkpoints().partitions("s", "never")).isEmpty();
        assertThat(store().checkpoints().partitions("s", "other-stream")).hasSize(1);
    }
}
