package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.DefinitionConflictException;
import dev.junction.store.DefinitionRepository;
import dev.junction.store.StoredDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Definition versions: numbering, history, saving only at an expected version (ETag / If-Match),
 * rollback and delete. Mixed into {@link AbstractStoreContractTest}.
 */
interface DefinitionVersionContract extends StoreContract {
    private DefinitionRepository definitions() {
        return store().definitions();
    }

    private static StoredDefinition text(String name, String source, String by) {
        return new StoredDefinition("Sync", name, source, "specs/" + name + ".yaml", "sha256:" + source.hashCode(), T0, by);
    }

    @Test
    default void theFirstSaveOfADefinitionIsVersionOneAndEveryLaterSaveTheNextPerKindAndName() {
        assertThat(definitions().save(text("s", "v: 1", "local:ann")).version()).isEqualTo(1);
        assertThat(definitions().save(text("s", "v: 2", "tok_a")).version()).isEqualTo(2);
        assertThat(definitions().save(text("other", "v: 1", "tok_a")).version()).isEqualTo(1);
        assertThat(definitions().save(new StoredDefinition("Connector", "s", "v: 1", null, null, T0)).version()).isEqualTo(1);

        StoredDefinition current = definitions().find("Sync", "s").orElseThrow();
        assertThat(current.version()).isEqualTo(2);
        assertThat(current.source()).isEqualTo("v: 2");
        assertThat(current.appliedBy()).isEqualTo("tok_a");
    }

