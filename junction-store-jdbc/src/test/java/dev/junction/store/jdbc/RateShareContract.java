package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RateShareRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shared rate budgets' nodes: stamps upserted per budget and node, the other nodes counted within a
 * horizon, stale stamps and a leaving node's deleted. Mixed into {@link AbstractStoreContractTest}.
 */
interface RateShareContract extends StoreContract {
    @Test
    default void countsTheOtherNodesThatStampedABudgetWithinTheHorizon() {
        RateShareRepository shares = store().rateShares();
        shares.seen("node-a", List.of("crm", "erp"), at(0));
        shares.seen("node-b", List.of("crm"), at(3));
        shares.seen("node-c", List.of("crm"), at(10));

        assertThat(shares.others("node-a", at(0))).isEqualTo(Map.of("crm", 2));
        assertThat(shares.others("node-c", at(0))).isEqualTo(Map.of("crm", 2, "erp", 1));
        assertThat(shares.others("node-a", at(4))).as("node-b's stamp is older than the horizon").isEqualTo(Map.of("crm", 1));
        assertThat(shares.others("node-c", at(11))).isEmpty();
    }

    @Test
    default void aNewStampReplacesTheNodesOldOneForThatBudget() {
        RateShareRepository shares = store().rateShares();
        shares.seen("node-b", List.of("crm"), at(0));
        shares.seen("node-b", List.of("crm", "erp"), at(20));
        shares.seen("node-b", List.of(), at(30));

        assertThat(shares.others("node-a", at(20))).isEqualTo(Map.of("crm", 1, "erp", 1));
        assertThat(shares.forgetBefore(at(20))).as("nothing older than the newest stamps").isZero();
    }

    @Test
    default void staleStampsOfEveryNodeAreForgottenAndALeavingNodesAtOnce() {
        RateShareRepository shares = store().rateShares();
        shares.seen("node-a", List.of("crm", "erp"), at(0));
        shares.seen("node-b", List.of("crm"), at(40));
        shares.seen("node-c", List.of("crm"), at(45));

        assertThat(shares.forgetBefore(at(30))).isEqualTo(2);
        assertThat(shares.others("node-x", at(0))).isEqualTo(Map.of("crm", 2));

        shares.leave("node-b");
        assertThat(shares.others("node-x", at(0))).isEqualTo(Map.of("crm", 1));
    }
}
