package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.SyncAudit;
import org.junit.jupiter.api.Test;

/** Sync audits: stored running, ended once with counts and report, listed newest first by sync and tenant. Mixed into {@link AbstractStoreContractTest}. */
interface SyncAuditContract extends StoreContract {
    @Test
    default void anAuditIsStoredRunningEndedWithItsReportAndListedNewestFirst() {
        SyncAudit first = new SyncAudit("a1", "crm-to-helpdesk", "acme", "cli", SyncAudit.RUNNING, T0, null, 0, 0, 0, 0, 0, null, null);
        store().syncAudits().insert(first);
        store().syncAudits().insert(new SyncAudit("a2", "crm-to-helpdesk", null, "api", SyncAudit.RUNNING, at(5), null, 0, 0, 0, 0, 0, null, null));
        store().syncAudits().insert(new SyncAudit("a3", "other", "acme", "api", SyncAudit.RUNNING, at(9), null, 0, 0, 0, 0, 0, null, null));
        assertThat(store().syncAudits().find("a1")).contains(first);
        assertThat(first.finished()).isFalse();

        SyncAudit ended = new SyncAudit("a1", "crm-to-helpdesk", "acme", "cli", SyncAudit.DIFFERENCES, T0, at(3), 1_000_001, 999_999, 2, 0, 1,
                "{\"missing\":2}", null);
        store().syncAudits().finish(ended);

        assertThat(store().syncAudits().find("a1")).contains(ended);
        assertThat(store().syncAudits().find("nope")).isEmpty();
        assertThat(store().syncAudits().list("crm-to-helpdesk", null, 10)).extracting(SyncAudit::id).containsExactly("a2", "a1");
        assertThat(store().syncAudits().list(null, "acme", 10)).extracting(SyncAudit::id).containsExactly("a3", "a1");
        assertThat(store().syncAudits().list(null, null, 1)).extracting(SyncAudit::id).containsExactly("a3");
    }
}