    @Test
    default void theHistoryListsEveryVersionNewestFirstWithItsTextAndWhoAppliedIt() {
        definitions().save(text("s", "v: 1", "local:ann"));
        definitions().save(new StoredDefinition("Sync", "s", "v: 2", "api", "c2", at(60), "tok_a"));
        definitions().save(text("t", "other", "tok_b"));

        assertThat(definitions().history("Sync", "s")).containsExactly(
                new StoredDefinition("Sync", "s", "v: 2", "api", "c2", at(60), "tok_a", 2),
                new StoredDefinition("Sync", "s", "v: 1", "specs/s.yaml", "sha256:" + "v: 1".hashCode(), T0, "local:ann", 1));
        assertThat(definitions().history("Sync", "unknown")).isEmpty();
        assertThat(definitions().list()).extracting(StoredDefinition::name, StoredDefinition::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s", 2), org.assertj.core.groups.Tuple.tuple("t", 1));
    }

    @Test
    default void anOldVersionIsFoundByItsNumber() {
        definitions().save(text("s", "v: 1", null));
        definitions().save(text("s", "v: 2", null));

        assertThat(definitions().findVersion("Sync", "s", 1)).map(StoredDefinition::source).contains("v: 1");
        assertThat(definitions().findVersion("Sync", "s", 2)).map(StoredDefinition::source).contains("v: 2");
        assertThat(definitions().findVersion("Sync", "s", 3)).isEmpty();
        assertThat(definitions().findVersion("Connector", "s", 1)).isEmpty();
    }

    @Test
    default void savingAtTheExpectedCurrentVersionSavesTheNextVersion() {
        assertThat(definitions().saveIfCurrent(text("s", "v: 1", null), 0).version()).isEqualTo(1);
        assertThat(definitions().saveIfCurrent(text("s", "v: 2", null), 1).version()).isEqualTo(2);

        assertThat(definitions().find("Sync", "s")).map(StoredDefinition::source).contains("v: 2");
    }

    @Test
    default void savingAtAnOutdatedVersionFailsNamingTheCurrentVersionAndChangesNothing() {
        definitions().save(text("s", "v: 1", null));
        definitions().save(text("s", "v: 2", null));

        assertThatThrownBy(() -> definitions().saveIfCurrent(text("s", "v: 3", null), 1))
                .isInstanceOf(DefinitionConflictException.class)
                .hasMessage("definition Sync 's' is at version 2, not at version 1 as expected: it was changed meanwhile;"
                        + " read version 2 and apply your change on top of it")
                .satisfies(e -> assertThat(((DefinitionConflictException) e).currentVersion()).isEqualTo(2));
        assertThat(definitions().history("Sync", "s")).hasSize(2);
        assertThat(definitions().find("Sync", "s")).map(StoredDefinition::source).contains("v: 2");
    }

    @Test
    default void creatingADefinitionThatExistsAlreadyFailsNamingItsVersion() {
        definitions().save(text("s", "v: 1", null));

        assertThatThrownBy(() -> definitions().saveIfCurrent(text("s", "v: 2", null), 0))
                .isInstanceOf(DefinitionConflictException.class)
                .hasMessage("definition Sync 's' already exists at version 1: read it and apply your change on top of version 1");
    }

    @Test
    default void ofEightSavesAtTheSameExpectedVersionExactlyOneWinsAndTheOthersLearnTheWinnersVersion() throws Exception {
        definitions().save(text("s", "v: 0", null));
        List<Object> outcomes = race(8, i -> definitions().saveIfCurrent(text("s", "v: " + i, "tok_" + i), 1));

        assertThat(outcomes).filteredOn(StoredDefinition.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(DefinitionConflictException.class::isInstance).hasSize(7)
                .allSatisfy(e -> assertThat(((DefinitionConflictException) e).currentVersion()).isEqualTo(2));
        StoredDefinition winner = (StoredDefinition) outcomes.stream().filter(StoredDefinition.class::isInstance).findFirst().orElseThrow();
        assertThat(definitions().find("Sync", "s")).contains(winner);
        assertThat(definitions().history("Sync", "s")).hasSize(2);
    }

    @Test
    default void eightConcurrentUnconditionalSavesEachGetTheirOwnVersion() throws Exception {
        List<Object> outcomes = race(8, i -> definitions().save(text("s", "v: " + i, null)));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(StoredDefinition.class));
        assertThat(outcomes).extracting(o -> ((StoredDefinition) o).version()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(definitions().find("Sync", "s")).map(StoredDefinition::version).contains(8);
        assertThat(definitions().history("Sync", "s")).extracting(StoredDefinition::version).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
    }

    @Test
    default void rollingBackSavesTheOldTextAsANewVersion() {
        definitions().save(text("s", "v: 1", "local:ann"));
        definitions().save(text("s", "v: 2", "tok_a"));

        StoredDefinition rolledBack = definitions().rollback("Sync", "s", 1, 2, "tok_b", at(120)).orElseThrow();

        assertThat(rolledBack).isEqualTo(new StoredDefinition("Sync", "s", "v: 1", "specs/s.yaml", "sha256:" + "v: 1".hashCode(), at(120), "tok_b", 3));
        assertThat(definitions().find("Sync", "s")).contains(rolledBack);
        assertThat(definitions().history("Sync", "s")).extracting(StoredDefinition::source).containsExactly("v: 1", "v: 2", "v: 1");
    }

    @Test
    default void eachVersionKeepsWhereItsDocumentStartsInItsFileAndARollbackOrARelocationCarriesIt() {
        StoredDefinition third = new StoredDefinition("Connection", "third", "kind: Connection", "connections.yaml", "c1", T0, "tok_a", 0, 12);
        assertThat(definitions().save(third).lineOffset()).isEqualTo(12);
        definitions().save(new StoredDefinition("Connection", "third", "kind: Connection # 2", "connections.yaml", "c2", at(60), "tok_a", 0, 15));

        assertThat(definitions().history("Connection", "third")).extracting(StoredDefinition::version, StoredDefinition::lineOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 15), org.assertj.core.groups.Tuple.tuple(1, 12));
        // the document moved in its file, unchanged: the current version is placed anew, no version is added
        assertThat(definitions().relocate("Connection", "third", 2, 20)).isTrue();
        assertThat(definitions().relocate("Connection", "third", 9, 20)).isFalse();
        assertThat(definitions().find("Connection", "third")).hasValueSatisfying(d -> {
            assertThat(d.version()).isEqualTo(2);
            assertThat(d.lineOffset()).isEqualTo(20);
        });
        assertThat(definitions().rollback("Connection", "third", 1, 2, "tok_b", at(120))).hasValueSatisfying(d -> {
            assertThat(d.version()).isEqualTo(3);
            assertThat(d.lineOffset()).isEqualTo(12);
        });
        assertThat(definitions().find("Sync", "none")).isEmpty();
        assertThat(definitions().save(text("s", "v: 1", null)).lineOffset()).as("a whole file").isZero();
    }

    @Test
    default void rollingBackToAVersionThatNeverExistedChangesNothing() {
        definitions().save(text("s", "v: 1", null));

        assertThat(definitions().rollback("Sync", "s", 7, DefinitionRepository.ANY_VERSION, "tok_b", at(1))).isEmpty();
        assertThat(definitions().history("Sync", "s")).hasSize(1);
    }

    @Test
    default void rollingBackAtAnOutdatedVersionFailsNamingTheCurrentVersion() {
        definitions().save(text("s", "v: 1", null));
        definitions().save(text("s", "v: 2", null));

        assertThatThrownBy(() -> definitions().rollback("Sync", "s", 1, 1, "tok_b", at(1)))
                .isInstanceOf(DefinitionConflictException.class)
                .hasMessageStartingWith("definition Sync 's' is at version 2, not at version 1");
    }

    @Test
    default void deletingADefinitionKeepsItsHistoryAndApplyingItAgainContinuesTheNumbering() {
        definitions().save(text("s", "v: 1", null));
        definitions().save(text("s", "v: 2", null));

        assertThat(definitions().delete("Sync", "s")).isTrue();

        assertThat(definitions().find("Sync", "s")).isEmpty();
        assertThat(definitions().list()).isEmpty();
        assertThat(definitions().history("Sync", "s")).extracting(StoredDefinition::version).containsExactly(2, 1);
        assertThat(definitions().saveIfCurrent(text("s", "v: 3", null), 0).version()).isEqualTo(3);
    }

    @Test
    default void rollingBackADeletedDefinitionRestoresIt() {
        definitions().save(text("s", "v: 1", null));
        definitions().delete("Sync", "s");

        assertThat(definitions().rollback("Sync", "s", 1, 0, "tok_b", at(1))).map(StoredDefinition::version).contains(2);
        assertThat(definitions().find("Sync", "s")).map(StoredDefinition::source).contains("v: 1");
    }

    @Test
    default void deletingAtTheExpectedVersionDeletesAtAnotherFailsAndOfNothingReportsFalse() {
        definitions().save(text("s", "v: 1", null));
        definitions().save(text("s", "v: 2", null));

        assertThatThrownBy(() -> definitions().deleteIfCurrent("Sync", "s", 1))
                .isInstanceOf(DefinitionConflictException.class)
                .hasMessageStartingWith("definition Sync 's' is at version 2, not at version 1");
        assertThat(definitions().find("Sync", "s")).isPresent();
        assertThat(definitions().deleteIfCurrent("Sync", "s", 2)).isTrue();
        assertThat(definitions().deleteIfCurrent("Sync", "s", 2)).isFalse();
    }

    @Test
    default void savingADeletedDefinitionAtItsOldVersionFailsSayingItWasDeleted() {
        definitions().save(text("s", "v: 1", null));
        definitions().delete("Sync", "s");

        assertThatThrownBy(() -> definitions().saveIfCurrent(text("s", "v: 2", null), 1))
                .isInstanceOf(DefinitionConflictException.class)
                .hasMessage("definition Sync 's' was expected at version 1 but no longer exists (it was deleted): apply it as a new definition");
    }

    /** Runs {@code task(0..n-1)} on n threads at once; each outcome is its result or the exception it threw. */
    private static List<Object> race(int n, java.util.function.IntFunction<Object> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Callable<Object>> racers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int racer = i;
                racers.add(() -> {
                    start.await();
                    return task.apply(racer);
                });
            }
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> racer : racers) {
                futures.add(pool.submit(racer));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
