package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.secret.EnvelopeCipher;
import dev.junction.secret.MasterKey;
import dev.junction.store.ConnectionCheck;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.CredentialRepository;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Token refresh claims (one refresher per connection across processes), the bounded history of
 * connection checks, and status updates. Mixed into {@link AbstractStoreContractTest}.
 */
interface ConnectionHealthContract extends StoreContract {
    private CredentialRepository credentials() {
        return store().credentials(new EnvelopeCipher(MasterKey.generate(new SecureRandom()), new SecureRandom()));
    }

    @Test
    default void aRefreshClaimIsHeldByOneHolderUntilReleasedOrExpired() {
        CredentialRepository process1 = credentials();
        CredentialRepository process2 = credentials();

        assertThat(process1.claimRefresh("acme", "crm", "p1", at(0), at(60))).isTrue();
        assertThat(process2.claimRefresh("acme", "crm", "p2", at(1), at(61))).as("held by p1").isFalse();
        assertThat(process2.claimRefresh("acme", "other", "p2", at(1), at(61))).as("another connection").isTrue();
        assertThat(process2.claimRefresh("beta", "crm", "p2", at(1), at(61))).as("another tenant").isTrue();
        assertThat(process1.claimRefresh("acme", "crm", "p1", at(2), at(62))).as("p1 again: extended").isTrue();

        process2.releaseRefresh("acme", "crm", "p2"); // not its claim: nothing happens
        assertThat(process2.claimRefresh("acme", "crm", "p2", at(3), at(63))).isFalse();
        process1.releaseRefresh("acme", "crm", "p1");
        assertThat(process2.claimRefresh("acme", "crm", "p2", at(4), at(64))).isTrue();

        assertThat(process1.claimRefresh("acme", "crm", "p1", at(64), at(124))).as("p2's claim expired at 64").isTrue();
        process2.releaseRefresh("acme", "crm", "p2"); // taken over: p1's stays
        assertThat(process2.claimRefresh("acme", "crm", "p2", at(65), at(125))).isFalse();
    }

    @Test
    default void ofManyHoldersClaimingAtOnceExactlyOneGetsTheClaim() throws Exception {
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String holder = "p" + i;
            CredentialRepository repository = credentials();
            claims.add(() -> repository.claimRefresh("acme", "crm", holder, at(0), at(60)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            int taken = 0;
            for (Future<Boolean> claim : pool.invokeAll(claims)) {
                taken += claim.get() ? 1 : 0;
            }
            assertThat(taken).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void aConnectionKeepsItsNewestChecksOnlyNewestFirst() {
        for (int i = 0; i < 5; i++) {
            store().connectionChecks().record(new ConnectionCheck(0, "crm", "acme", at(i), i == 4 ? "failing" : "ok", i == 4 ? 503 : 200, 10 + i,
                    i == 4 ? "HTTP 503" : null, "schedule"), 3);
        }
        ConnectionCheck other = store().connectionChecks().record(new ConnectionCheck(0, "erp", null, at(9), "needs_reauth", null, 0, "refused", "api"), 3);

        List<ConnectionCheck> checks = store().connectionChecks().list("crm", 10);
        assertThat(checks).extracting(ConnectionCheck::checkedAt).containsExactly(at(4), at(3), at(2));
        assertThat(checks.get(0)).isEqualTo(new ConnectionCheck(checks.get(0).id(), "crm", "acme", at(4), "failing", 503, 14, "HTTP 503", "schedule"));
        assertThat(checks.get(1).httpStatus()).isEqualTo(200);
        assertThat(store().connectionChecks().list("crm", 1)).extracting(ConnectionCheck::checkedAt).containsExactly(at(4));
        assertThat(store().connectionChecks().list("erp", 10)).containsExactly(other);
        assertThat(other.httpStatus()).isNull();

        assertThat(store().connectionChecks().delete("crm")).isEqualTo(3);
        assertThat(store().connectionChecks().list("crm", 10)).isEmpty();
        assertThat(store().connectionChecks().list("erp", 10)).hasSize(1);
    }

    @Test
    default void updatingAStatusKeepsTheRestOfTheConnectionsRecord() {
        store().connections().save(new ConnectionRecord("crm", "acme-crm", "acme", "production", "unknown", null, at(0)));

        assertThat(store().connections().updateStatus("crm", "needs_reauth", "refresh refused", at(5))).isTrue();
        assertThat(store().connections().updateStatus("gone", "ok", null, at(5))).isFalse();

        assertThat(store().connections().find("crm"))
                .contains(new ConnectionRecord("crm", "acme-crm", "acme", "production", "needs_reauth", "refresh refused", at(5)));
        assertThat(store().connections().find("gone")).isEmpty();
    }

    @Test
    default void ofSeveralCallersChangingAStatusAtOnceOneChangesIt() throws Exception {
        store().connections().save(new ConnectionRecord("crm", "acme-crm", "acme", "production", "ok", null, at(0)));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                callers.add(() -> store().connections().changeStatus("crm", "needs_reauth", "refused " + n, at(5)));
            }
            List<Boolean> changed = new ArrayList<>();
            for (Future<Boolean> f : threads.invokeAll(callers)) {
                changed.add(f.get());
            }

            assertThat(changed).as("one transition").containsOnlyOnce(true);
        } finally {
            threads.shutdownNow();
        }
        assertThat(store().connections().find("crm").orElseThrow().status()).isEqualTo("needs_reauth");
        assertThat(store().connections().changeStatus("crm", "needs_reauth", "again", at(6))).as("already so").isFalse();
        assertThat(store().connections().find("crm").orElseThrow().statusDetail()).as("kept").startsWith("refused ");
        assertThat(store().connections().changeStatus("gone", "needs_reauth", "refused", at(6))).isFalse();
        store().connections().save(new ConnectionRecord("erp", "acme-erp", null, null, null, null, at(0)));
        assertThat(store().connections().changeStatus("erp", "needs_reauth", "refused", at(7))).as("from no status").isTrue();
    }
}
