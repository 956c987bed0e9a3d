package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.BackfillChunk;
import org.junit.jupiter.api.Test;

/** Backfill chunks: stored by run id, listed by backfill in order. Mixed into {@link AbstractStoreContractTest}. */
interface BackfillContract extends StoreContract {
    @Test
    default void aBackfillChunkIsFoundByItsRunAndListedWithItsBackfillInOrder() {
        BackfillChunk second = new BackfillChunk("r2", "b1", "crm-to-erp", "acme", at(10), at(20), 2, 2, T0);
        BackfillChunk first = new BackfillChunk("r1", "b1", "crm-to-erp", "acme", T0, at(10), 1, 2, T0);
        store().backfills().save(second);
        store().backfills().save(first);
        store().backfills().save(new BackfillChunk("r3", "b2", "other", null, T0, at(5), 1, 1, T0));

        assertThat(store().backfills().find("r1")).contains(first);
        assertThat(store().backfills().find("r3").orElseThrow().tenant()).isNull();
        assertThat(store().backfills().find("nope")).isEmpty();
        assertThat(store().backfills().ofBackfill("b1")).containsExactly(first, second);
    }
}
